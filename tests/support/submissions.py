"""A collective's profile sent by a unit on a date: what the quota report counts."""

from __future__ import annotations


def write_submission(content, folder: str, unit: str | None, submitted: str, status: str) -> None:
    unit_line = f"unit: {unit}\n" if unit else ""
    content.profile(folder, f"kind: tap-the\nname: Tập thể {folder}\nsummary: Tập thể tiêu biểu.\n"
                            f"fields: [nong-nghiep]\nlocality: ham-thuan-bac\n{unit_line}"
                            f"submitted: {submitted}\nstage: phat-hien\nstatus: {status}\n")
