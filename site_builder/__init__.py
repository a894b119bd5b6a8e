"""site_builder: publishes profiles of exemplary models (điển hình tiên tiến).

Pipeline, one module per stage: load -> validate -> model -> gate -> media ->
pages -> engine (the only module that knows MkDocs) -> build (the pipeline).
"""

__version__ = "0.1.0"
