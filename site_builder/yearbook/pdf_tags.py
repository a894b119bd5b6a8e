"""The print edition as a tagged PDF: PDF/UA-1 for readers, PDF/A for archives.

WeasyPrint 70 writes the structure tree from the HTML (`pdf_tags`): headings, paragraphs,
lists, tables with header cells (TH, and Headers on every TD), figures with the image's
alt text, links with their annotations, the document language from `<html lang>`, and
DisplayDocTitle. Its variants (`pdf_variant`) add the XMP identification: `pdfuaid:part`
for PDF/UA, `pdfaid:part`/`conformance`, an sRGB output intent and a file identifier for
PDF/A.

Two things it leaves short, which `finish_tagged_pdf` mends before the file is written:

- Running heads and page numbers (the @page margin boxes) are marked as content and
  mapped to structure elements that are never linked into the tree, so a checker sees
  content that is neither tagged nor an artefact. They become `/Artifact` marked content
  of type Pagination, as PDF/UA asks of page furniture, and leave the parent tree.
- A link's alternate description (the annotation's /Contents, required by PDF/UA) is its
  target's id ("p-nguyen-thi-hoa"); it becomes the text a reader sees on the link.

The tags are written in every variant: a PDF/A copy for the archive is as readable by a
screen reader as the PDF/UA one, it only claims a different standard.
"""

from __future__ import annotations

# The variants offered, by WeasyPrint's names. PDF/A-2 and -3 (PDF 1.7) supersede PDF/A-1
# (PDF 1.4) for new documents, so it is left out; so are PDF/A-4 and PDF/UA-2 (PDF 2.0,
# which few readers and archives take yet). PDF/A level "a" (accessible) is not offered:
# the accessible edition is the PDF/UA one, whose rules are the stricter; a PDF/A copy
# claims only its appearance ("b") and its Unicode text ("u"), with the same tags inside.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u")
DEFAULT_PDF_VARIANT = "pdf/ua-1"


def _number(reference) -> int | None:
    """The object number of a pydyf reference (b"12 0 R"), or None for anything else."""
    if isinstance(reference, (bytes, str)):
        parts = reference.split()
        if len(parts) == 3 and parts[2] in (b"R", "R"):
            return int(parts[0])
    return None


def _reachable_elements(pdf, root_number: int) -> set[int]:
    """Object numbers of every structure element linked into the tree from its root."""
    seen: set[int] = set()
    stack = [root_number]
    while stack:
        number = stack.pop()
        if number in seen:
            continue
        seen.add(number)
        kids = pdf.objects[number].get("K", ())
        for kid in kids if isinstance(kids, (list, tuple)) else (kids,):
            child = _number(kid)
            if child is not None and isinstance(pdf.objects[child], dict) and "S" in pdf.objects[child]:
                stack.append(child)
    return seen


def _mark_page_furniture_as_artifacts(pdf) -> None:
    import pydyf

    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    top = _number(root["K"][0])
    assert top is not None  # WeasyPrint's tree root holds its document element by reference
    reachable = _reachable_elements(pdf, top)
    parent_tree = pdf.objects[_number(root["ParentTree"])]
    nums = parent_tree["Nums"]
    pages = pdf.page_references
    orphans: set[int] = set()
    for position in range(0, len(nums), 2):
        page_index, elements = nums[position], nums[position + 1]
        if not isinstance(elements, list):  # an annotation's entry, after the pages'
            continue
        furniture = {mcid for mcid, ref in enumerate(elements) if _number(ref) not in reachable}
        if not furniture:
            continue
        for mcid in furniture:
            orphan = _number(elements[mcid])
            assert orphan is not None  # the parent tree holds its elements by reference
            orphans.add(orphan)
            elements[mcid] = "null"
        page = pdf.objects[_number(pages[page_index])]
        stream = pdf.objects[_number(page["Contents"])].stream
        for index in range(len(stream) - 2):
            properties = stream[index + 1]
            if (stream[index + 2] == b"BDC" and isinstance(properties, dict)
                    and properties.get("MCID") in furniture):
                stream[index] = "/Artifact"
                stream[index + 1] = pydyf.Dictionary({"Type": "/Pagination"})
                furniture.discard(properties["MCID"])
        if furniture:  # never seen: the check after the build would fail on it anyway
            raise RuntimeError(f"page {page_index + 1}: marked content {sorted(furniture)} not found")
    # The detached elements (and their text spans) stay as empty objects nothing refers to.
    stack = list(orphans)
    while stack:
        element = pdf.objects[stack.pop()]
        kids = element.get("K", ())
        stack.extend(n for n in map(_number, kids if isinstance(kids, list) else ()) if n is not None)
        element.clear()


def _describe_links(document) -> None:
    import pydyf

    for page in document.pages:
        # `_page_box` is WeasyPrint's laid-out tree, the one its own tagging walks.
        for box in page._page_box.descendants():
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None and box.element is not None:
                text = " ".join("".join(box.element.itertext()).split())
                if text:
                    annotation["Contents"] = pydyf.String(text)


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint's `finisher`: called with the laid-out document and the PDF's objects."""
    _describe_links(document)
    _mark_page_furniture_as_artifacts(pdf)
