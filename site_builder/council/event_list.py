"""An event's official list (`site-builder list EVENT`): the annex of the decision, for the
People's Committee, in the format of Decree 30/2020/NĐ-CP (Appendix I) — the issuing body and the
national motto at the top, the title "DANH SÁCH" with the decision it belongs to, Times New Roman
13–14 on A4 laid landscape for the wide table, as the decree allows an annex (margins 20 mm top and
bottom, 30 mm left, 15 mm right), page numbers at the top centre from page 2, and a numbered table
grouped by kind.

It is an internal document: withheld profiles are on it (the People's Committee decides on the
whole list), but never a `private:` value — nothing here reads `Profile.private`.

DOCX with python-docx, XLSX with openpyxl, PDF with WeasyPrint (as the yearbook), the PDF's HTML
from theme/templates/official_list.html through the Jinja environment the caller gives.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..common.weasy import import_weasyprint
from ..content.events import Event
from ..content.model import Content, Profile
from ..content.text import format_date

FONT = "Times New Roman"
FORMATS = ("docx", "xlsx", "pdf")
# Decree 30/2020/NĐ-CP, Appendix I: A4, margins in millimetres.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
T = TypeVar("T")


@dataclass(frozen=True)
class ListRow:
    number: int
    name: str
    position: str  # the unit that submitted the profile
    locality: str
    achievements: str  # in one line: the first of the profile's achievements, else its summary
    award: str


@dataclass(frozen=True)
class ListSection:
    heading: str  # "I. Tập thể (5)"
    rows: tuple[ListRow, ...]


@dataclass(frozen=True)
class OfficialList:
    issuer: str  # upper case, top left
    motto: str
    motto_line: str
    place_date: str
    title: str
    subtitle: str
    attached: str
    columns: tuple[str, ...]
    sections: tuple[ListSection, ...]
    sheet: str  # the XLSX's sheet name

    @property
    def count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


def decree_date(day) -> tuple[str, str, str]:
    """Day, month, year as the decree writes them: a day under 10 and a month under 3 with a 0."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month < 3 else str(day.month), str(day.year)


def _award(profile: Profile, event: Event, entry, words: dict) -> str:
    """The award given at the event; else the latest award that made the profile eligible (the
    event's criteria); else the latest award it holds."""
    if entry.award:
        return entry.award.award.name
    held = sorted(profile.awards, key=lambda a: a.date, reverse=True)
    if event.criteria:
        held = [a for a in held if a.award.code in event.criteria.awards] or held
    if not held:
        return ""
    a = held[0]
    return words["award_held"].format(award=a.award.name, decision=a.decision, date=format_date(a.date))


def by_kind(kinds: Iterable[str], items: Iterable[T], kind_of: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """The list's grouping: by kind in kinds.yml's order, each group in the list's order; a kind
    with none is left out. The commemorative book groups its public honourees the same way."""
    grouped: dict[str, list[T]] = {code: [] for code in kinds}
    for item in items:
        grouped[kind_of(item)].append(item)
    return [(kind, found) for kind, found in grouped.items() if found]


def section_heading(words: dict, position: int, kind_name: str, count: int) -> str:
    """"I. TẬP THỂ (5)": the group's numeral, its kind in capitals and how many it holds."""
    return words["section"].format(numeral=ROMAN[position], kind=kind_name.upper(), count=count)


def official_list(content: Content, event: Event, labels: dict) -> OfficialList:
    """The rows of the list, every honouree (withheld ones too), grouped by kind in kinds.yml's order."""
    words = labels["official_list"]
    tax = content.taxonomies
    profiles = {p.slug: p for p in content.profiles}
    sections: list[ListSection] = []
    number = 0
    for kind, entries in by_kind(tax.kinds, event.honourees, lambda entry: profiles[entry.profile].kind):
        rows = []
        for entry in entries:
            number += 1
            p = profiles[entry.profile]
            locality = tax.localities.get(p.locality)
            unit = tax.units.get(p.unit)
            rows.append(ListRow(number, p.name, unit.name if unit else "", locality.name if locality else "",
                                p.achievements[0] if p.achievements else p.summary,
                                _award(p, event, entry, words)))
        sections.append(ListSection(section_heading(words, len(sections), tax.kinds[kind].name, len(rows)),
                                    tuple(rows)))
    decision = event.decision
    day = decision.date if decision else event.start
    d, m, y = decree_date(day)
    attached = (words["attached"].format(number=decision.number, date=format_date(decision.date),
                                         signer=decision.signer) if decision else words["no_decision"])
    columns = words["columns"]
    return OfficialList(
        issuer=(decision.issuer if decision else event.organiser).upper(),
        motto=words["motto"], motto_line=words["motto_line"],
        place_date=words["place_date"].format(province=content.site.province, day=d, month=m, year=y),
        title=words["title"], subtitle=words["subtitle"].format(event=event.name), attached=attached,
        columns=tuple(columns[k] for k in ("number", "name", "position", "locality", "achievements", "award")),
        sections=tuple(sections), sheet=words["sheet"])


# --- DOCX ------------------------------------------------------------------------------


def docx_bytes(official: OfficialList) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = f"{official.title} – {official.subtitle}"
    document.core_properties.author = official.issuer
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word's other scripts, in the same face
    style.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # the decree lets a wide table's annex lie landscape
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # Page numbers at the top centre, from page 2 (the first page's header stays empty).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = number.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)

    def paragraph(container, text: str, size: int = 13, bold=False, italic=False, underline=False,
                  align=WD_ALIGN_PARAGRAPH.CENTER):
        para = container.add_paragraph() if container is not None else document.add_paragraph()
        para.alignment = align
        r = para.add_run(text)
        r.font.size, r.bold, r.italic, r.underline = Pt(size), bold, italic, underline
        return para

    # The heading: the issuing body on the left, the national motto on the right.
    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = heading.rows[0].cells
    left.width, right.width = Mm(100), Mm(152)
    left.paragraphs[0].add_run(official.issuer).bold = True
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto = right.paragraphs[0].add_run(official.motto)
    motto.bold, motto.font.size = True, Pt(12)
    paragraph(right, official.motto_line, 13, bold=True, underline=True)
    paragraph(right, official.place_date, 14, italic=True)
    paragraph(None, "")
    paragraph(None, official.title, 14, bold=True)
    paragraph(None, official.subtitle, 14, bold=True)
    paragraph(None, official.attached, 14, italic=True)
    paragraph(None, "")

    table = document.add_table(rows=1, cols=len(official.columns))
    table.style = "Table Grid"
    widths = (Mm(12), Mm(50), Mm(45), Mm(35), Mm(70), Mm(40))  # 252 mm: the page less its margins
    for cell, text, width in zip(table.rows[0].cells, official.columns, widths):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].add_run(text).bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the heading row again on every page
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for part in official.sections:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.paragraphs[0].add_run(part.heading).bold = True
        for item in part.rows:
            cells = table.add_row().cells
            values = (str(item.number), item.name, item.position, item.locality, item.achievements, item.award)
            for cell, value, width in zip(cells, values, widths):
                cell.width = width
                cell.paragraphs[0].add_run(value)
            cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX ------------------------------------------------------------------------------


