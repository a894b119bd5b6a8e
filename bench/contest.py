"""Contest benchmark: the writing contest's commands at N entries.

    python bench/contest.py [--sizes 100,1000] [--seed 29]

Issue 29: "Contests receive from a few hundred to over a thousand entries." For each N, on a
copy of the sample content whose contest keeps its contest.md and gets N new entries in place of
its twelve, it
  1. fills the entry workbook that `site-builder contest template` writes with N rows, and makes
     their files: Word articles of about 1,500 words of varied Vietnamese text (python-docx),
     photo entries of two or three small JPEGs, and radio pieces (the sample's MP3, as sent);
  2. times `contest import` (wall, CPU of the command and its children, peak memory);
  3. moves every entry into round 1 (`state: valid`, as the secretariat does in the files) and
     times `contest jury-pack --round 1` (the pack's files and bytes);
  4. fills the three jurors' workbooks of the pack (as tests/contest/test_round_trip.py does)
     and times `contest scores --round 1`;
  5. awards five articles of the ranking (the results published), then times `check` and a
     `build` of the sample content with that contest, against the same build without any contest
     (photos and share images cached, every other cache emptied, as bench/scale.py's cold build).
Each command runs in a fresh `python -m site_builder` process in English (SITE_BUILDER_LANG),
under /usr/bin/time: wall seconds, user + system CPU seconds (the command's workers and
ffprobe included) and the largest resident size among them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docx import Document  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from site_builder.contest.intake_sheet import intake_spec  # noqa: E402
from site_builder.contest.workbook import HEADER_ROW  # noqa: E402

SLUG = "guong-nguoi-tot-quanh-ta-2026"
TODAY = "30/06/2026"  # after the contest's results (20/06/2026): the winners are published
# The commands speak English (their last lines are printed) and run the worktree's code.
ENV = {**os.environ, "SITE_BUILDER_LANG": "en", "PYTHONPATH": str(REPO)}
PHOTO_CACHES = ("media", "share")  # what a "cold" build keeps, as in bench/scale.py
JURORS = ("gk-1", "gk-2", "gk-3")
PRIZES = ("giai-nhat", "giai-nhi", "giai-ba", "khuyen-khich", "khuyen-khich")


# --- Running a command --------------------------------------------------------------------------

class Timed:
    def __init__(self, wall: float, cpu: float, peak_mb: int, out: str):
        self.wall, self.cpu, self.peak_mb, self.out = wall, cpu, peak_mb, out

    def line(self) -> str:
        return f"{self.wall:7.2f} s wall, {self.cpu:7.2f} CPU-s, peak {self.peak_mb:4d} MB"

    def last(self) -> str:
        lines = self.out.strip().splitlines()
        return lines[-1] if lines else ""


def site_builder(*args: str) -> Timed:
    """`python -m site_builder ARGS` in a fresh process under /usr/bin/time."""
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "site_builder", *args]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=ENV)
    said = done.stderr.strip().splitlines()
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): site-builder {' '.join(args)}\n{done.stdout[-3000:]}\n"
                 f"{done.stderr[-3000:]}")
    wall, user, system, kb = said[-1].split()
    return Timed(float(wall), float(user) + float(system), int(kb) // 1024, done.stdout)


# --- The entries' files -------------------------------------------------------------------------

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương Lưu Mai".split()
MIDDLES = "Văn Thị Minh Quốc Thanh Ngọc Hữu Đức Thu Kim Xuân Bảo Gia Mỹ Công".split()
GIVENS = ("An Bình Châu Dũng Giang Hà Hải Hạnh Hiền Hoa Hùng Khánh Lan Linh Long Mai Nam Nga Nhân Phúc "
          "Phương Quang Sơn Tâm Thảo Thắng Thủy Tiến Trang Trung Tú Tuấn Uyên Vân Việt Yến").split()
SUBJECTS = ["ông {name}", "bà {name}", "anh {name}", "chị {name}", "người thầy {name}", "cô giáo {name}",
            "bác sĩ {name}", "cựu chiến binh {name}", "tổ trưởng dân phố {name}", "ngư dân {name}"]
DEEDS = ["mở lớp học tình thương cho trẻ em nghèo", "hiến đất làm đường liên thôn", "cứu người gặp nạn trên biển",
         "giữ rừng phòng hộ suốt mấy chục năm", "nấu cơm miễn phí cho bệnh nhân", "sửa xe không lấy tiền cho học sinh",
         "trồng cây xanh dọc các con hẻm", "vận động bà con bỏ hủ tục", "dạy nghề cho thanh niên chậm tiến",
         "chăm sóc người già neo đơn", "góp công xây cầu qua suối", "giúp nông dân làm nông nghiệp sạch",
         "tìm việc làm cho người khuyết tật", "lập tủ sách cho thôn vùng cao", "hiến máu tình nguyện nhiều lần"]
PLACES = ["con hẻm nhỏ", "bến cá đầu làng", "ngôi trường cũ", "trạm y tế xã", "nương rẫy ven đồi", "xóm chài",
          "khu tái định cư", "chợ phiên", "con đường đất đỏ", "đồi thanh long", "bãi biển mùa gió chướng"]
OPENINGS = ["Sáng nào cũng vậy,", "Nhiều năm trước,", "Ít ai biết rằng,", "Theo lời bà con trong xóm,",
            "Những ngày mưa bão,", "Khi được hỏi vì sao,", "Bây giờ nhìn lại,", "Từ ngày ấy,", "Mỗi dịp lễ, Tết,",
            "Ở tuổi ngoài sáu mươi,"]
MIDDLE_PARTS = ["{who} vẫn lặng lẽ {deed} ở {place}", "{who} cùng thanh niên trong thôn {deed}",
                "chính quyền địa phương ghi nhận việc {who} {deed}", "người dân quen với hình ảnh {who} bên {place}",
                "{who} tự bỏ tiền túi để {deed}", "câu chuyện về {who} được kể lại khắp {place}",
                "{who} nói rằng việc {deed} chẳng có gì to tát"]
ENDINGS = ["không phô trương, năm này qua năm khác.", "dù nhà cũng chẳng khá giả gì.",
           "và nhiều người đã làm theo.", "như một lẽ tự nhiên của người miền biển.",
           "để thế hệ sau có cuộc sống tốt đẹp hơn.", "mà không hề đòi hỏi điều gì.",
           "trong niềm vui của cả xóm.", "giữa những khó khăn chồng chất của vùng quê nghèo."]
HEADINGS = ["Những ngày đầu gian khó", "Việc nhỏ, nghĩa lớn", "Lan tỏa trong cộng đồng", "Niềm vui giản dị",
            "Điều còn trăn trở", "Những người cùng chung tay"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def sentence(rng: random.Random, exemplar: str) -> str:
    who = rng.choice(SUBJECTS).format(name=exemplar)
    middle = rng.choice(MIDDLE_PARTS).format(who=who, deed=rng.choice(DEEDS), place=rng.choice(PLACES))
    return f"{rng.choice(OPENINGS)} {middle} {rng.choice(ENDINGS)}"


def article(rng: random.Random, exemplar: str, words: int) -> list[tuple[str, str]]:
    """(style, text) paragraphs of about `words` words (syllables, as the contest counts them)."""
    blocks: list[tuple[str, str]] = []
    count = 0
    while count < words:
        if len(blocks) % 6 == 3:
            blocks.append(("heading", rng.choice(HEADINGS)))
        paragraph = " ".join(sentence(rng, exemplar) for _ in range(rng.randint(3, 6)))
        blocks.append(("paragraph", paragraph))
        count += len(re.findall(r"\w+", paragraph))
    return blocks


def word_file(path: Path, blocks: list[tuple[str, str]], title: str, author: str) -> None:
    doc = Document()
    doc.core_properties.author = author  # as a sent Word file names its author
    doc.add_heading(title, level=1)
    for style, text in blocks:
        if style == "heading":
            doc.add_heading(text, level=2)
        else:
            doc.add_paragraph(text)
    doc.save(path)


def photo(path: Path, rng: random.Random) -> None:
    """A small JPEG (640 × 480, about 20 kB): a gradient sky and a few shapes."""
    image = Image.new("RGB", (640, 480), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for y in range(0, 480, 8):
        draw.rectangle((0, y, 640, y + 8), fill=(y // 3, 120 + y // 8, 255 - y // 2))
    for _ in range(12):
        x, y = rng.randrange(600), rng.randrange(440)
        draw.ellipse((x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())


def make_entries(n: int, template: Path, workbook: Path, files: Path, rng: random.Random,
                 mp3: bytes) -> dict[str, int]:
    """The template filled with N rows (as the secretariat types them) and their files in `files`;
    returns how many entries of each genre."""
    files.mkdir(parents=True)
    spec = intake_spec()
    book = load_workbook(template)
    sheet = book[spec.data_sheet]
    by_heading = {c.column.heading: c.column.key for c in spec.sheet_cells()}
    column = {by_heading[sheet.cell(1, c).value]: c for c in range(1, sheet.max_column + 1)
              if sheet.cell(1, c).value in by_heading}
    lists = book[spec.sheets["lists"]]
    genres = [lists.cell(r, 1).value for r in range(1, lists.max_row + 1) if lists.cell(r, 1).value]
    localities = [lists.cell(r, 2).value for r in range(1, lists.max_row + 1) if lists.cell(r, 2).value]
    article_genre, radio_genre, photo_genre = genres  # contest.md's order: Bài viết, phát thanh…, Ảnh
    insiders = {"Trần Quang Vinh", "Lê Thị Thu Hà", "Phan Minh Đức", "Hoàng Văn Thắng", "Đinh Thị Mỹ Linh"}
    counts = {"article": 0, "photos": 0, "radio": 0}
    for i in range(n):
        number = i + 1
        author = person(rng)
        while author in insiders:
            author = person(rng)
        exemplar = person(rng)
        title = f"{rng.choice(HEADINGS)}: {rng.choice(DEEDS)} ({number})"
        row = {"title": title, "author": author, "address": f"Số {rng.randint(1, 300)} đường Trần Hưng Đạo, "
                                                             f"{rng.choice(localities)}",
               "phone": f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
               "email": f"tacgia{number:04d}@example.org" if number % 3 else None,
               "exemplar": exemplar, "locality": rng.choice(localities),
               "received": dt.date(2026, 2, 1) + dt.timedelta(days=i % 88),
               "consent": "Có" if number % 5 else "Không"}
        if number % 20 != 7:  # one in twenty not yet confirmed by its locality
            row["verified_by"] = f"UBND {row['locality']}"
            row["verified_on"] = dt.date(2026, 5, 1) + dt.timedelta(days=i % 10)
        if number % 20 == 0:  # one in twenty a radio piece: the sample's MP3, as sent
            row["genre"] = radio_genre
            row["file"] = f"Phat thanh {number:04d} - {author}.mp3"
            (files / row["file"]).write_bytes(mp3)
            counts["radio"] += 1
        elif number % 20 in (3, 10, 16):  # three in twenty photo entries, two or three photos each
            row["genre"] = photo_genre
            names = [f"anh {number:04d}-{k}.jpg" for k in range(1, rng.randint(2, 3) + 1)]
            for name in names:
                photo(files / name, rng)
            row["photos"] = "; ".join(names)
            counts["photos"] += 1
        else:  # an article of 1,200 to 1,900 words
            row["genre"] = article_genre
            row["file"] = f"{title[:40]} - {author}.docx".replace(":", "")
            word_file(files / row["file"], article(rng, exemplar, rng.randint(1200, 1800)), title, author)
            counts["article"] += 1
        for key, value in row.items():
            sheet.cell(number + 1, column[key], value)
    book.save(workbook)
    return counts


# --- Moving the entries through the contest -----------------------------------------------------

def set_states(entries: Path, old: str, new: str) -> int:
    changed = 0
    for path in sorted(entries.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            changed += 1
    return changed


def fill_scores(pack: Path, rng: random.Random) -> list[str]:
    """Each juror's workbook of the pack, every criterion scored (halves, 4 to 10), as a juror
    fills it in Excel; the three jurors roughly agree on an entry."""
    quality: dict[str, float] = {}
    paths = []
    for juror in JURORS:
        path = pack / juror / f"phieu-cham-vong-1-{juror}.xlsx"
        book = load_workbook(path)
        sheet = book.active
        row = HEADER_ROW + 1
        while sheet.cell(row, 1).value:
            code = sheet.cell(row, 1).value
            base = quality.setdefault(code, rng.uniform(5, 9))
            for column in (2, 3, 4):
                sheet.cell(row, column, min(10, max(4, round((base + rng.uniform(-1, 1)) * 2) / 2)))
            row += 1
        book.save(path)
        paths.append(str(path))
    return paths


def award(folder: Path) -> list[str]:
    """The five best-ranked articles whose authors consented and whose exemplars are confirmed
    get the contest's prizes, as the organisers record the jury's decision."""
    import yaml

    ranking = yaml.safe_load((folder / "vong-1.yml").read_text(encoding="utf-8"))["ranking"]
    winners = []
    for ranked in ranking:
        path = folder / "entries" / f"{ranked['code']}.md"
        text = path.read_text(encoding="utf-8")
        if "genre: bai-viet" in text and "consent: true" in text and "verification:" in text:
            prize = PRIZES[len(winners)]
            path.write_text(text.replace("state: valid", f"state: awarded\nprize: {prize}", 1), encoding="utf-8")
            winners.append(ranked["code"])
            if len(winners) == len(PRIZES):
                break
    return winners


# --- Sizes --------------------------------------------------------------------------------------

def tree(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def build_args(content: Path, out: Path, cache: Path) -> list[str]:
    return ["build", "--content", str(content), "--out", str(out), "--today", TODAY, "--cache", str(cache)]


def photo_cache(source: Path, cache: Path) -> Path:
    """A fresh cache holding only the encoded photos and share images of `source` (hard links)."""
    cache.mkdir(parents=True)
    for name in PHOTO_CACHES:
        if (source / name).is_dir():
            subprocess.run(["cp", "-al", str(source / name), str(cache / name)], check=True)
    return cache


def html_pages(out: Path, under: str = "") -> int:
    return sum(1 for _ in (out / under).rglob("*.html")) if (out / under).is_dir() else 0


# --- The benchmark ------------------------------------------------------------------------------

def baseline(work: Path) -> dict:
    """`check` and a cold `build` of the sample content without its contest (the caches' photos
    and share images first made by a warm-up build, kept for every build of the run)."""
    content = work / "content-without"
    shutil.copytree(REPO / "content", content)
    shutil.rmtree(content / "contests")
    warm = work / "cache-warm"
    site_builder(*build_args(content, work / "site-warm", warm))
    shutil.rmtree(work / "site-warm")
    check = site_builder("check", "--content", str(content), "--today", TODAY)
    out = work / "site-without"
    build = site_builder(*build_args(content, out, photo_cache(warm, work / "cache-without")))
    files, size = tree(out)
    result = {"check": check, "build": build, "files": files, "bytes": size, "pages": html_pages(out), "warm": warm}
    shutil.rmtree(out)
    return result


def bench(n: int, work: Path, base: dict, seed: int) -> dict:
    rng = random.Random(seed * 100_003 + n)
    content = work / "content"
    shutil.copytree(REPO / "content", content)
    folder = content / "contests" / SLUG
    mp3 = (folder / "entries" / "GNT-0003.mp3").read_bytes()
    shutil.rmtree(folder / "entries")  # the contest.md stays; its entries and rounds are replaced
    for round_file in folder.glob("vong-*.yml"):
        round_file.unlink()
    cache = work / "cache-contest"  # the commands' recordings cache
    template = work / "nhan-bai-mau.xlsx"
    made = time.perf_counter()
    site_builder("contest", "template", SLUG, str(template), "--content", str(content))
    workbook, files = work / "nhan-bai.xlsx", work / "bai-gui"
    counts = make_entries(n, template, workbook, files, rng, mp3)
    made = time.perf_counter() - made
    _, sent = tree(files)
    r = {"n": n, "counts": counts, "made": made, "sent": sent}

    r["import"] = site_builder("contest", "import", SLUG, str(workbook), "--files", str(files),
                               "--content", str(content), "--cache", str(cache))
    r["entries_files"], r["entries_bytes"] = tree(folder / "entries")
    r["valid"] = set_states(folder / "entries", "state: received", "state: valid")

    pack = work / "pack"
    r["pack"] = site_builder("contest", "jury-pack", SLUG, "--round", "1", "--out", str(pack),
                             "--content", str(content), "--cache", str(cache))
    r["pack_files"], r["pack_bytes"] = tree(pack)
    sheets = fill_scores(pack, rng)
    r["scores"] = site_builder("contest", "scores", SLUG, "--round", "1", "--content", str(content), *sheets)
    r["winners"] = award(folder)

    r["check"] = site_builder("check", "--content", str(content), "--today", TODAY)
    out = work / "site"
    r["build"] = site_builder(*build_args(content, out, photo_cache(base["warm"], work / "cache-build")))
    r["files"], r["bytes"] = tree(out)
    r["pages"], r["contest_pages"] = html_pages(out), html_pages(out, "cuoc-thi")
    return r


def report(r: dict, base: dict) -> None:
    n, c = r["n"], r["counts"]
    print(f"\nN = {n:,}   (load average {os.getloadavg()[0]:.2f})")
    print(f"  entries made        {c['article']:,} articles (Word), {c['photos']:,} photo sets, {c['radio']:,} "
          f"radio pieces (MP3): {r['sent'] / 1e6:.1f} MB sent, made in {r['made']:.1f} s")
    print(f"  contest import      {r['import'].line()}   ({r['import'].wall / n * 1000:.0f} ms an entry; "
          f"{r['entries_files']:,} files, {r['entries_bytes'] / 1e6:.1f} MB written)")
    print(f"  jury-pack round 1   {r['pack'].line()}   ({r['pack_files']:,} files, {r['pack_bytes'] / 1e6:.1f} MB, "
          f"{r['valid']:,} entries × {len(JURORS)} jurors)")
    print(f"  scores round 1      {r['scores'].line()}   (3 workbooks of {r['valid']:,} rows)")
    print(f"  check               {r['check'].line()}   (without the contest: {base['check'].wall:.2f} s wall, "
          f"{base['check'].cpu:.2f} CPU-s)")
    extra = r["build"].wall - base["build"].wall
    print(f"  build               {r['build'].line()}   (without the contest: {base['build'].wall:.2f} s wall, "
          f"{base['build'].cpu:.2f} CPU-s, peak {base['build'].peak_mb} MB)")
    print(f"    the contest adds  {extra:+.2f} s wall, {r['build'].cpu - base['build'].cpu:+.2f} CPU-s, "
          f"{r['pages'] - base['pages']:+,} HTML pages ({r['contest_pages']} under cuoc-thi/: the section's, the "
          f"contest's and {len(r['winners'])} winners'), {r['files'] - base['files']:+,} files, "
          f"{(r['bytes'] - base['bytes']) / 1e6:+.2f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description="contest benchmark")
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--keep", action="store_true", help="keep the work folder (its content, workbooks, files "
                    "and jury packs), to profile a command on them")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-contest-"))
    try:
        base = baseline(work)
        print(f"sample without its contest: check {base['check'].wall:.2f} s, build {base['build'].wall:.2f} s "
              f"({base['pages']:,} HTML pages, {base['files']:,} files)", flush=True)
        for n in (int(s) for s in args.sizes.split(",")):
            run = work / f"n-{n}"
            run.mkdir()
            try:
                report(bench(n, run, base, args.seed), base)
            finally:
                if not args.keep:
                    shutil.rmtree(run, ignore_errors=True)
            sys.stdout.flush()
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
