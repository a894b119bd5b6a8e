"""A collective's profile sent by a unit on a date: what the quota report counts."""

from __future__ import annotations

import datetime as dt

# The sample's Huyện Hàm Thuận Bắc ended on 30/06/2025; Xã Hàm Thuận Bắc is there from 01/07/2025.
REORGANISED = dt.date(2025, 7, 1)


def write_submission(content, folder: str, unit: str | None, submitted: str, status: str) -> None:
    unit_line = f"unit: {unit}\n" if unit else ""
    day, month, year = (int(part) for part in submitted.split("/"))
    locality = "xa-ham-thuan-bac" if dt.date(year, month, day) >= REORGANISED else "ham-thuan-bac"
    content.profile(folder, f"kind: tap-the\nname: Tập thể {folder}\nsummary: Tập thể tiêu biểu.\n"
                            f"fields: [nong-nghiep]\nlocality: {locality}\n{unit_line}"
                            f"submitted: {submitted}\nstage: phat-hien\nstatus: {status}\n")
