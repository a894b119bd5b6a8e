"""Stage 4, the website's pages: takes the public view and gives engine-neutral `Document`s and
`PendingPage`s (profiles, listings, sections, home, statistics, free pages, redirects),
rendered by the Jinja templates in theme/templates.
"""
