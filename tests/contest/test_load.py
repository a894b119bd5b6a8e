"""A contest is content: contest.md and one file per entry, checked with file:line messages."""

from __future__ import annotations

import datetime as dt

from conftest import SAMPLE_CONTENT
from support.contest import contest_folder, contest_root, edit, entry_file, errors, load, taxonomies  # noqa: F401 (fixtures)


def test_the_sample_contest_reads_without_problems(taxonomies):
    contests, problems = load(SAMPLE_CONTENT, taxonomies)
    assert not problems.items, [str(p) for p in problems.items]
    (contest,) = contests
    assert contest.name == 'Cuộc thi viết "Gương người tốt quanh ta" năm 2026'
    assert [r.name for r in contest.rounds] == ["Sơ khảo", "Chung khảo"]
    assert [c.weight for c in contest.criteria] == [40, 35, 25]
    assert contest.ranking == "trimmed-mean" and len(contest.jury) == 3
    assert contest.committee == ("Hoàng Văn Thắng", "Đinh Thị Mỹ Linh")
    assert len(contest.entries) == 12
    states = {e.code: e.state for e in contest.entries}
    assert states["GNT-0011"] == "invalid" and states["GNT-0012"] == "received"
    # Round 1 judges every valid entry; the final round those moved on and the winners.
    assert len(contest.entries_in_round(1)) == 10
    assert [e.code for e in contest.entries_in_round(2)] == [f"GNT-000{n}" for n in range(1, 7)]
    assert "0912 345 601" in contest.private_values()


def test_a_phone_number_in_a_public_field_is_refused_with_its_line(contest_root, taxonomies):
    path = entry_file(contest_root, 9)
    edit(path, "title: Người thầy thuốc của xóm chài", "title: Người thầy thuốc của xóm chài 0912.345.678")
    contests, problems = load(contest_root, taxonomies)
    assert contests == []
    assert errors(problems) == [(f"{path}:3: error: '0912.345.678' looks like a phone number and would be published; "
                                "move it under 'private:'")]


def test_a_phone_number_in_the_text_is_refused_on_its_own_line(contest_root, taxonomies):
    path = entry_file(contest_root, 9)
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\nGọi cho tác giả: +84 822 331 909.\n"
    path.write_text(text, encoding="utf-8")
    _, problems = load(contest_root, taxonomies)
    line = text.split("\n").index("Gọi cho tác giả: +84 822 331 909.") + 1
    assert errors(problems) == [(f"{path}:{line}: error: '+84 822 331 909' looks like a phone number and would be "
                                "published; move it under 'private:'")]


def test_a_text_over_the_word_limit_must_be_made_invalid(contest_root, taxonomies):
    path = entry_file(contest_root, 10)
    path.write_text(path.read_text(encoding="utf-8") + "chữ " * 2000, encoding="utf-8")
    _, problems = load(contest_root, taxonomies)
    (message,) = errors(problems)
    assert message.startswith(f"{path}:4: error: the text has 2176 words, over the genre's limit of 2000")
    edit(path, "state: valid", "state: invalid\nreason: Vượt quá 2.000 chữ")
    contests, problems = load(contest_root, taxonomies)
    assert not problems.errors and contests


def test_states_need_what_they_imply(contest_root, taxonomies):
    edit(entry_file(contest_root, 11), "reason: Nhân vật không có thật, địa phương không xác nhận\n", "")
    edit(entry_file(contest_root, 6), "verification:", "kiem-tra:")
    edit(entry_file(contest_root, 6), "kiem-tra:\n  by: UBND Xã Đông Giang\n  date: 07/05/2026\n", "")
    edit(entry_file(contest_root, 9), "state: valid", "state: valid\nprize: giai-nhat")
    _, problems = load(contest_root, taxonomies)
    found = "\n".join(errors(problems))
    assert "GNT-0011.md:15: error: 'reason': an invalid entry needs the reason it is invalid" in found
    assert "GNT-0006.md:17: error: 'verification': the locality must confirm" in found
    assert "GNT-0009.md:16: error: 'prize': an awarded entry has its prize" in found


def test_organisers_jurors_duplicates_and_unknown_profiles_are_refused(contest_root, taxonomies):
    edit(entry_file(contest_root, 9), "author: Đoàn Minh Khoa", "author: Phan Minh Duc")  # a juror, without accents
    edit(entry_file(contest_root, 10), "title: Những mùa mưa trên đèo", "title: Bàn tay vàng của xã Hàm Liêm")
    edit(entry_file(contest_root, 10), "author: Nguyễn Văn Sang", "author: Nguyễn Hữu Phước")
    edit(entry_file(contest_root, 4), "profile: pham-van-tho", "profile: pham-van-thoo")
    _, problems = load(contest_root, taxonomies)
    found = "\n".join(errors(problems))
    assert "GNT-0009.md: error: 'author': Phan Minh Duc organises or judges the contest and may not enter it" in found
    assert "GNT-0010.md: error: the same title by the same author as GNT-0002; keep one entry" in found
    assert "GNT-0004.md: error: 'exemplar.profile': no profile has the slug 'pham-van-thoo'" in found


