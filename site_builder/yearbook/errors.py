"""Why a yearbook could not be made; nothing is written then."""

from __future__ import annotations


class YearbookError(Exception):
    """A yearbook that cannot be made; nothing was written.

    `cannot_finish` is False for a content matter (no profile in the period)
    and True when the machine lacks something (WeasyPrint's libraries).
    """

    def __init__(self, message: str, cannot_finish: bool = False):
        super().__init__(message)
        self.cannot_finish = cannot_finish


class NotWellFormed(YearbookError):
    """A document of the EPUB that is not well-formed XML (named with its line and column)."""
