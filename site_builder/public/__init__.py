"""Stage 2, the editorial gate and the public view: takes `Content` and a date, gives a
`Publication` (only public profiles from here on), each profile's `ProfileView`, the
groupings (by field, movement, kind, locality, year…) and the statistics tables.
"""
