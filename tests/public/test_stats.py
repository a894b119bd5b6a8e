"""Statistics tables count public profiles only, with consistent totals."""

import datetime as dt

from conftest import REPO, VALID_PROFILE

from site_builder.content.load import load_content
from site_builder.public.gate import publish
from site_builder.public.stats import tables
from site_builder.site.renderer import load_labels


def test_tables_count_public_profiles_by_each_taxonomy(content):
    content.profile("a", VALID_PROFILE)
    content.profile("b", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Hợp tác xã Hàm Đức").replace(
        "kind: ca-nhan", "kind: tap-the").replace("[nong-nghiep]", "[nong-nghiep, y-te]"))
    content.profile("c", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Lê Văn Nam").replace(
        "status: published", "status: draft"))
    result, _ = load_content(content.root)
    by_key = {t.key: t for t in tables(publish(result, dt.date(2025, 1, 1)), load_labels(REPO / "theme"))}

    grid = by_key["field-by-kind"]
    assert [c.code for c in grid.columns] == ["ca-nhan", "tap-the", "ho-gia-dinh"]
    row = {r.code: cells for r, cells in zip(grid.rows, grid.cells)}
    assert row["nong-nghiep"] == (1, 1, 0) and row["y-te"] == (0, 1, 0)
    assert grid.column_totals == (1, 2, 0)  # a profile counts once per field it names
    assert by_key["kind"].total == 2  # the draft is not counted
    assert dict(zip((r.code for r in by_key["year"].rows), by_key["year"].cells)) == {"2024": (2,)}
    assert by_key["locality"].total == 2 and by_key["stage"].total == 2