def test_more_winners_than_prizes_and_missing_files_are_refused(contest_root, taxonomies):
    edit(entry_file(contest_root, 6), "state: round\nround: 2", "state: awarded\nprize: giai-nhat")
    (contest_folder(contest_root) / "entries" / "GNT-0008-2.jpg").unlink()
    _, problems = load(contest_root, taxonomies)
    found = "\n".join(errors(problems))
    assert "contest.md: error: 2 entries have the prize 'Giải Nhất', which the contest gives 1 time(s): " \
           "GNT-0001, GNT-0006" in found
    assert "GNT-0008.md:16: error: the file 'GNT-0008-2.jpg' is not in" in found


def test_an_entrys_files_are_its_own_beside_it(contest_root, taxonomies, tmp_path):
    # A path out of entries/ or a link would publish, once the entry wins, a file that is no entry's.
    outside = tmp_path / "ngoai.jpg"
    outside.write_bytes((contest_folder(contest_root) / "entries" / "GNT-0004-1.jpg").read_bytes())
    entries = contest_folder(contest_root) / "entries"
    (entries / "GNT-0004-3.jpg").symlink_to(outside)
    edit(entry_file(contest_root, 4), "  - file: GNT-0004-1.jpg", "  - file: ../../../ngoai.jpg")
    edit(entry_file(contest_root, 4), "  - file: GNT-0004-2.jpg", "  - file: GNT-0004-3.jpg")
    _, problems = load(contest_root, taxonomies)
    assert errors(problems) == [
        f"{entry_file(contest_root, 4)}:{line}: error: '{name}' is not a file of its own beside the entry; copy the "
        f"file into {entries} and give its name only" for line, name in ((19, "../../../ngoai.jpg"),
                                                                        (22, "GNT-0004-3.jpg"))]


def test_a_broken_contest_file_names_its_field(contest_root, taxonomies):
    edit(contest_folder(contest_root) / "contest.md", "ranking: trimmed-mean", "ranking: median")
    contests, problems = load(contest_root, taxonomies)
    assert contests == []
    assert any("'ranking': 'median' is not one of mean, trimmed-mean" in m for m in errors(problems))


def test_a_score_step_is_one_of_the_steps_the_workbook_can_offer(contest_root, taxonomies):
    edit(contest_folder(contest_root) / "contest.md", "score_step: 0.5", "score_step: 0.3")
    contests, problems = load(contest_root, taxonomies)
    assert contests == []
    assert any("'score_step': '0.3' is not one of 1, 0.5, 0.25, 0.1" in m for m in errors(problems)), errors(problems)


def test_an_organiser_reads_the_messages_in_vietnamese(contest_root, taxonomies):
    from site_builder.common.messages import set_language

    edit(entry_file(contest_root, 9), "title: Người thầy thuốc của xóm chài", "title: Gọi 0912345678")
    set_language("vi")
    _, problems = load(contest_root, taxonomies)
    assert errors(problems)[0].endswith(":3: lỗi: '0912345678' trông như số điện thoại và sẽ bị công bố; "
                                        "chuyển nó vào mục 'private:'")


def test_a_phone_number_in_a_jurors_role_is_refused_before_the_results_publish_it(contest_root, taxonomies):
    path = contest_folder(contest_root) / "contest.md"
    edit(path, "    role: Giám khảo\n  - code: gk-3", "    role: Giám khảo (0903 456 789)\n  - code: gk-3")
    edit(path, "name: Giải Khuyến khích", "name: Giải Khuyến khích, gọi 0252.3822.123")
    contests, problems = load(contest_root, taxonomies)
    assert contests == []
    lines = path.read_text(encoding="utf-8").split("\n")
    role = lines.index("    role: Giám khảo (0903 456 789)") + 1
    prize = lines.index("    name: Giải Khuyến khích, gọi 0252.3822.123") + 1
    assert errors(problems) == [
        f"{path}:{prize}: error: '0252.3822.123' looks like a phone number and would be published; move it under "
        "'private:'",
        f"{path}:{role}: error: '0903 456 789' looks like a phone number and would be published; move it under "
        "'private:'"]


def test_a_member_of_the_organising_committee_may_not_enter(contest_root, taxonomies):
    # contest.md's 'organisers' are bodies; 'committee' names the people of the committee and secretariat.
    edit(entry_file(contest_root, 9), "author: Đoàn Minh Khoa", "author: Hoang Van Thang")
    _, problems = load(contest_root, taxonomies)
    assert errors(problems) == [f"{entry_file(contest_root, 9)}: error: 'author': Hoang Van Thang organises or "
                                "judges the contest and may not enter it"]


