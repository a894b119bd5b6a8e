"""site_builder: publishes profiles of exemplary models (điển hình tiên tiến).

One subpackage per stage, in the order a build runs them:

    content -> public -> media -> site -> search -> press -> yearbook -> engine
    (read,     (gate,     (photos, (pages)  (index)   (open data, (EPUB,     (MkDocs,
     check)     views)     cards)                      feeds)      PDF)       the only one)

`build` runs them; `cli` holds the commands; `council` makes the quota report;
`common` is what every stage stands on. A stage imports only the ones before it.
"""

__version__ = "0.1.0"
