"""The only code that names MkDocs or Material: takes `Document`s and a navigation and gives the
built pages in the site's chrome. Another engine replaces this package and theme/overrides.
"""
