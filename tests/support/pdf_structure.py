"""What a tagged PDF holds, read with pikepdf (qpdf), for the tests to judge.

No PDF/UA or PDF/A validator can be installed here (veraPDF is in none of the registries
this project reaches), so the tests check what such a validator checks first, from the
file itself:

- the structure tree: every element from the root, every piece of marked content it
  claims (page, MCID);
- every page's content stream, operator by operator: each text, image or shading drawn is
  either inside marked content that the tree claims, or inside an /Artifact (page
  furniture); nothing is left out of both;
- the images: each drawn image's element is a Figure, with its alternative text;
- the catalogue (/Lang, /MarkInfo, /ViewerPreferences DisplayDocTitle), the XMP
  identification (pdfuaid, pdfaid), the outline (bookmarks).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

try:
    import pikepdf
except ImportError:  # reported by read_structure, so that other tests of a module still run
    pikepdf = None

from .epub_checkers import _require

DRAWING = {"Tj", "TJ", "'", '"', "Do", "sh", "BI", "INLINE IMAGE"}
TEXT = {"Tj", "TJ", "'", '"'}


@dataclass
class Element:
    kind: str  # "H1", "P", "Figure", …
    page: int | None  # 1-based page of its /Pg, if any
    alt: str | None
    attributes: dict
    text_ids: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID) it claims


@dataclass
class Drawing:
    page: int
    operator: str
    mcid: int | None  # the innermost MCID around it
    artifact: bool  # inside /Artifact marked content
    image: bool


@dataclass
class Bookmark:
    title: str
    level: int
    page: int | None


@dataclass
class PdfStructure:
    pages: int
    catalog_lang: str | None
    display_doc_title: bool
    marked: bool
    tabs_in_structure_order: bool  # every page: /Tabs /S
    title: str | None  # document information /Title
    info: dict[str, str]  # the document information dictionary, "/Title" -> value
    xmp: dict[str, str]
    output_intents: int
    has_identifier: bool
    elements: list[Element]
    drawings: list[Drawing]
    bookmarks: list[Bookmark]
    link_descriptions: list[str]  # /Contents of every link annotation

    def kinds(self) -> Counter:
        return Counter(e.kind for e in self.elements)

    def claimed(self) -> dict[tuple[int, int], Element]:
        return {text_id: e for e in self.elements for text_id in e.text_ids}

    def untagged(self) -> list[Drawing]:
        """What is drawn but neither claimed by the tree nor an artefact."""
        claimed = self.claimed()
        return [d for d in self.drawings if not d.artifact and (d.mcid is None or (d.page, d.mcid) not in claimed)]


def _page_numbers(pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}


def _elements(pdf, numbers) -> list[Element]:
    root = pdf.Root.StructTreeRoot
    found: list[Element] = []
    seen: set[tuple[int, int]] = set()

    def kids_of(node):
        kids = node.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, pikepdf.Array) else [kids]

    def visit(node, page_of_parent):
        if node.objgen != (0, 0):
            if node.objgen in seen:
                return
            seen.add(node.objgen)
        page = numbers.get(node.Pg.objgen) if "/Pg" in node else page_of_parent
        attributes = node.get("/A")
        element = Element(str(node.S)[1:], page, str(node.Alt) if "/Alt" in node else None,
                          dict(attributes.items()) if isinstance(attributes, pikepdf.Dictionary) else {})
        found.append(element)
        for kid in kids_of(node):
            if isinstance(kid, int):
                element.text_ids.append((page, kid))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    mcr_page = numbers.get(kid.Pg.objgen) if "/Pg" in kid else page
                    element.text_ids.append((mcr_page, int(kid.MCID)))
                elif kind == "/OBJR":
                    continue
                elif "/S" in kid:
                    visit(kid, page)

    for top in kids_of(root):
        visit(top, None)
    return found


def _drawings(pdf) -> list[Drawing]:
    drawings = []
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[tuple[str, int | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "BMC":
                stack.append((str(operands[0]), None))
            elif name == "BDC":
                properties = operands[1]
                if isinstance(properties, pikepdf.Name):
                    properties = page.Resources.Properties[properties]
                mcid = int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties \
                    else None
                stack.append((str(operands[0]), mcid))
            elif name == "EMC":
                stack.pop()
            elif name in DRAWING:
                image = name in ("BI", "INLINE IMAGE") or (
                    name == "Do" and page.Resources.XObject[operands[0]].get("/Subtype") == "/Image")
                if name == "Do" and not image:
                    continue  # a form XObject: its own content is not walked here
                mcid = next((m for _, m in reversed(stack) if m is not None), None)
                drawings.append(Drawing(number, name, mcid, any(tag == "/Artifact" for tag, _ in stack), image))
    return drawings


def _bookmarks(pdf, numbers) -> list[Bookmark]:
    found = []

    def visit(items, level):
        for item in items:
            page = None
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and len(destination):
                page = numbers.get(destination[0].objgen)
            found.append(Bookmark(item.title, level, page))
            visit(item.children, level + 1)

    with pdf.open_outline() as outline:
        visit(outline.root, 1)
    return found


def read_structure(path: Path) -> PdfStructure:
    _require(pikepdf is not None, "pikepdf (the test extra)")
    with pikepdf.open(path) as pdf:
        numbers = _page_numbers(pdf)
        root = pdf.Root
        preferences = root.get("/ViewerPreferences", {})
        meta = pdf.open_metadata()
        xmp = {key: str(meta[key]) for key in ("pdfuaid:part", "pdfaid:part", "pdfaid:conformance", "dc:title",
                                               "dc:description", "pdf:Keywords", "pdf:Producer", "xmp:CreateDate",
                                               "xmp:ModifyDate") if key in meta}
        if "dc:creator" in meta:
            xmp["dc:creator"] = ", ".join(meta["dc:creator"])
        return PdfStructure(
            pages=len(pdf.pages),
            catalog_lang=str(root.Lang) if "/Lang" in root else None,
            display_doc_title=bool(preferences.get("/DisplayDocTitle", False)),
            marked=bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            tabs_in_structure_order=all(page.obj.get("/Tabs") == "/S" for page in pdf.pages),
            title=str(pdf.docinfo.Title) if "/Title" in pdf.docinfo else None,
            info={str(key): str(value) for key, value in pdf.docinfo.items()},
            xmp=xmp,
            output_intents=len(root.get("/OutputIntents", [])),
            has_identifier="/ID" in pdf.trailer,
            elements=_elements(pdf, numbers) if "/StructTreeRoot" in root else [],
            drawings=_drawings(pdf),
            bookmarks=_bookmarks(pdf, numbers),
            link_descriptions=[str(annotation.get("/Contents", "")) for page in pdf.pages
                               for annotation in page.obj.get("/Annots", []) if annotation.get("/Subtype") == "/Link"],
        )
