"""WeasyPrint, imported so that it changes nothing else in the process.

Importing WeasyPrint sets Pillow's process-wide `ImageFile.LOAD_TRUNCATED_IMAGES`, which would
let media/photos.py accept a truncated photo later in the same process (a test run, the
preview, a command that makes a PDF and then builds); the setting is put back. Every module
that makes a PDF (the yearbook, an event's official list) imports WeasyPrint through here.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """The weasyprint module; OSError when its system libraries (Pango) cannot be loaded."""
    from PIL import ImageFile

    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        weasyprint = importlib.import_module("weasyprint")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return weasyprint
