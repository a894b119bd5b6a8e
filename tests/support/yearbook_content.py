"""Content made for the yearbook's tests: what the sample does not have, kept small.

The sample's 41 profiles never put every profile of a field in another field's chapter,
so the tests there could not see the EPUB's empty list (issue 21). `write_varied_content`
writes a content folder with the sample's settings and taxonomies and two editions:

- 2024 (`VARIED_YEAR`), eight public profiles:
  - the chapter "Y tế" holds no profile of its own: the two profiles that name it print
    under their first field (only "see also" entries);
  - "Giáo dục và đào tạo" has exactly one profile;
  - every kind (cá nhân, tập thể, hộ gia đình), with and without members;
  - profiles without photos, one with a portrait photo and a gallery, a photo without
    caption;
  - a profile without a movement (the "other exemplars" group), one with three;
  - a name of the longest length the schema allows (160 characters) and a story of many
    pages with headings, lists, a quotation, a table and a long unbroken address;
- 2023 (`SINGLE_YEAR`): a period with one profile.

Besides them a draft and a profile without consent, each with private values, which no
output may show. The settings have no foreword, no emblem and no place.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

VARIED_YEAR = 2024
SINGLE_YEAR = 2023

LONG_NAME = ("Tập thể Ban Chỉ huy Phòng chống thiên tai, tìm kiếm cứu nạn và phòng thủ dân sự "
             "liên xã vùng ven biển Hàm Tân – La Gi – Hàm Thuận Nam tỉnh Bình Thuận mẫu")
assert len(LONG_NAME) <= 160
LONG_SUMMARY = ("Một tập thể tiêu biểu trong phòng chống thiên tai, tìm kiếm cứu nạn ở vùng ven biển, "
                "nhiều năm liền chủ động sơ tán dân an toàn trước mỗi cơn bão và giúp bà con khôi phục "
                "sản xuất sau thiên tai; được nhân dân tin tưởng, được các cấp khen thưởng. " * 2)[:400].strip()

# The fields the varied edition must open a chapter for, and the one that only points elsewhere.
SEE_ALSO_ONLY_FIELD = "y-te"
ONE_PROFILE_FIELD = "giao-duc-dao-tao"


@dataclass(frozen=True)
class VariedContent:
    root: Path
    varied_names: tuple[str, ...]  # public in VARIED_YEAR
    single_names: tuple[str, ...]  # public in SINGLE_YEAR
    withheld_names: tuple[str, ...]
    private_values: tuple[str, ...]


def _photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A photo with some structure (stripes), so that JPEG has something to encode."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.rectangle((x, 0, x + 15, size[1]), fill=tuple(min(255, c + 60) for c in colour))
    image.save(path, "JPEG", quality=85)


def _long_story() -> str:
    paragraph = ("Trong nhiều năm liền, tập thể đã phối hợp với chính quyền các xã ven biển tổ chức diễn tập "
                 "phòng chống thiên tai, sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước mỗi cơn bão, "
                 "kiểm tra từng tàu cá neo đậu và hướng dẫn bà con gia cố nhà cửa. ")
    parts = []
    for section in range(1, 7):
        parts.append(f"## Giai đoạn {section}: những việc làm cụ thể và kết quả đạt được trong năm\n")
        for _ in range(4):
            parts.append(paragraph * 3 + "\n")
        parts.append("- Tổ chức diễn tập phương án sơ tán dân cư\n- Kiểm tra tàu cá trước mùa mưa bão\n"
                     "- Tập huấn kỹ năng sơ cấp cứu cho lực lượng xung kích\n")
        parts.append("### Bài học kinh nghiệm\n")
        parts.append("> Phòng là chính, chủ động ứng phó, khắc phục kịp thời.\n")
    parts.append("| Năm | Số hộ sơ tán | Số tàu kiểm tra |\n|---|---|---|\n| 2022 | 1.240 | 310 |\n"
                 "| 2023 | 1.580 | 355 |\n")
    parts.append("Tài liệu gốc lưu tại https://example.org/" + "tai-lieu-phong-chong-thien-tai-" * 6 + "\n")
    return "\n".join(parts)


PROFILES: dict[str, tuple[str, str, tuple[tuple[str, tuple[int, int]], ...]]] = {
    # folder: (front matter, story, photos (file, size))
    "ban-chi-huy-lien-xa": (f"""
        kind: tap-the
        name: {LONG_NAME}
        summary: >-
          {LONG_SUMMARY}
        fields: [quoc-phong-an-ninh, y-te, an-sinh-xa-hoi]
        movements: [an-ninh-to-quoc, vi-nguoi-ngheo, nguoi-tot-viec-tot]
        locality: ham-tan
        unit: ubnd-huyen-ham-tan
        submitted: 12/02/{VARIED_YEAR}
        stage: tong-ket
        status: published
        photos:
          - file: doc.jpg
            alt: Lực lượng xung kích mặc áo phao đứng thành hàng trên bờ biển
            caption: Diễn tập sơ tán dân trước mùa mưa bão.
            credit: Ảnh minh họa – dữ liệu thử
          - file: ngang.jpg
            alt: Những chiếc tàu cá neo đậu san sát trong âu thuyền
            credit: Ảnh minh họa – dữ liệu thử
        awards:
          - award: co-thi-dua-ubnd-tinh
            decision: 1001/QĐ-UBND
            date: 20/01/{VARIED_YEAR}
        achievements:
          - Sơ tán an toàn hơn 1.500 hộ dân mỗi mùa mưa bão
          - Không để xảy ra thiệt hại về người trong ba năm liền
        members:
          - name: Nguyễn Văn Thử
            role: Chỉ huy trưởng
          - name: Trần Thị Mẫu
        sources:
          - title: Vững vàng trước bão
            publisher: Báo thử
            url: https://example.org/vung-vang-truoc-bao
            date: 01/03/{VARIED_YEAR}
        corrections:
          - date: 05/03/{VARIED_YEAR}
            text: Sửa số hộ sơ tán.
        private:
          phone: "0900 777 001"
          note: SENTINEL-VARIED-1
        """, _long_story(), (("doc.jpg", (600, 900)), ("ngang.jpg", (960, 540)))),
    "nguyen-thi-mot": (f"""
        kind: ca-nhan
        name: Nguyễn Thị Một
        summary: Giáo viên duy nhất của chương Giáo dục và đào tạo, cũng có tên trong chương Y tế.
        fields: [giao-duc-dao-tao, y-te]
        movements: [hoc-tap-lam-theo-bac]
        locality: phan-thiet
        submitted: 03/04/{VARIED_YEAR}
        stage: phat-hien
        status: published
        consent: {{given: true, date: 01/04/{VARIED_YEAR}}}
        private:
          cccd: "060199000777"
        """, "Cô giáo dạy học ở vùng khó khăn.\n", ()),
    "hop-tac-xa-khong-phong-trao": (f"""
        kind: tap-the
        name: Hợp tác xã Thử Nghiệm
        summary: Hợp tác xã không gắn với phong trào nào, không có ảnh.
        fields: [nong-nghiep]
        submitted: 10/05/{VARIED_YEAR}
        stage: boi-duong
        status: published
        achievements:
          - Liên kết tiêu thụ thanh long cho 120 hộ
        """, "Một câu chuyện ngắn.\n", ()),
    "ho-gia-dinh-le-van-thu": (f"""
        kind: ho-gia-dinh
        name: Hộ gia đình ông Lê Văn Thử
        summary: Hộ gia đình làm kinh tế giỏi, giúp đỡ hàng xóm.
        fields: [nong-nghiep, doi-song-xa-hoi]
        movements: [nong-thon-moi]
        locality: tanh-linh
        submitted: 15/06/{VARIED_YEAR}
        stage: nhan-rong
        status: published
        consent: {{given: true, date: 10/06/{VARIED_YEAR}}}
        photos:
          - file: vuon.jpg
            alt: Vườn sầu riêng xanh tốt của gia đình
            caption: Vườn sầu riêng.
            credit: Ảnh minh họa – dữ liệu thử
        members:
          - name: Lê Văn Thử
            role: Chủ hộ
          - name: Phạm Thị Thử
            role: Vợ
        awards:
          - award: giay-khen-chu-tich-ubnd-huyen
            decision: 55/QĐ-UBND
            date: 01/02/{VARIED_YEAR}
            issuer: Chủ tịch UBND huyện Tánh Linh
        """, "Gia đình ông Thử trồng sầu riêng.\n\n## Chia sẻ kinh nghiệm\n\nÔng hướng dẫn bà con.\n",
        (("vuon.jpg", (800, 600)),)),
    "anh-hung-ngan": (f"""
        kind: ca-nhan
        name: Ân
        summary: Một cái tên một chữ, không ảnh, không địa phương.
        fields: [van-hoa-nghe-thuat-the-duc-the-thao]
        movements: [doi-song-van-hoa]
        submitted: 20/07/{VARIED_YEAR}
        stage: phat-hien
        status: published
        consent: {{given: true}}
        """, "Ngắn.\n", ()),
    "chi-bo-thu": (f"""
        kind: tap-the
        name: Chi bộ Thử
        summary: Chi bộ trong sạch vững mạnh.
        fields: [xay-dung-dang-chinh-quyen-doan-the, y-te]
        movements: [hoc-tap-lam-theo-bac]
        locality: la-gi
        submitted: 01/09/{VARIED_YEAR}
        stage: tong-ket
        status: published
        """, "Chi bộ lãnh đạo tốt.\n", ()),
    "dang-thu-ky": (f"""
        kind: ca-nhan
        name: Đặng Thư Ký
        summary: Một tên bắt đầu bằng Đ, cho bảng tra cứu.
        fields: [cai-cach-hanh-chinh]
        movements: [cai-cach-hanh-chinh]
        submitted: 02/10/{VARIED_YEAR}
        stage: boi-duong
        status: published
        consent: {{given: true}}
        """, "Cải cách thủ tục.\n", ()),
    "uu-tu-tre": (f"""
        kind: ca-nhan
        name: Ưu Tú Trẻ
        summary: Một tên bắt đầu bằng Ư.
        fields: [khoa-hoc-cong-nghe]
        movements: [doi-moi-sang-tao]
        submitted: 11/11/{VARIED_YEAR}
        stage: phat-hien
        status: published
        consent: {{given: true}}
        """, "Sáng kiến.\n", ()),
    # The single-profile period.
    "doi-thu-mot-minh": (f"""
        kind: tap-the
        name: Đội Thử Một Mình
        summary: Hồ sơ duy nhất của năm {SINGLE_YEAR}.
        fields: [thong-tin-truyen-thong]
        movements: [nguoi-tot-viec-tot]
        submitted: 08/08/{SINGLE_YEAR}
        stage: phat-hien
        status: published
        photos:
          - file: doi.jpg
            alt: Các thành viên đội đứng trước trụ sở
            credit: Ảnh minh họa – dữ liệu thử
        """, "Đội làm việc tốt.\n", (("doi.jpg", (640, 480)),)),
    # Never public.
    "ban-nhap-bi-mat": (f"""
        kind: tap-the
        name: Bản Nháp Không Được Hiện
        summary: Bản nháp.
        fields: [y-te]
        submitted: 01/03/{VARIED_YEAR}
        stage: phat-hien
        status: draft
        private:
          note: SENTINEL-DRAFT
        """, "Không được in.\n", ()),
    "chua-dong-y": (f"""
        kind: ca-nhan
        name: Người Chưa Đồng Ý
        summary: Chưa đồng ý công bố.
        fields: [y-te]
        submitted: 01/03/{VARIED_YEAR}
        stage: phat-hien
        status: published
        consent: {{given: false}}
        private:
          phone: "0900 777 999"
        """, "Không được in.\n", ()),
}

SETTINGS = f"""\
title: Kỷ yếu thử nghiệm
file_name: ky-yeu-thu
publisher: Hội đồng Thi đua – Khen thưởng tỉnh Thử
editions:
  - year: {SINGLE_YEAR}
    title: Ấn bản một hồ sơ