def test_a_winning_photo_entry_published_with_consent_needs_each_photos_text_alternative(contest_root, taxonomies):
    # GNT-0004 won a prize and its author consented: from the day of the results its photos are
    # published, so each needs its 'alt'. The organisers give it when the entry wins; an intake
    # writes the photos' names only.
    contest = load(contest_root, taxonomies)[0][0]
    path = entry_file(contest_root, 4)
    text = path.read_text(encoding="utf-8")
    block = text[text.index("  - file: GNT-0004-2.jpg"):text.index("consent:")]
    path.write_text(text.replace(block, "  - GNT-0004-2.jpg\n"), encoding="utf-8")  # as the intake writes it
    line = path.read_text(encoding="utf-8").split("\n").index("  - GNT-0004-2.jpg") + 1
    message = (f"{path}:{line}: error: 'photos[2].alt': a winning entry is published with its photos, and each needs "
               "its text alternative for readers who cannot see it; write the photo as '- file: GNT-0004-2.jpg' with "
               "'alt: ' (what it shows) and, if you like, 'caption: ' on the lines under it")
    contests, problems = load(contest_root, taxonomies, today=contest.results_on)
    assert contests == [] and errors(problems) == [message]
    # The day before, a warning says so; the contest's own commands (no date) do not ask for it.
    _, problems = load(contest_root, taxonomies, today=contest.results_on - dt.timedelta(days=1))
    assert errors(problems) == [] and [str(p) for p in problems.warnings] == [
        message.replace(": error:", ": warning:") + " (needed from 20/06/2026, when the results are published)"]
    assert load(contest_root, taxonomies)[1].items == []
    # Without consent, or without a prize, nothing of it is published, and nothing is asked.
    edit(path, "consent: true", "consent: false")
    assert load(contest_root, taxonomies, today=contest.results_on)[1].items == []


def test_a_winning_radio_or_video_piece_published_with_consent_needs_its_captions(contest_root, taxonomies):
    contest = load(contest_root, taxonomies)[0][0]
    path = entry_file(contest_root, 3)
    edit(path, "captions: GNT-0003.vtt\n", "")
    line = path.read_text(encoding="utf-8").split("\n").index("file: GNT-0003.mp3") + 1
    contests, problems = load(contest_root, taxonomies, today=contest.results_on)
    assert contests == [] and errors(problems) == [
        f"{path}:{line}: error: 'captions': a winning radio, TV or video piece is published with its captions, which "
        "deaf readers need; put its .vtt (or .srt) file beside the entry and name it in 'captions:'"]
    # A film, the same; and the captions named are read as a film's are, each mistake on its line.
    (path.parent / "GNT-0003.mp4").write_bytes(b"")
    edit(path, "file: GNT-0003.mp3", "file: GNT-0003.mp4")
    assert "'captions': a winning radio, TV or video piece" in errors(load(contest_root, taxonomies,
                                                                            today=contest.results_on)[1])[0]
    (path.parent / "GNT-0003.vtt").write_text("WEBVTT\n\n00:00:03.000 --> 00:00:01.000\nNgược giờ\n", encoding="utf-8")
    edit(path, "file: GNT-0003.mp4", "file: GNT-0003.mp4\ncaptions: GNT-0003.vtt")
    _, problems = load(contest_root, taxonomies, today=contest.results_on)
    assert [p.path for p in problems.errors] == [str(path.parent / "GNT-0003.vtt")]
    assert problems.errors[0].line == 3


def test_the_photo_and_captions_messages_read_in_vietnamese(contest_root, taxonomies):
    from site_builder.common.messages import set_language

    contest = load(contest_root, taxonomies)[0][0]
    edit(entry_file(contest_root, 4), "    alt: Vườn thanh long trĩu quả đỏ lúc hoàng hôn, ba người đứng giữa các trụ "
         "thanh long\n", "")
    edit(entry_file(contest_root, 3), "captions: GNT-0003.vtt\n", "")
    set_language("vi")
    found = errors(load(contest_root, taxonomies, today=contest.results_on)[1])
    assert found == [
        f"{entry_file(contest_root, 3)}:19: lỗi: 'captions': tác phẩm phát thanh, truyền hình, video đoạt giải được "
        "đăng kèm phụ đề cho người khiếm thính; đặt tệp phụ đề .vtt (hoặc .srt) cạnh bài và ghi tên tệp vào "
        "'captions:'",
        f"{entry_file(contest_root, 4)}:19: lỗi: 'photos[1].alt': bài đoạt giải được đăng kèm ảnh, mỗi ảnh cần lời "
        "mô tả cho người không xem được ảnh; ghi ảnh thành '- file: GNT-0004-1.jpg' và thêm dòng 'alt: ' (ảnh cho "
        "thấy gì), có thể thêm 'caption: ' (chú thích) ở các dòng dưới"]
