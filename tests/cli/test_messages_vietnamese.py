"""Every command speaks Vietnamese unless asked for English: the editor's mistakes, run as the
editor runs them (`python -m site_builder …` with no language set), then the exact message.

The `path:line: ` prefix is never translated, so that an editor's tool still jumps to the line;
only the severity after it (lỗi, cảnh báo) and the message are. `--lang en` gives the English
text word for word, as the rest of the suite reads it.
"""

import os
import subprocess
import sys

import pytest
from conftest import REPO, VALID_PROFILE


def run(*args, cwd, lang: str | None = None):
    """The command in a folder of its own (content/ beside it), with no language chosen
    unless `lang` says so: the conftest's SITE_BUILDER_LANG=en and any LANG are removed."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_BUILDER_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(LANG="C.UTF-8", PYTHONIOENCODING="utf-8", PYTHONPATH=str(REPO))
    if lang:
        env["SITE_BUILDER_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def broken(content):
    """One good profile and three with an editor's mistake: a taxonomy code misspelt, a required
    field left out, a date that does not exist."""
    content.profile("tot", VALID_PROFILE)
    content.profile("ma-sai", VALID_PROFILE.replace("name: Nguyễn Thị Hoa", "name: Trần Văn Ba")
                    .replace("[nong-nghiep]", "[nong-nghep]"))
    content.profile("thieu-tom-tat", VALID_PROFILE.replace("name: Nguyễn Thị Hoa", "name: Lê Thị Cúc")
                    .replace("summary: Nông dân sản xuất thanh long VietGAP.\n", ""))
    content.profile("sai-ngay", VALID_PROFILE.replace("name: Nguyễn Thị Hoa", "name: Phạm Văn Dũng")
                    .replace("15/03/2024", "31/02/2024"))
    return content


VIETNAMESE_PROBLEMS = [
    "content/profiles/ma-sai/index.md:5: lỗi: 'fields[1]': không có mã lĩnh vực 'nong-nghep' — "
    "có phải ý bạn là 'nong-nghiep'? (danh sách mã ở taxonomies/fields.yml)",
    "content/profiles/sai-ngay/index.md:9: lỗi: 'submitted': ngày 31/02/2024 không tồn tại: "
    "tháng 2 năm 2024 chỉ có 29 ngày",
    "content/profiles/thieu-tom-tat/index.md:2: lỗi: 'summary' bắt buộc phải có nhưng đang thiếu",
]
ENGLISH_PROBLEMS = [
    "content/profiles/ma-sai/index.md:5: error: 'fields[1]': unknown field code 'nong-nghep' — "
    "did you mean 'nong-nghiep'? (codes are listed in taxonomies/fields.yml)",
    "content/profiles/sai-ngay/index.md:9: error: 'submitted': 31/02/2024 does not exist: "
    "month 2 of 2024 has 29 days",
    "content/profiles/thieu-tom-tat/index.md:2: error: 'summary' is required and missing",
]


def test_check_names_each_mistake_in_vietnamese_after_the_unchanged_file_and_line(broken):
    result = run("check", "--content", "content", cwd=broken.root.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == VIETNAMESE_PROBLEMS
    assert result.stdout == "đã kiểm tra 1 hồ sơ: 3 lỗi, 0 cảnh báo\n"


def test_check_with_lang_en_says_the_same_in_english(broken):
    result = run("check", "--lang", "en", "--content", "content", cwd=broken.root.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ENGLISH_PROBLEMS
    assert result.stdout == "checked 1 profiles: 3 error(s), 0 warning(s)\n"


def test_an_english_language_in_the_environment_gives_english_too(broken):
    assert run("check", "--content", "content", cwd=broken.root.parent, lang="en").stderr.splitlines() \
        == ENGLISH_PROBLEMS


def test_a_content_folder_that_is_not_there(tmp_path):
    vietnamese = run("check", "--content", "noi-dung", cwd=tmp_path)
    assert vietnamese.returncode == 1
    assert vietnamese.stderr == "noi-dung: lỗi: không tìm thấy thư mục nội dung\n"
    assert vietnamese.stdout == "đã kiểm tra 0 hồ sơ: 1 lỗi, 0 cảnh báo\n"
    english = run("check", "--lang", "en", "--content", "noi-dung", cwd=tmp_path)
    assert english.stderr == "noi-dung: error: content folder not found\n"


def test_build_opens_and_closes_in_vietnamese_and_says_what_a_failure_left_unchanged(content):
    content.profile("tot", VALID_PROFILE)
    folder = content.root.parent
    built = run("build", "--content", "content", "--out", "site", "--today", "01/01/2025", cwd=folder)
    assert built.returncode == 0, built.stderr
    lines = built.stderr.splitlines()
    assert lines[0] == "đang dựng site từ content (tính đến ngày 01/01/2025)"
    assert "  đang kiểm tra nội dung" in lines and "  1 hồ sơ công bố, 0 chưa công bố" in lines
    assert built.stdout.startswith("đã dựng ") and built.stdout.endswith(
        ": 1 hồ sơ công bố, 0 chưa công bố, 0 ảnh được xử lý, 0 ấn bản kỷ yếu, 0 cảnh báo\n")

    content.profile("sai-ngay", VALID_PROFILE.replace("name: Nguyễn Thị Hoa", "name: Phạm Văn Dũng")
                    .replace("15/03/2024", "31/02/2024"))
    stopped = run("build", "--content", "content", "--out", "site", "--today", "01/01/2025", cwd=folder)
    assert stopped.returncode == 1
    assert stopped.stderr.splitlines()[-2:] == [
        "content/profiles/sai-ngay/index.md:9: lỗi: 'submitted': ngày 31/02/2024 không tồn tại: "
        "tháng 2 năm 2024 chỉ có 29 ngày",
        "build đã dừng: 1 lỗi, hãy sửa rồi chạy lại; site không bị thay đổi",
    ]
    english = run("build", "--lang", "en", "--content", "content", "--out", "site", "--today", "01/01/2025",
                  cwd=folder)
    assert english.stderr.splitlines()[0] == "building site from content (as of 01/01/2025)"
    assert english.stderr.splitlines()[-1] == "build stopped: 1 problem(s), fix them and run again; site was not changed"


def test_report_warns_and_stops_in_vietnamese(content):
    content.profile("tot", VALID_PROFILE.replace("unit: ubnd-huyen-ham-thuan-bac\n", ""))
    folder = content.root.parent
    made = run("report", "--content", "content", "--year", "2024", "--today", "31/12/2024", cwd=folder)
    assert made.returncode == 0, made.stderr
    assert made.stderr.splitlines()[:2] == [
        "báo cáo chỉ tiêu từ content (tính đến ngày 31/12/2024)",
        "content/profiles/tot/index.md:8: cảnh báo: 'unit': chưa có đơn vị đề nghị, nên hồ sơ này "
        "(nộp ngày 15/03/2024) không được tính vào chỉ tiêu của đơn vị nào; hãy thêm 'unit:' với một mã "
        "trong taxonomies/units.yml",
    ]
    refused = run("report", "--content", "content", "--year", "24", cwd=folder)
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1] == (
        "site-builder report: lỗi: tham số --year: '24' không phải là năm; hãy ghi bốn chữ số, ví dụ 2024")
    stopped = run("report", "--content", "khong-co", "--out", "bao-cao.txt", cwd=folder)
    assert stopped.stderr.splitlines()[-2:] == [
        "khong-co: lỗi: không tìm thấy thư mục nội dung",
        "report đã dừng: 1 lỗi, hãy sửa rồi chạy lại; bao-cao.txt không bị thay đổi",
    ]


def test_yearbook_says_what_is_missing_in_vietnamese(content):
    content.profile("tot", VALID_PROFILE)
    folder = content.root.parent
    wrong_format = run("yearbook", "--content", "content", "--format", "docx", cwd=folder)
    assert wrong_format.returncode == 1
    assert wrong_format.stderr == "lỗi: không có định dạng 'docx'; hãy dùng epub, pdf hoặc epub,pdf\n"
    no_settings = run("yearbook", "--content", "content", "--year", "2024", cwd=folder)
    assert no_settings.returncode == 1
    assert no_settings.stderr.splitlines()[-2:] == [
        "content/yearbook/yearbook.yml: lỗi: thiếu tệp cài đặt kỷ yếu; hãy chép thư mục content/yearbook/ "
        "từ nội dung mẫu rồi sửa lại",
        "yearbook đã dừng: 1 lỗi, hãy sửa rồi chạy lại; chưa ghi tệp nào",
    ]
    english = run("yearbook", "--lang", "en", "--content", "content", "--format", "docx", cwd=folder)
    assert english.stderr == "error: unknown format 'docx'; use epub, pdf or epub,pdf\n"


def test_the_help_is_in_the_language_asked_for(tmp_path):
    assert "kiểm tra toàn bộ nội dung và liệt kê mọi lỗi" in run("--help", cwd=tmp_path).stdout
    assert "coi cảnh báo là lỗi" in run("check", "--help", cwd=tmp_path).stdout
    english = run("check", "--lang", "en", "--help", cwd=tmp_path).stdout
    assert "treat warnings as errors" in english and "coi cảnh báo" not in english
