"""Stage 5, search: takes the public profiles and gives a Pagefind index (built in shards,
merged exactly), its Vietnamese folding rules and the search page.
"""
