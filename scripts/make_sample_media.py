#!/usr/bin/env python3
"""Make the sample films, radio piece and photo story under content/media/, and the winning radio
piece of the sample writing contest (content/contests/…/entries/GNT-0003.mp3, with its captions).

Like the rest of the sample content they are FICTIONAL: the pictures are ffmpeg's test patterns
and the sample photos (drawn scenes, never a photograph of anyone), the voice is espeak-ng's
Vietnamese synthesis reading a made-up text, and the programmes are invented. Each spoken
sentence is synthesised on its own, so its caption's times are the sentence's real times.

Needs ffmpeg and espeak-ng (Debian packages; scripts/setup.sh --test installs espeak-ng). The
output is committed: a build needs neither this script nor espeak-ng. Run it again after changing
a text here; the files come out byte for byte the same (ffmpeg's bitexact flags).

Usage:
    python scripts/make_sample_media.py [CONTENT_DIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]
GAP = 0.3  # seconds of silence between two sentences

FILM = {
    "slug": "phong-su-vuon-thanh-long-vietgap",
    "sentences": [
        "Đây là phóng sự mẫu, hư cấu, để trình diễn trang.",
        "Chị Hoa kiểm tra vườn thanh long VietGAP mỗi sáng.",
        "Chị hướng dẫn bà con trong xã ủ phân hữu cơ.",
    ],
    "front_matter": """kind: video
title: Vườn thanh long VietGAP của chị Hoa
summary: >-
  Phóng sự truyền hình mẫu (hư cấu) về cách chị Nguyễn Thị Hoa trồng thanh long theo VietGAP
  và hướng dẫn bà con trong xã làm theo.
programme: nguoi-tot-viec-tot-truyen-hinh
aired: 16/03/2024
file: phong-su.mp4
captions: phu-de.vtt
credits:
  - role: Phóng viên
    name: Trần Minh (tên mẫu)
  - role: Quay phim
    name: Lê Văn Tâm (tên mẫu)
  - role: Dựng phim
    name: Phạm Thu (tên mẫu)
rights:
  holder: Đài Phát thanh – Truyền hình tỉnh (mẫu)
  permission: Văn bản đồng ý số 12/ĐPTTH ngày 20/03/2024 cho phép đăng lại trên trang (mẫu)
profiles: [nguyen-thi-hoa]
status: published
consent:
  given: true
  date: 10/03/2024
""",
}

RADIO = {
    "slug": "chuyen-ke-hop-tac-xa-thanh-long",
    "sentences": [
        "Đây là chương trình phát thanh mẫu, hư cấu.",
        "Hợp tác xã thanh long giúp các hộ bán hàng ổn định.",
        "Mỗi năm hợp tác xã mở lớp tập huấn cho xã viên.",
    ],
    "front_matter": """kind: audio
title: Chuyện kể về hợp tác xã thanh long
summary: >-
  Chương trình phát thanh mẫu (hư cấu) kể về hợp tác xã thanh long giúp xã viên bán hàng ổn định.
programme: guong-sang-giua-doi-thuong
aired: 05/04/2024
file: chuong-trinh.mp3
captions: phu-de.srt
credits:
  - role: Biên tập viên
    name: Ngô Lan (tên mẫu)
  - role: Kỹ thuật viên
    name: Đỗ Hùng (tên mẫu)
rights:
  holder: Đài Phát thanh – Truyền hình tỉnh (mẫu)
  permission: Văn bản đồng ý số 15/ĐPTTH ngày 08/04/2024 cho phép đăng lại trên trang (mẫu)
profiles: [hop-tac-xa-thanh-long-ham-thuan-bac]
status: published
consent:
  given: true
  date: 01/04/2024
""",
}

PHOTO_STORY = {
    "slug": "mot-ngay-cung-doi-canh-sat-pccc",
    "photos": [("doi-canh-sat-pccc-la-gi", "photo-1.jpg", "anh-1.jpg"),
               ("doi-canh-sat-pccc-la-gi", "photo-2.jpg", "anh-2.jpg")],
    "front_matter": """kind: photo-story
title: Một ngày cùng Đội Cảnh sát PCCC
summary: >-
  Phóng sự ảnh mẫu (hư cấu): một ngày tập luyện và tuyên truyền phòng cháy của đội.
programme: phong-su-anh-bao-tinh
aired: 22/05/2024
credits:
  - role: Ảnh
    name: Vũ An (tên mẫu)
  - role: Biên tập
    name: Hà My (tên mẫu)
rights:
  holder: Báo tỉnh (mẫu)
  permission: Thỏa thuận đăng lại số 3/BT ngày 25/05/2024 (mẫu)
profiles: [doi-canh-sat-pccc-va-cnch-khu-vuc-la-gi]
status: published
consent:
  given: true
  date: 20/05/2024
photos:
  - file: anh-1.jpg
    alt: Cảnh đồi, cánh đồng và vài người được vẽ đơn giản dưới bầu trời xanh
    caption: Buổi sáng, đội kiểm tra phương tiện trước giờ tập luyện.
    credit: Ảnh minh họa – dữ liệu mẫu
  - file: anh-2.jpg
    alt: Cảnh vẽ đơn giản vài người đứng trước dãy nhà thấp
    caption: Buổi chiều, cán bộ đội tuyên truyền phòng cháy cho bà con trong khu phố.
    credit: Ảnh minh họa – dữ liệu mẫu
