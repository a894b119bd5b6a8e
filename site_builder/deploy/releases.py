"""A deploy and a rollback, step by step (the package's docstring says why each step).

The steps on the target are one small POSIX shell script (`RELEASES_SCRIPT`), run by `sh` here
for a local folder or by the server's `sh` over SSH: the same steps, tested the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..common.messages import _
from ..pipeline import finished
from .target import DeployError, Target

Progress = Callable[[str], None]

# $1 the step, $2 the target folder, then the step's arguments. Exit codes 3 and 4: no release
# to roll back from or to (said in Vietnamese by `rollback`).
RELEASES_SCRIPT = r"""
set -eu
step=$1; root=$2; releases="$root/releases"

current_release() {
    if [ -L "$root/current" ]; then basename "$(readlink "$root/current")"; fi
}

switch_to() {  # one rename: a reader gets the old release or the new one
    link="$root/.current-$1.tmp"
    rm -f "$link"
    ln -s "releases/$1" "$link"
    mv -T "$link" "$root/current"
}

case $step in
prepare)  # the folders; what a deploy cut short or a rollback left; the release live now
    mkdir -p "$releases"
    chmod 0755 "$root" "$releases"
    rm -rf "$releases"/.partial-* "$releases"/.rolled-back-* "$root"/.current-*.tmp
    live=$(current_release)
    if [ -n "$live" ]; then  # named after the live one: a deploy killed before its switch, never live
        for never in $(ls -1 "$releases" | sort | awk -v live="$live" '$0 > live'); do rm -rf "${releases:?}/$never"; done
    fi
    echo "$live"
    ;;
finish)  # $3 the release sent, $4 how many releases to keep
    mv "$releases/.partial-$3" "$releases/$3"
    switch_to "$3"
    removed=0
    for old in $(ls -1 "$releases" | sort -r | tail -n +$(($4 + 1))); do
        if [ "$old" != "$3" ]; then rm -rf "${releases:?}/$old"; removed=$((removed + 1)); fi
    done
    echo "$removed"
    ;;
rollback)
    current=$(current_release)
    [ -n "$current" ] || exit 3
    previous=$(ls -1 "$releases" | sort | awk -v live="$current" '$0 < live' | tail -n 1)
    [ -n "$previous" ] || exit 4
    switch_to "$previous"
    # The release left is set aside (the next deploy removes it): no later rollback goes back to it.
    mv "$releases/$current" "$releases/.rolled-back-$current"
    echo "$previous"
    ;;