"""


def write_varied_content(root: Path, sample_content: Path) -> VariedContent:
    """Write the content folder at `root` (which must not exist) and say what it holds."""
    root.mkdir(parents=True)
    shutil.copy(sample_content / "site.yml", root / "site.yml")
    shutil.copytree(sample_content / "taxonomies", root / "taxonomies")
    (root / "yearbook").mkdir()
    (root / "yearbook" / "yearbook.yml").write_text(SETTINGS, encoding="utf-8")
    for number, (folder, (front_matter, story, photos)) in enumerate(PROFILES.items()):
        where = root / "profiles" / folder
        where.mkdir(parents=True)
        (where / "index.md").write_text(f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{story}",
                                        encoding="utf-8")
        for index, (name, size) in enumerate(photos):
            _photo(where / name, size, (30 + 20 * number, 90 + 30 * index, 120))
    names = {folder: _front(front, "name") for folder, (front, _, _) in PROFILES.items()}
    return VariedContent(
        root=root,
        varied_names=tuple(n for f, n in names.items() if f not in ("doi-thu-mot-minh", "ban-nhap-bi-mat",
                                                                     "chua-dong-y")),
        single_names=(names["doi-thu-mot-minh"],),
        withheld_names=(names["ban-nhap-bi-mat"], names["chua-dong-y"]),
        private_values=("0900 777 001", "SENTINEL-VARIED-1", "060199000777", "SENTINEL-DRAFT", "0900 777 999"),
    )


def _front(front_matter: str, key: str) -> str:
    for line in textwrap.dedent(front_matter).splitlines():
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].strip()
    raise KeyError(key)


def edition_dates(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
