"""The `template` and `import` commands (registered in cli/main.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..content.diagnostics import Problems
from ..content.read import display_path
from ..content.site_settings import validate_site
from ..content.taxonomies import validate_taxonomies

EXIT_OK, EXIT_CONTENT, EXIT_FAILED = 0, 1, 2
_STATE_WORDS = {"created": "tạo mới", "updated": "cập nhật", "unchanged": "không đổi", "skipped": "bỏ qua"}


def add_commands(sub, today_type) -> None:
    p = sub.add_parser("template", help="make the nomination workbook (.xlsx) that units fill in")
    p.add_argument("file", help="the workbook to write, e.g. de-nghi-quy-3.xlsx")
    p.add_argument("--content", default="content", help="content folder (default: content)")
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("import", help="read a unit's nomination workbook into profiles for review")
    p.add_argument("file", help="the workbook: .xlsx, .xls, .ods or .csv")
    p.add_argument("--photos", help="folder or .zip of the photos (default: the workbook's folder)")
    p.add_argument("--reports", help="folder or .zip of the Word reports (default: the workbook's folder)")
    p.add_argument("--content", default="content", help="content folder (default: content)")
    p.add_argument("--partial", action="store_true", help="write the good rows even when others have problems")
    p.add_argument("--today", type=today_type, default=None, help="the import's date in the record, dd/mm/yyyy")
    p.set_defaults(func=cmd_import)


def cmd_template(args) -> int:
    from .template import write_template

    content = Path(args.content)
    problems = Problems()
    site = validate_site(content, problems)
    tax = validate_taxonomies(content, problems)
    if problems.errors or site is None:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        print("không tạo được bảng tính mẫu: sửa các lỗi trên trong danh mục rồi chạy lại", file=sys.stderr)
        return EXIT_CONTENT
    out = Path(args.file)
    if out.suffix.lower() != ".xlsx":
        print(f"{args.file}: error: bảng tính mẫu phải có đuôi .xlsx", file=sys.stderr)
        return EXIT_CONTENT
    try:
        write_template(tax, site.council, out)
    except OSError as exc:
        print(f"{args.file}: error: không ghi được tệp ({exc.strerror})", file=sys.stderr)
        return EXIT_FAILED
    print(f"đã tạo {display_path(out)}: {len(tax.units)} đơn vị, {len(tax.fields)} lĩnh vực, "
          f"{len(tax.movements)} phong trào, {len(tax.localities)} địa phương trong danh sách chọn")
    return EXIT_OK


def cmd_import(args) -> int:
    from .importer import import_nominations

    content = Path(args.content)
    try:
        result, problems = import_nominations(
            Path(args.file), content, Path(args.photos) if args.photos else None,
            Path(args.reports) if args.reports else None, partial=args.partial, today=args.today)
    except OSError as exc:
        print(f"error: không ghi được vào {content} ({exc}); nội dung chưa đổi", file=sys.stderr)
        return EXIT_FAILED
    for problem in dict.fromkeys(problems.items):  # in the sheet's order, row by row (sorted text puts F12 before F2)
        print(problem, file=sys.stderr)
    if result is None:
        count = len(problems.errors)
        print(f"không nhập: {count} lỗi; {display_path(content)} không thay đổi. Sửa bảng tính rồi nhập lại"
              + ("" if args.partial else " (hoặc dùng --partial để nhập các dòng đúng)"), file=sys.stderr)
        return EXIT_CONTENT
    for outcome in result.outcomes:
        line = f"{_STATE_WORDS[outcome.state]:<10} {outcome.path}  ({outcome.where})"
        print(line + (f": {outcome.reason}" if outcome.reason else ""))
    waiting = [o for o in result.outcomes if o.decisions and o.state != "skipped"]
    if waiting:
        print("\ncần biên tập viên quyết định trước khi công bố:")
        for outcome in waiting:
            for decision in outcome.decisions:
                print(f"  {outcome.path}: {decision}")
    counts = {state: len(result.of(state)) for state in _STATE_WORDS}
    print(f"\nđã nhập {display_path(Path(args.file))}: {counts['created']} tạo mới, {counts['updated']} cập nhật, "
          f"{counts['unchanged']} không đổi, {counts['skipped']} bỏ qua, {result.rejected_rows} dòng lỗi không nhập; "
          "các hồ sơ ở trạng thái 'review' (chờ duyệt)")
    return EXIT_CONTENT if result.rejected_rows else EXIT_OK
