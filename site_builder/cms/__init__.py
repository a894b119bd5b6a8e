"""The web editor (Decap CMS) at /quan-tri/: takes the profile schema, the taxonomies, site.yml's
`cms:` and the texts in theme/cms.yml; gives the editor's config.yml (`config.py`), the /quan-tri/
folder served from the site itself (`admin.py`) and the local backend for `serve --cms` (`local.py`).
"""
