"""Print, as JSON, what the official unit list says about some official codes.

Run only by tests/content/test_official_localities.py, with .venv-official/bin/python (Python >= 3.12 and
vietnam-provinces, GPL-3.0-or-later: see README, "Official unit list"). site_builder never imports this file
nor the package; the comparison with content/taxonomies/localities.yml is done on the project's side.

stdin:  {"provinces": ["60", "68"], "districts": ["596"], "communes": ["23005"]}
stdout: {"package": "2026.9.0", "effective": "2025-07-01",
         "provinces_before": {"60": "Tỉnh Bình Thuận"}, "provinces_after": {"68": "Tỉnh Lâm Đồng"},
         "districts_before": {"596": {"name": "Huyện Bắc Bình", "province": "60"}},
         "communes_before": {...}, "communes_after": {"23005": {"name": "Xã Bắc Bình", "province": "68"}},
         "province_became": {"60": ["68"]}, "district_became": {"596": ["23005", ...]},
         "commune_became": {...}}
A code the list does not know is simply absent from its table.
"""

from __future__ import annotations

import json
import sys

import vietnam_provinces
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode, legacy
from vietnam_provinces._province_conversion_2025 import EFFECTIVE_DATE, find_new_provinces
from vietnam_provinces._ward_conversion_2025 import find_new_wards

DIGITS = {"province": 2, "district": 3, "commune": 5}


def code(number: int, level: str) -> str:
    return f"{int(number):0{DIGITS[level]}d}"


def lookup(make, number: int):
    try:
        return make(number)
    except (ValueError, KeyError, LookupError):
        return None


def main() -> None:
    asked = json.load(sys.stdin)
    out = {"package": vietnam_provinces.__version__, "effective": EFFECTIVE_DATE,
           "provinces_before": {}, "provinces_after": {}, "districts_before": {}, "communes_before": {},
           "communes_after": {}, "province_became": {}, "district_became": {}, "commune_became": {}}
    for text in asked.get("provinces", ()):
        n = int(text)
        if old := lookup(lambda c: legacy.Province.from_code(legacy.ProvinceCode(c)), n):
            out["provinces_before"][text] = old.name
            entry = find_new_provinces(n)
            if entry:
                out["province_became"][text] = sorted(code(p.code, "province") for p in entry.new_provinces)
        if new := lookup(lambda c: Province.from_code(ProvinceCode(c)), n):
            out["provinces_after"][text] = new.name
    for text in asked.get("districts", ()):
        n = int(text)
        if district := lookup(lambda c: legacy.District.from_code(legacy.DistrictCode(c)), n):
            out["districts_before"][text] = {"name": district.name,
                                             "province": code(district.province_code, "province")}
            # A district became every new commune that took in one of its communes, whole or in part.
            successors = set()
            for ward in legacy.Ward.iter_by_district(district.code):
                entry = find_new_wards(int(ward.code))
                if entry:
                    successors.update(code(w.code, "commune") for w in entry.new_wards)
            out["district_became"][text] = sorted(successors)
    for text in asked.get("communes", ()):
        n = int(text)
        if old := lookup(lambda c: legacy.Ward.from_code(legacy.WardCode(c)), n):
            out["communes_before"][text] = {"name": old.name, "district": code(old.district_code, "district"),
                                            "province": code(old.province_code, "province")}
            entry = find_new_wards(n)
            if entry:
                out["commune_became"][text] = sorted(code(w.code, "commune") for w in entry.new_wards)
        if new := lookup(lambda c: Ward.from_code(WardCode(c)), n):
            out["communes_after"][text] = {"name": new.name, "province": code(new.province_code, "province")}
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
