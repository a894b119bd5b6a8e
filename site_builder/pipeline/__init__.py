"""The pipeline: runs the stages in order (content, gate, media, pages, search, yearbook, press,
engine) and gives the output folder, changed only when every file of the build is ready;
the writer that refuses two outputs on one path, and the lock.
"""
