"""The command line as editors use it: messages on stderr, meaningful exit codes."""

import subprocess
import sys

from conftest import REPO, SAMPLE_CONTENT, VALID_PROFILE


def run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_check_passes_on_the_sample():
    result = run("check", "--content", str(SAMPLE_CONTENT))
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout


def test_check_lists_every_problem_and_exits_1(content):
    content.profile("a", VALID_PROFILE.replace("[nong-nghiep]", "[nong-nghep]"))
    content.profile("b", VALID_PROFILE.replace("15/03/2024", "31/02/2023"))
    result = run("check", "--content", str(content.root))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("profiles/a/index.md:5: error: 'fields[1]': unknown field code 'nong-nghep' — "
                             "did you mean 'nong-nghiep'? (codes are listed in taxonomies/fields.yml)")
    assert "profiles/b/index.md:9: error: 'submitted': 31/02/2023 does not exist: month 2 of 2023 has 28 days" in lines[1]
    assert "Traceback" not in result.stderr


def test_strict_turns_warnings_into_errors(content):
    content.profile("a", VALID_PROFILE.replace("consent: {given: true, date: 10/03/2024}\n", ""))
    assert run("check", "--content", str(content.root)).returncode == 0
    assert run("check", "--strict", "--content", str(content.root)).returncode == 1


def test_build_reports_a_summary_and_refuses_bad_content(content, tmp_path):
    content.profile("a", VALID_PROFILE)
    out = tmp_path / "out"
    ok = run("build", "--content", str(content.root), "--out", str(out), "--today", "01/01/2025")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("built ") and "1 profiles published" in ok.stdout
    assert (out / "ho-so" / "nguyen-thi-hoa" / "index.html").is_file()
    content.profile("b", "kind: [broken\n")
    bad = run("build", "--content", str(content.root), "--out", str(out))
    assert bad.returncode == 1
    assert "was not changed" in bad.stderr and "Traceback" not in bad.stderr
    assert (out / "ho-so" / "nguyen-thi-hoa" / "index.html").is_file()


def test_check_list_shows_each_film_and_whether_it_is_public(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    radio = content / "media" / "chuyen-ke-hop-tac-xa-thanh-long" / "index.md"
    radio.write_text(radio.read_text(encoding="utf-8").replace("status: published", "status: published\n"
                                                               "publish_from: 01/01/2030"), encoding="utf-8")
    result = run("check", "--list", "--today", "30/06/2026", "--content", str(content))
    assert result.returncode == 0, result.stderr
    listing = result.stdout.split("Films, radio pieces and photo stories (3):\n")[1]
    assert "phong-su-vuon-thanh-long-vietgap/index.md  Vườn thanh long VietGAP của chị Hoa — public" in listing
    assert "chuyen-ke-hop-tac-xa-thanh-long/index.md  Chuyện kể về hợp tác xã thanh long — embargo until 01/01/2030" \
        in listing
