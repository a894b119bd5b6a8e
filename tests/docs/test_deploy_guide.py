"""docs/huong-dan/dua-trang-len-mang.md shows what `check` really gives for the sample's known
warning, in both CI formats, in Vietnamese; and its links exist."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO
from support.checkers import require_tool

from site_builder.pipeline import finished

GUIDE = REPO / "docs" / "huong-dan" / "dua-trang-len-mang.md"


def check_output(fmt: str) -> str:
    done = subprocess.run([sys.executable, "-m", "site_builder", "check", "--lang", "vi", "--format", fmt],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)


def test_the_guide_shows_the_exact_annotation_line_and_code_quality_report():
    text = GUIDE.read_text(encoding="utf-8")
    annotation = check_output("github")
    assert annotation.startswith("::warning file=content/profiles/kieu-thi-nguyet/index.md,line=14,")
    assert f"```\n{annotation}```" in text
    assert check_output("gitlab") in fenced("json")


def test_the_links_of_the_guide_exist():
    links = re.findall(r"\]\(([^)#:]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert links and all((GUIDE.parent / link).is_file() for link in links)


def shape(line: str, target: str) -> str:
    """A summary line with its target, release name and numbers put aside: what a reader must
    recognise (the words, the units, 0.3 and not 0,3)."""
    return re.sub(r"\d+", "N", line.replace(target, "TARGET"))


def test_the_guides_deploy_summary_is_what_deploy_prints(tmp_path):
    require_tool("rsync")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("trang", encoding="utf-8")
    finished.mark(site, 1)
    command = [sys.executable, "-m", "site_builder", "deploy", "--lang", "vi", "--site", str(site),
               "--to", str(tmp_path / "srv")]
    for _again in range(2):  # the guide shows the second deploy of the same content
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    (shown,) = [line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("đã đưa bản phát hành")]
    assert shape(shown, "deploy@may-chu.example.gov.vn:/srv/trang") == shape(done.stdout.strip(), str(tmp_path / "srv"))


def test_the_ssh_key_is_not_asked_to_be_a_masked_gitlab_variable():
    """GitLab masks only a value of one line in a small alphabet: an SSH private key is refused."""
    for path in (GUIDE, REPO / ".gitlab-ci.yml"):
        key_lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                     if ("khóa" in line or "SSH_KEY" in line) and "File" in line]
        assert key_lines and not [line for line in key_lines if "Masked" in line], path
