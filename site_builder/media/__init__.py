"""Stage 3, images: takes photos and gives their renditions (JPEG and WebP at three widths, no
metadata), cached by content hash; draws the share cards and holds the text layout both the
cards and the yearbook cover use.
"""
