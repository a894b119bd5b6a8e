"""Stage 7, the yearbook (kỷ yếu): takes the public profiles of a period and gives an EPUB 3
and a tagged A4 PDF, reproducible byte for byte, and the site's page that lists the editions;
takes an event and its public honourees and gives the event's commemorative book, by the same
engine (event_edition.py).
"""
