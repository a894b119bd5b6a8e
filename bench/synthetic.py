"""Generate N synthetic profiles for benchmarks: realistic Vietnamese names and
text, every taxonomy used, awards, sources, photos.

    python bench/synthetic.py 1000 /tmp/content-1000 [--photos distinct|shared|none] [--seed 1]

The taxonomies and site settings are copied from the sample content, so the
generated folder is a complete content/ that `site-builder build --content`
accepts. Output is deterministic for a given N, seed and photo mode.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.content.text import slugify  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Trương", "Lương", "Châu", "Mai", "Tô", "Kiều"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Xuân", "Ngọc", "Thanh"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Diệu", "Hồng", "Thúy"]
GIVEN_M = ["Hùng", "Dũng", "Đức", "Long", "Bảy", "Tâm", "Phúc", "Lợi", "Nam", "Sơn", "Thịnh", "Vinh",
           "Khải", "Quý", "Hiếu", "Toàn", "Trung", "Kỳ", "Lực", "Đạt", "Tuấn", "Hải", "Phong", "Thắng"]
GIVEN_F = ["Hoa", "Lan", "Hòa", "Thủy", "Tuyết", "Mai", "Hạnh", "Nguyệt", "Diễm", "Oanh", "Mến", "Yến",
           "Nhung", "Hương", "Trang", "Linh", "Ngân", "Vân", "Phượng", "Thảo", "Loan", "Hằng", "Ánh", "Xuân"]
COLLECTIVES = ["Hợp tác xã", "Trường Tiểu học", "Trạm Y tế xã", "Đội Cảnh sát", "Hội Nông dân xã",
               "Chi đoàn", "Công ty TNHH", "Ban Chỉ huy Quân sự xã", "Hội Phụ nữ xã", "Tổ hợp tác"]
PLACES = ["Hàm Đức", "Phước Hội", "Mũi Né", "Tân Thắng", "Đa Mi", "Ngũ Phụng", "Gia An", "Phú Lạc",
          "Hòa Thắng", "Sông Lũy", "Tân Lập", "Thuận Quý", "Đông Tiến", "Liên Hương", "Chí Công"]
TOPICS = ["thanh long VietGAP", "nuôi trồng thủy sản", "chuyển đổi số", "cải cách hành chính",
          "giảm nghèo bền vững", "bảo vệ môi trường biển", "khuyến học", "phòng cháy chữa cháy",
          "y tế cơ sở", "xây dựng nông thôn mới", "an ninh trật tự", "văn hóa khu dân cư"]
SENTENCES = [
    "Từ năm {y}, {who} đã mạnh dạn áp dụng mô hình {topic}, tạo việc làm ổn định cho {n} lao động địa phương.",
    "Nhờ cách làm bài bản, thu nhập bình quân tăng {p}% so với trước, nhiều hộ trong xóm đến học hỏi.",
    "{who} thường xuyên phối hợp với chính quyền {place} tổ chức các buổi tập huấn, chia sẻ kinh nghiệm.",
    "Không chỉ làm kinh tế giỏi, {who} còn tích cực tham gia công tác an sinh xã hội, hỗ trợ {n} hộ khó khăn.",
    "Mô hình được Hội đồng Thi đua – Khen thưởng đánh giá cao và đề nghị nhân rộng trong toàn tỉnh.",
    "Những ngày mùa vụ, người dân {place} vẫn thấy {who} có mặt từ sáng sớm trên đồng ruộng, bến cá.",
    "Các sáng kiến của {who} đã giúp tiết kiệm hơn {p} triệu đồng mỗi năm cho đơn vị.",
    "Điều đáng quý là tinh thần đoàn kết, sẵn sàng giúp đỡ mọi người, không để ai bị bỏ lại phía sau.",
]


def load_codes(content: Path, name: str) -> list[dict]:
    return yaml.safe_load((content / "taxonomies" / name).read_text(encoding="utf-8"))


def _day(value) -> dt.date | None:
    """A taxonomy date as written: a YAML date, dd/mm/yyyy, or nothing."""
    if value is None or isinstance(value, dt.date):
        return value
    day, month, year = (int(part) for part in str(value).split("/"))
    return dt.date(year, month, day)


def valid_on(entries: list[dict], day: dt.date) -> list[str]:
    """The codes of the entries (localities, units) that existed on `day`: a profile names the place
    and the unit as they were on its submitted date, or the build refuses it."""
    return [e["code"] for e in entries
            if (_day(e.get("valid_from")) or dt.date.min) <= day <= (_day(e.get("valid_to")) or dt.date.max)]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def story(rng: random.Random, who: str, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            s = rng.choice(SENTENCES).format(y=rng.randint(2015, 2022), who=who, topic=rng.choice(TOPICS),
                                              n=rng.randint(5, 120), p=rng.randint(10, 60),
                                              place=rng.choice(PLACES))
            sentences.append(s)
            count += len(s.split())
        paragraphs.append(" ".join(sentences))
        if len(paragraphs) == 2:
            paragraphs.append(f"## {rng.choice(['Cách làm mới', 'Lan tỏa trong cộng đồng', 'Kết quả nổi bật'])}")
    return "\n\n".join(paragraphs) + "\n"


def draw_photo(path: Path, rng: random.Random) -> None:
    image = Image.new("RGB", (1600, 1067), (rng.randint(60, 200), rng.randint(100, 200), rng.randint(150, 255)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randint(0, 1600), rng.randint(300, 1067)
        r = rng.randint(20, 200)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    image.save(path, "JPEG", quality=85)


def generate(count: int, out: Path, photos: str = "shared", seed: int = 1, words: int = 600) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "profiles").mkdir(parents=True)
    shutil.copy(REPO / "content" / "site.yml", out / "site.yml")
    shutil.copytree(REPO / "content" / "taxonomies", out / "taxonomies")
    shutil.copytree(REPO / "content" / "pages", out / "pages")
    fields = [f["code"] for f in load_codes(out, "fields.yml")]
    movements = [m["code"] for m in load_codes(out, "movements.yml")]
    localities = load_codes(out, "localities.yml")
    units = load_codes(out, "units.yml")
    awards = [a["code"] for a in load_codes(out, "awards.yml")]
    stages = ["phat-hien", "boi-duong", "tong-ket", "nhan-rong"]
    pool = out / "photo-pool"
    if photos == "shared":
        pool.mkdir()
        for i in range(20):
            draw_photo(pool / f"{i}.jpg", random.Random(f"pool-{i}"))

    for index in range(count):
        kind = rng.choice(["ca-nhan", "ca-nhan", "tap-the", "ho-gia-dinh"])
        if kind == "ca-nhan":
            name = person_name(rng)
        elif kind == "ho-gia-dinh":
            name = f"Hộ {rng.choice(['ông', 'bà'])} {person_name(rng)}"
        else:
            name = f"{rng.choice(COLLECTIVES)} {rng.choice(PLACES)}"
        folder = out / "profiles" / f"{index:05d}-{slugify(name)}"
        folder.mkdir()
        submitted = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 4 * 365 - 1))
        meta = {
            "id": f"{slugify(name)}-{index:05d}",
            "kind": kind,
            "name": name,
            "summary": f"{name} là điển hình trong lĩnh vực {rng.choice(TOPICS)} tại {rng.choice(PLACES)}.",
            "fields": sorted(set(rng.sample(fields, rng.randint(1, 2)))),
            "movements": sorted(set(rng.sample(movements, rng.randint(1, 2)))),
            "locality": rng.choice(valid_on(localities, submitted)),
            "unit": rng.choice(valid_on(units, submitted)),
            "submitted": submitted.strftime("%d/%m/%Y"),
            "stage": rng.choice(stages),
            "status": "published",
            "consent": {"given": True, "date": submitted.strftime("%d/%m/%Y")},
            "awards": [{
                "award": rng.choice(awards),
                "decision": f"{rng.randint(10, 3999)}/QĐ-UBND",
                "date": (submitted + dt.timedelta(days=rng.randint(10, 200))).strftime("%d/%m/%Y"),
            } for _ in range(rng.randint(1, 3))],
            "achievements": [rng.choice(SENTENCES).format(y=2020, who=name, topic=rng.choice(TOPICS), n=12,
                                                          p=25, place=rng.choice(PLACES)) for _ in range(3)],
            "sources": [{"title": f"Gương sáng {rng.choice(PLACES)}", "publisher": "Báo mẫu Bình Thuận",
                         "url": f"https://example.org/bai-viet/{index}"}],
            "private": {"phone": f"0900 {index:06d}"},
        }
        if photos != "none":
            target = folder / "photo-1.jpg"
            if photos == "shared":
                shutil.copy(pool / f"{index % 20}.jpg", target)
            else:
                draw_photo(target, random.Random(f"photo-{seed}-{index}"))
            meta["photos"] = [{"file": "photo-1.jpg", "alt": f"Ảnh {name}", "caption": f"{name} tại nơi làm việc",
                               "credit": "Ảnh tổng hợp – dữ liệu thử"}]
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        (folder / "index.md").write_text(f"---\n{front}---\n\n{story(rng, name, words)}", encoding="utf-8")
    shutil.rmtree(pool, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--photos", choices=["distinct", "shared", "none"], default="shared",
                    help="distinct: one drawn photo per profile; shared: 20 photos reused; none")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words", type=int, default=600, help="approximate words per story")
    args = ap.parse_args()
    generate(args.count, args.out, args.photos, args.seed, args.words)
    print(f"wrote {args.count} profiles to {args.out}")


if __name__ == "__main__":
    main()
