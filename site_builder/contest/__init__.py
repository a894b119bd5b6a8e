"""Stage: the writing contest ("Gương người tốt quanh ta", plan section V.6).

Takes content/contests/<slug>/ (contest.md, entries/<code>.md, vong-<n>.yml) with the
taxonomies and the profiles' slugs; gives validated `Contest` records (load), the round's
ranking from the jurors' workbooks (scores, ranking), the jurors' anonymised packs
(jury_pack) and the public view of a contest (public), which the site and the press
stages publish. Nothing here writes a page.
"""
