"""Stage 6, for journalists and re-users: takes the public view and the page plan and gives the
open data files, Atom feeds, share cards, the press and data pages, every page's head tags
(Open Graph, JSON-LD), the sitemap and robots.txt.
"""
