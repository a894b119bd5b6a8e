"""Content whose localities change on 1 July 2025, for the tests of pages, statistics and search.

The localities are a piece of the 2025 reorganisation with the codes of the issue's shared
contract: Tỉnh Bình Thuận and two of its districts up to 30/06/2025, Tỉnh Lâm Đồng and the
communes that replaced them from 01/07/2025 (Huyện Hàm Thuận Bắc split among two communes,
Huyện Phú Quý became Đặc khu Phú Quý alone).

`write` puts them into a `ContentFolder`'s localities.yml, as an editor writes them. The
profiles name no unit: units are dated by another part of the issue.
"""

from __future__ import annotations

import datetime as dt

from site_builder.content.load import load_content
from site_builder.content.model import Locality
from site_builder.content.text import format_date
from site_builder.public.gate import Publication, publish

LAST_DAY = dt.date(2025, 6, 30)
CHANGE = dt.date(2025, 7, 1)
TODAY = dt.date(2026, 6, 30)

LOCALITIES = (
    Locality("binh-thuan", "Tỉnh Bình Thuận", short_name="Bình Thuận", level="province", official_code="60",
             valid_to=LAST_DAY, became=("lam-dong",)),
    Locality("ham-thuan-bac", "Huyện Hàm Thuận Bắc", short_name="Hàm Thuận Bắc", level="district",
             official_code="598", valid_to=LAST_DAY, parent="binh-thuan", became=("xa-ham-thuan-bac", "xa-ham-liem")),
    Locality("phu-quy", "Huyện Phú Quý", short_name="Phú Quý", level="district", official_code="604",
             valid_to=LAST_DAY, parent="binh-thuan", became=("dac-khu-phu-quy",)),
    Locality("lam-dong", "Tỉnh Lâm Đồng", short_name="Lâm Đồng", level="province", official_code="68",
             valid_from=CHANGE),
    Locality("xa-ham-thuan-bac", "Xã Hàm Thuận Bắc", official_code="23089", valid_from=CHANGE, parent="lam-dong"),
    Locality("xa-ham-liem", "Xã Hàm Liêm", official_code="23098", valid_from=CHANGE, parent="lam-dong"),
    Locality("dac-khu-phu-quy", "Đặc khu Phú Quý", official_code="23272", valid_from=CHANGE, parent="lam-dong"),
)

# (folder, name, locality, submitted): recognised before, on the eve of and after the change.
PROFILES = (
    ("hoa", "Nguyễn Thị Hoa", "ham-thuan-bac", "15/03/2023"),
    ("bien", "Trần Văn Biển", "phu-quy", "30/06/2025"),
    ("tinh", "Phạm Văn Tỉnh", "binh-thuan", "20/05/2024"),
    ("moi", "Lê Thị Mới", "xa-ham-thuan-bac", "01/07/2025"),
    ("dao", "Võ Thị Đảo", "dac-khu-phu-quy", "10/01/2026"),
)

PROFILE = """
kind: ca-nhan
name: {name}
summary: Nông dân sản xuất giỏi.
fields: [nong-nghiep]
locality: {locality}
submitted: {submitted}
stage: nhan-rong
status: published
consent: {{given: true}}
"""


def _entry(loc: Locality) -> str:
    lines = [f"- code: {loc.code}", f"  name: {loc.name}", f"  level: {loc.level}",
             f"  official_code: '{loc.official_code}'"]
    lines += [f"  short_name: {loc.short_name}"] if loc.short_name else []
    lines += [f"  valid_from: {format_date(loc.valid_from)}"] if loc.valid_from else []
    lines += [f"  valid_to: {format_date(loc.valid_to)}"] if loc.valid_to else []
    lines += [f"  parent: {loc.parent}"] if loc.parent else []
    lines += [f"  became: [{', '.join(loc.became)}]"] if loc.became else []
    return "\n".join(lines) + "\n"


def write(content) -> None:
    """Put the localities and the profiles into a `ContentFolder`."""
    (content.root / "taxonomies" / "localities.yml").write_text("".join(map(_entry, LOCALITIES)), encoding="utf-8")
    for folder, name, locality, submitted in PROFILES:
        content.profile(folder, PROFILE.format(name=name, locality=locality, submitted=submitted))


def load(content, today: dt.date = TODAY) -> Publication:
    """`write`, load and publish on `today`."""
    write(content)
    loaded, problems = load_content(content.root)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    assert loaded.taxonomies.localities == {loc.code: loc for loc in LOCALITIES}
    return publish(loaded, today)