def xlsx_bytes(official: OfficialList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = official.sheet
    width = len(official.columns)
    regular, bold = Font(name=FONT, size=13), Font(name=FONT, size=13, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)

    def line(text: str, font: Font, row: int, first: int = 1, last: int = width) -> None:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        cell = sheet.cell(row=row, column=first, value=text)
        cell.font, cell.alignment = font, centre

    line(official.issuer, bold, 1, 1, 2)
    line(official.motto, Font(name=FONT, size=12, bold=True), 1, 3, width)
    line(official.motto_line, Font(name=FONT, size=13, bold=True, underline="single"), 2, 3, width)
    line(official.place_date, Font(name=FONT, size=14, italic=True), 3, 3, width)
    line(official.title, Font(name=FONT, size=14, bold=True), 5)
    line(official.subtitle, Font(name=FONT, size=14, bold=True), 6)
    line(official.attached, Font(name=FONT, size=14, italic=True), 7)
    top = 9
    for column, text in enumerate(official.columns, start=1):
        cell = sheet.cell(row=top, column=column, value=text)
        cell.font, cell.alignment, cell.border = bold, centre, grid
    row = top
    for part in official.sections:
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1, value=part.heading)
        cell.font, cell.border = bold, grid
        for item in part.rows:
            row += 1
            values = (item.number, item.name, item.position, item.locality, item.achievements, item.award)
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.font, cell.border = regular, grid
                cell.alignment = centre if column == 1 else wrap
    for letter, size in zip("ABCDEF", (6, 30, 28, 20, 50, 30)):
        sheet.column_dimensions[letter].width = size
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_margins.left, sheet.page_margins.right = MARGINS_MM["left"] / 25.4, MARGINS_MM["right"] / 25.4
    sheet.page_margins.top, sheet.page_margins.bottom = MARGINS_MM["top"] / 25.4, MARGINS_MM["bottom"] / 25.4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------


def pdf_bytes(official: OfficialList, env, fonts_dir: Path) -> bytes:
    """The list laid out by WeasyPrint from theme/templates/official_list.html; Times New Roman
    where the system has it, else the bundled Noto Serif (Vietnamese in full)."""
    weasyprint = import_weasyprint()  # Pillow's settings kept as they were (common/weasy.py)
    html = env.get_template("official_list.html").render(official=official, font=FONT, margins=MARGINS_MM)
    return weasyprint.HTML(string=html, base_url=str(fonts_dir) + "/").write_pdf()


def render(official: OfficialList, fmt: str, env, fonts_dir: Path) -> bytes:
    if fmt == "docx":
        return docx_bytes(official)
    if fmt == "xlsx":
        return xlsx_bytes(official)
    return pdf_bytes(official, env, fonts_dir)
