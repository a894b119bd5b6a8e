"""content/events/<slug>.md: an honouring event and its list, each mistake named with its file and line."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import VALID_PROFILE

from site_builder.common.messages import set_language
from site_builder.content.load import load_content

EVENT = """
name: Đại hội Thi đua yêu nước mẫu
kind: dai-hoi-thi-dua-yeu-nuoc
level: tinh
start: 29/09/2025
place: Đà Lạt
organiser: Ủy ban nhân dân tỉnh Lâm Đồng
decision: {{number: 2150/QĐ-UBND, date: 15/09/2025, signer: Chủ tịch UBND tỉnh, issuer: UBND tỉnh Lâm Đồng}}
groups:
  - code: kinh-te
    name: Kinh tế
    fields: [nong-nghiep]
honourees:
{honourees}
"""


def write_event(content, honourees: str, name: str = "dai-hoi-mau", **replace) -> None:
    text = EVENT.format(honourees=textwrap.indent(textwrap.dedent(honourees).strip(), "  "))
    for old, new in replace.items():
        text = text.replace(old, new)
    (content.root / "events").mkdir(exist_ok=True)
    (content.root / "events" / f"{name}.md").write_text(f"---\n{text.strip()}\n---\nMô tả.\n", encoding="utf-8")


def errors(content) -> list[str]:
    _content, problems = load_content(content.root)
    return [str(p) for p in problems.errors]


@pytest.fixture
def with_profile(content):
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    return content


def test_an_event_is_read_with_its_list(with_profile):
    write_event(with_profile, """
    - profile: nguyen-thi-hoa
      role: duoc-ton-vinh
      delegation: Đoàn xã Hàm Thuận Bắc
      group: kinh-te
      award: {award: bang-khen-chu-tich-ubnd-tinh, decision: 99/QĐ-UBND, date: 29/09/2025}
    """)
    loaded, problems = load_content(with_profile.root)
    assert not problems.errors, problems.errors
    (event,) = loaded.events.events
    assert (event.slug, event.start, event.end, event.dates_text) == (
        "dai-hoi-mau", dt.date(2025, 9, 29), dt.date(2025, 9, 29), "29/09/2025")
    (honouree,) = event.honourees
    assert (honouree.profile, honouree.role, honouree.group, honouree.award.award.code) == (
        "nguyen-thi-hoa", "duoc-ton-vinh", "kinh-te", "bang-khen-chu-tich-ubnd-tinh")
    assert loaded.events.terms.on_profile["duoc-ton-vinh"] == "Được tôn vinh tại"


def test_a_site_without_events_needs_no_event_taxonomies(with_profile):
    for name in ("event-kinds.yml", "event-levels.yml", "event-roles.yml"):
        (with_profile.root / "taxonomies" / name).unlink()
    loaded, problems = load_content(with_profile.root)
    assert not problems.errors and loaded.events is None


def test_an_unknown_profile_is_named_with_the_closest_slug(with_profile):
    write_event(with_profile, "- {profile: nguyen-thi-hao, role: duoc-ton-vinh}")
    (message,) = errors(with_profile)
    assert message.endswith("events/dai-hoi-mau.md:14: error: 'honourees[1].profile': no profile has the slug "
                            "'nguyen-thi-hao' — did you mean 'nguyen-thi-hoa'?")


def test_the_same_profile_twice_is_refused_with_the_first_line(with_profile):
    write_event(with_profile, """
    - {profile: nguyen-thi-hoa, role: duoc-ton-vinh}
    - {profile: nguyen-thi-hoa, role: khach-moi}
    """)
    (message,) = errors(with_profile)
    assert message.endswith("dai-hoi-mau.md:15: error: 'honourees[2]': Nguyễn Thị Hoa (nguyen-thi-hoa) is already "
                            "on the list (line 14); an exemplar is listed once per event")


def test_an_unknown_role_or_group_names_the_file_that_lists_them(with_profile):
    write_event(with_profile, "- {profile: nguyen-thi-hoa, role: ton-vinh, group: kinh-tee}")
    found = errors(with_profile)
    assert any(m.endswith("dai-hoi-mau.md:14: error: 'honourees[1].role': unknown role code 'ton-vinh' — did you "
                          "mean 'duoc-ton-vinh'? (codes are listed in taxonomies/event-roles.yml)") for m in found), found
    assert any(m.endswith("dai-hoi-mau.md:14: error: 'honourees[1].group': unknown group code 'kinh-tee' — did you "
                          "mean 'kinh-te'? (codes are listed in the event's 'groups:')") for m in found), found


def test_an_award_at_the_event_is_dated_within_it(with_profile):
    write_event(with_profile, """
    - profile: nguyen-thi-hoa
      role: duoc-khen-thuong
      award: {award: bang-khen-chu-tich-ubnd-tinh, decision: 99/QĐ-UBND, date: 30/09/2025}
    """)
    (message,) = errors(with_profile)
    assert message.endswith("dai-hoi-mau.md:14: error: 'honourees[1].award.date': 30/09/2025 is outside the event "
                            "(29/09/2025 – 29/09/2025); an award given at the event is dated on one of its days")


def test_an_event_before_the_profile_was_submitted_is_refused(with_profile):
    write_event(with_profile, "- {profile: nguyen-thi-hoa, role: duoc-ton-vinh}",
                **{"start: 29/09/2025": "start: 01/03/2024"})
    (message,) = errors(with_profile)
    assert "dai-hoi-mau.md:14: error: 'honourees[1]': the event (01/03/2024) is before Nguyễn Thị Hoa was " \
           "submitted (15/03/2024)" in message


def test_messages_are_in_vietnamese(with_profile):
    write_event(with_profile, "- {profile: nguyen-thi-hoa, role: duoc-ton-vinh}\n- {profile: nguyen-thi-hoa, role: khach-moi}")
    set_language("vi")
    (message,) = errors(with_profile)
    assert "đã có trong danh sách (dòng 14)" in message and "lỗi" in message


def test_an_event_file_name_must_be_a_slug(with_profile):
    write_event(with_profile, "- {profile: nguyen-thi-hoa, role: duoc-ton-vinh}", name="Đại hội")
    (message,) = errors(with_profile)
    assert "Đại hội.md" in message and "dai-hoi-thi-dua-2025.md" in message
