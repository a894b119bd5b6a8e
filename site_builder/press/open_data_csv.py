"""The open data as CSV: one row per profile, for Excel and every spreadsheet.

A row is made from the same record as the JSON (press/open_data.py's `profile_record`): lists
joined with "; ", awards flattened into name, decision, date and issuer columns, the columns
and their order from theme/open_data.yml. Files are UTF-8 with a BOM, lines end in CRLF, and a
cell a spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

LIST_SEPARATOR = "; "
# Spreadsheets run a cell that starts with one of these as a formula
# (OWASP "CSV injection"); such cells get a leading apostrophe in the CSV.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def csv_row(record: dict) -> dict:
    """One CSV row from a profile record: lists joined with "; ", awards flattened."""
    def code(term):
        return term["code"] if term else ""

    def name(term):
        return term["name"] if term else ""

    photo = record["photos"][0] if record["photos"] else None
    return {
        "id": record["id"],
        "url": record["url"],
        "name": record["name"],
        "kind_code": code(record["kind"]),
        "kind": name(record["kind"]),
        "summary": record["summary"],
        "field_codes": _joined(code(t) for t in record["fields"]),
        "fields": _joined(name(t) for t in record["fields"]),
        "movement_codes": _joined(code(t) for t in record["movements"]),
        "movements": _joined(name(t) for t in record["movements"]),
        "locality_code": code(record["locality"]),
        "locality": name(record["locality"]),
        "unit_code": code(record["unit"]),
        "unit": name(record["unit"]),
        "stage_code": code(record["stage"]),
        "stage": name(record["stage"]),
        "year": str(record["year"]),
        "submitted": record["submitted"],
        "publish_from": record["publish_from"] or "",
        "updated": record["updated"],
        "featured": "1" if record["featured"] else "0",
        "achievements": _joined(record["achievements"]),
        "award_names": _joined(a["award"]["name"] for a in record["awards"]),
        "award_decisions": _joined(a["decision"] for a in record["awards"]),
        "award_dates": _joined(a["date"] for a in record["awards"]),
        "award_issuers": _joined(a["issuer"] for a in record["awards"]),
        "members": _joined(f"{m['name']} – {m['role']}" if m["role"] else m["name"] for m in record["members"]),
        "photo_url": photo["url"] if photo else "",
        "photo_credit": photo["credit"] if photo else "",
        "original_photo_url": photo["original"]["url"] if photo and photo["original"] else "",
        "related": _joined(record["related"]),
        "aliases": _joined(record["aliases"]),
        "data_url": record["data_url"],
        # Added in 1.1.0, after the columns of 1.0.0 so that programs reading by position still work.
        "locality_official_code": (record["locality"] or {}).get("official_code") or "",
        "current_locality_codes": _joined(code(t) for t in record["current_locality"]),
        "current_localities": _joined(name(t) for t in record["current_locality"]),
    }


def _cell(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_lines(record: dict, columns: list[str]) -> str:
    """One profile's CSV line (RFC 4180 quoting, CRLF)."""
    row = csv_row(record)
    return csv_line([row[c] for c in columns])


def csv_line(values: list[str]) -> str:
    """One CSV line of text values (RFC 4180 quoting, CRLF; a formula's first character escaped)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return buffer.getvalue()


def csv_bytes(lines: list[str], columns: list[str]) -> bytes:
    """UTF-8 with a byte-order mark: Excel then reads Vietnamese letters correctly."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(columns)
    return ("\ufeff" + buffer.getvalue() + "".join(lines)).encode("utf-8")