esac
"""

STEP_SECONDS = 600  # a step on the target is a few renames; longer means the server is stuck

# rsync's --stats lines that the summary reads.
_STATS = {
    "files": re.compile(r"Number of regular files transferred: ([\d,.]+)"),
    "total": re.compile(r"Number of files: [\d,.]+ \(reg: ([\d,.]+)"),
    "bytes": re.compile(r"Total bytes sent: ([\d,.]+)"),
}
_PERCENT = re.compile(r"\s(\d{1,3})%\s")


@dataclass
class DeploySummary:
    release: str
    previous: str  # the release live before, "" for a first deploy
    files: int = 0  # files of the site
    files_sent: int = 0  # the others were hard-linked from the previous release
    bytes_sent: int = 0
    removed: int = 0  # old releases removed
    seconds: float = 0.0


RELEASE_NAME = "%Y%m%d-%H%M%S-%f"


def release_name(now: dt.datetime, live: str = "") -> str:
    """Sorted by time as text: the release before another is the one whose name sorts before. A
    new release is named after the `live` one even from a machine whose clock is behind, or the
    order that rollbacks follow (and a deploy's clearing of releases never live) would be wrong."""
    try:
        after_live = dt.datetime.strptime(live, RELEASE_NAME).replace(tzinfo=now.tzinfo) + dt.timedelta(microseconds=1)
    except ValueError:  # no live release, or one not named by a deploy
        return now.strftime(RELEASE_NAME)
    return max(now, after_live).strftime(RELEASE_NAME)


def _run_step(target: Target, *arguments: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(target.shell(arguments[0], target.path, *arguments[1:]), input=RELEASES_SCRIPT,
                              capture_output=True, text=True, timeout=STEP_SECONDS)
    except FileNotFoundError as exc:
        raise DeployError(_("{program} is not installed here", program=exc.filename)) from None
    except subprocess.TimeoutExpired:
        raise DeployError(_("on {target}, step '{step}' did not finish within {seconds} s", target=target,
                            step=arguments[0], seconds=STEP_SECONDS)) from None


def _step(target: Target, *arguments: str) -> str:
    done = _run_step(target, *arguments)
    if done.returncode != 0:
        raise DeployError(_("on {target}, step '{step}' failed ({code}): {reason}", target=target,
                            step=arguments[0], code=done.returncode, reason=done.stderr.strip() or "-"))
    return done.stdout.strip()


def deploy(site: Path, target: Target, keep: int, progress: Progress,
           now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> DeploySummary:
    """Send `site` as a new release of `target` and make it the live one."""
    if keep < 1:
        raise DeployError(_("--keep must be 1 or more: the live release is always kept"))
    reason = finished.unfinished_reason(site)
    if reason is not None:
        raise DeployError(_("{reason}; nothing was deployed", reason=reason))
    started = time.perf_counter()
    previous = _step(target, "prepare")
    summary = DeploySummary(release=release_name(now(), previous), previous=previous)
    progress(_("sending {site} to {target} as release {release} ({previous})", site=site, target=target,
               release=summary.release, previous=_("unchanged files linked from release {release}",
                                                   release=previous) if previous else _("a first release")))
    stats = _rsync(site, target, f"releases/.partial-{summary.release}", previous, progress)
    summary.files, summary.files_sent, summary.bytes_sent = stats["total"], stats["files"], stats["bytes"]
    summary.removed = int(_step(target, "finish", summary.release, str(keep)) or 0)
    summary.seconds = time.perf_counter() - started
    return summary


def rollback(target: Target) -> str:
    """Make the release before the live one live again; returns its name."""
    done = _run_step(target, "rollback")
    if done.returncode == 3:
        raise DeployError(_("{target} has no live release to roll back from", target=target))
    if done.returncode == 4:
        raise DeployError(_("{target} has no release before the live one (it was the first, or the older "
                            "ones were removed: see --keep)", target=target))
    if done.returncode != 0:
        raise DeployError(_("on {target}, step '{step}' failed ({code}): {reason}", target=target, step="rollback",
                            code=done.returncode, reason=done.stderr.strip() or "-"))
    return done.stdout.strip()


def rsync_command(site: Path, target: Target, folder: str, previous: str) -> list[str]:
    # A file is the previous release's when its bytes are (--checksum), never by rsync's quick check
    # of size and time: a page rebuilt within the same second at the same size (one digit changed)
    # is new. Times are not kept (no --times): a CI build writes every file anew, and a file whose
    # bytes did not change is still linked, not sent; on the server a file's time is when its
    # bytes were first deployed.
    command = ["rsync", "--recursive", "--links", "--perms", "--chmod=D0755,F0644", "--checksum",
               "--stats", "--info=progress2", "--no-inc-recursive"]
    if previous:
        command.append(f"--link-dest=../{previous}")  # relative to the folder being filled
    if target.remote:
        command += ["-e", shlex.join(target.ssh_command())]
    return [*command, f"{site}/", target.rsync_path(folder)]


def _rsync(site: Path, target: Target, folder: str, previous: str, progress: Progress) -> dict[str, int]:
    """Run rsync, saying its progress every tenth; its --stats as numbers."""
    try:
        process = subprocess.Popen(rsync_command(site, target, folder, previous), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise DeployError(_("{program} is not installed here", program="rsync")) from None
    assert process.stdout is not None and process.stderr is not None
    stdout = process.stdout
    received, said = b"", -10
    # --info=progress2 rewrites one line with carriage returns: each piece read is searched.
    for chunk in iter(lambda: stdout.read1(65536), b""):  # type: ignore[attr-defined]  # a BufferedReader
        received += chunk
        percents = _PERCENT.findall(chunk.decode("utf-8", "replace"))
        if percents and int(percents[-1]) >= said + 10:
            said = int(percents[-1]) // 10 * 10
            progress(_("sent: {percent}%", percent=percents[-1]))
    errors = process.stderr.read().decode("utf-8", "replace")
    if process.wait() != 0:
        raise DeployError(_("rsync to {target} failed ({code}): {reason}", target=target, code=process.returncode,
                            reason=errors.strip() or "-"))
    text = received.decode("utf-8", "replace")
    stats = {}
    for name, pattern in _STATS.items():
        found = pattern.search(text)
        if found is None:  # before the switch: the live site stays as it is
            raise DeployError(_("rsync did not give its statistics (--stats); rsync 3.1 or later is needed here"))
        stats[name] = int(re.sub(r"[,.]", "", found[1]))
    if errors.strip():
        print(errors.strip(), file=sys.stderr)
    return stats
