"""A collective's profile sent by a unit on a date: what the quota report counts."""

from __future__ import annotations

import datetime as dt

from site_builder.content.text import parse_date

# Hàm Thuận Bắc as it was on the day: the district up to 30/06/2025, the commune from 01/07/2025
# (a profile's locality must be valid on its submitted date).
_COMMUNES_FROM = dt.date(2025, 7, 1)


def write_submission(content, folder: str, unit: str | None, submitted: str, status: str) -> None:
    unit_line = f"unit: {unit}\n" if unit else ""
    locality = "xa-ham-thuan-bac" if parse_date(submitted) >= _COMMUNES_FROM else "ham-thuan-bac"
    content.profile(folder, f"kind: tap-the\nname: Tập thể {folder}\nsummary: Tập thể tiêu biểu.\n"
                            f"fields: [nong-nghiep]\nlocality: {locality}\n{unit_line}"
                            f"submitted: {submitted}\nstage: phat-hien\nstatus: {status}\n")