""",
}


# The sample contest's winning radio piece, as an entrant sends it: an MP3 whose ID3 tags name its
# author and her phone (the site publishes it without them), with its WebVTT captions.
CONTEST_PIECE = {
    "entry": Path("contests") / "guong-nguoi-tot-quanh-ta-2026" / "entries" / "GNT-0003",
    "sentences": [
        "Đây là tác phẩm phát thanh mẫu, hư cấu.",
        "Tàu cứu nạn rời cảng giữa đêm biển động.",
        "Các thuyền viên đưa mười hai ngư dân về bờ an toàn.",
    ],
    "tags": {"artist": "Đặng Quốc Bảo", "comment": "0903 112 203"},
}


def run(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def duration(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return float(out)


def narrate(sentences: list[str], work: Path) -> tuple[Path, list[tuple[float, float, str]]]:
    """One WAV of every sentence with a short silence between; each sentence's start and end."""
    parts, cues, clock = [], [], 0.0
    silence = work / "silence.wav"
    run("ffmpeg", "-y", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-t", str(GAP), silence.as_posix())
    for number, sentence in enumerate(sentences):
        wav = work / f"sentence-{number}.wav"
        run("espeak-ng", "-v", "vi", "-s", "150", "-w", wav.as_posix(), sentence)
        length = duration(wav)
        cues.append((clock, clock + length, sentence))
        clock += length + GAP
        parts += [wav, silence]
    listing = work / "parts.txt"
    listing.write_text("".join(f"file '{p.as_posix()}'\n" for p in parts))
    joined = work / "narration.wav"
    run("ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", listing.as_posix(), "-c", "copy", joined.as_posix())
    return joined, cues


def stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}{separator}{millis % 1000:03d}"


def write_item(folder: Path, front_matter: str, body: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")


def main(content: Path) -> None:
    media = content / "media"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # The film: a test pattern, 480x270, with the narration.
        folder = media / FILM["slug"]
        write_item(folder, FILM["front_matter"])
        narration, cues = narrate(FILM["sentences"], work)
        run("ffmpeg", "-y", "-f", "lavfi", "-i", "testsrc=size=480x270:rate=15", "-i", narration.as_posix(),
            "-t", f"{duration(narration):.3f}", "-c:v", "libx264", "-preset", "medium", "-crf", "32", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "32k", "-ac", "1", *BITEXACT, "-movflags", "+faststart",
            (folder / "phong-su.mp4").as_posix())
        (folder / "phu-de.vtt").write_text(
            "WEBVTT\n\n" + "\n\n".join(f"{stamp(a, '.')} --> {stamp(b, '.')}\n{text}" for a, b, text in cues) + "\n",
            encoding="utf-8")
        # The radio piece: the narration over a quiet tone, as MP3, with SRT captions as a station sends them.
        folder = media / RADIO["slug"]
        write_item(folder, RADIO["front_matter"])
        narration, cues = narrate(RADIO["sentences"], work)
        run("ffmpeg", "-y", "-i", narration.as_posix(), "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=22050",
            "-filter_complex", "[1]volume=0.03[tone];[0][tone]amix=inputs=2:duration=first[out]", "-map", "[out]",
            "-c:a", "libmp3lame", "-b:a", "32k", "-ac", "1", *BITEXACT, "-write_xing", "0", "-id3v2_version", "0",
            (folder / "chuong-trinh.mp3").as_posix())
        (folder / "phu-de.srt").write_text(
            "\n".join(f"{n}\n{stamp(a, ',')} --> {stamp(b, ',')}\n{text}\n" for n, (a, b, text) in enumerate(cues, 1)),
            encoding="utf-8")
        # The contest's winning radio piece, beside its entry.
        entry = content / CONTEST_PIECE["entry"]
        narration, cues = narrate(CONTEST_PIECE["sentences"], work)
        tags = [x for name, value in CONTEST_PIECE["tags"].items() for x in ("-metadata", f"{name}={value}")]
        run("ffmpeg", "-y", "-i", narration.as_posix(), "-c:a", "libmp3lame", "-b:a", "32k", "-ac", "1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact", *tags, "-write_xing", "0", "-id3v2_version", "3",
            entry.with_suffix(".mp3").as_posix())
        entry.with_suffix(".vtt").write_text(
            "WEBVTT\n\n" + "\n\n".join(f"{stamp(a, '.')} --> {stamp(b, '.')}\n{text}" for a, b, text in cues) + "\n",
            encoding="utf-8")
    # The photo story: sample photos (drawn scenes) copied beside it.
    folder = media / PHOTO_STORY["slug"]
    write_item(folder, PHOTO_STORY["front_matter"])
    for profile, name, target in PHOTO_STORY["photos"]:
        shutil.copyfile(content / "profiles" / profile / name, folder / target)
    total = sum(p.stat().st_size for p in media.rglob("*") if p.is_file())
    print(f"sample media: 3 items, {total / 1000:.0f} kB in {media}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "content"))
