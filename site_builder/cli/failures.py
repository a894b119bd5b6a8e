"""What went wrong, as an editor reads it: the one translation of exceptions into messages and
exit codes, for every command and for the live preview."""

from __future__ import annotations

from dataclasses import dataclass

from ..common.messages import _
from ..content.diagnostics import ContentError
from ..deploy.target import DeployError
from ..engine.mkdocs import EngineError
from ..pipeline.run import BuildError
from ..yearbook.errors import YearbookError

EXIT_OK, EXIT_CONTENT, EXIT_FAILED = 0, 1, 2


class OptionError(Exception):
    """Options that do not fit together (`--to` before `--from`, an unknown format)."""


@dataclass(frozen=True)
class Failure:
    lines: list[str]  # for stderr, one message a line
    code: int  # the exit code
    reason: str  # for the closing line: "3 problem(s), fix them and run again", or ""
    stopped: bool = True  # False where nothing began (options that do not fit): no closing line


def explain(exc: BaseException) -> Failure | None:
    """The messages and exit code of a known failure; None for anything else (a bug: let it show).

    A content mistake (1) lists every problem as `path:line: error: message`; options that do not
    fit together are 1 too; a run that could not finish for another reason (a lock held, the
    engine, a missing system library, a file that cannot be written) is 2.
    """
    if isinstance(exc, ContentError):
        return Failure([str(p) for p in exc.problems], EXIT_CONTENT,
                       _("{count} problem(s), fix them and run again", count=len(exc.problems)))
    if isinstance(exc, YearbookError):
        return Failure([_("error: {message}", message=exc)], EXIT_FAILED if exc.cannot_finish else EXIT_CONTENT, "")
    if isinstance(exc, OptionError):
        return Failure([_("error: {message}", message=exc)], EXIT_CONTENT, "", stopped=False)
    if isinstance(exc, (BuildError, EngineError, DeployError)):
        return Failure([_("error: {message}", message=exc)], EXIT_FAILED, "")
    if isinstance(exc, OSError):
        return Failure([_("error: cannot write {file}: {reason}", file=exc.filename or "", reason=exc.strerror or exc)],
                       EXIT_FAILED, "")
    return None
