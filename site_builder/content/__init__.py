"""Stage 1, content: takes the content/ folder (site.yml, taxonomies, profiles, free pages) and
gives a `Content` model of plain frozen dataclasses and every `Problem` found, each naming a
file, a line and the fix. `load.load_content` is the entry point.
"""
