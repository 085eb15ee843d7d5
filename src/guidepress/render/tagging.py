"""Finish WeasyPrint's tagged PDF: what its PDF/UA output leaves for us to do.

WeasyPrint builds the structure tree (headings, lists, tables, figures with alt
text, form fields) and calls ``finish_tags`` with its PDF objects just before
writing them. This pass then:

- makes every list L > LI > Lbl/LBody (see ``listtags``);
- marks running headers and footers (page furniture) as artifacts: WeasyPrint
  gives them marked-content ids that no structure element reaches (nor, once
  lists are mended, the white space between inline list items);
- joins a link nested in another link (a contents entry and its page number
  after ``::after``) into one link element;
- gives every link annotation its link's text (a picture's alt text) as
  ``/Contents`` (WeasyPrint puts the target id there, which a screen reader
  would read out);
- gives every table header cell a ``/Scope``;
- puts ``/Lang`` on text in another language than the document's (``languages``);
- titles the clinic logo's Figure "Clinic logo" (``/T``), so that ``check`` can
  tell text drawn in the logo from the document's own text;
- gives form fields appearance streams for every state (a tick box's "Off" and
  an empty text field), so viewers that do not draw their own still show them.
"""

from __future__ import annotations

import pydyf
from weasyprint.formatting_structure import boxes

from guidepress.render.listtags import deref as _deref
from guidepress.render.languages import tag_languages
from guidepress.render.listtags import fix_lists

NULL = b"null"
LOGO_CLASSES = {"clinic-logo", "foot-logo"}  # the templates' classes of the clinic logo
LOGO_TITLE = "Clinic logo"


def finish_tags(document, pdf) -> None:
    """WeasyPrint ``finisher``: complete the structure WeasyPrint wrote."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    root = _deref(pdf, pdf.catalog["StructTreeRoot"])
    nums = _deref(pdf, root["ParentTree"])["Nums"]
    parents = dict(zip(nums[::2], nums[1::2]))  # page index or StructParent -> entry
    tag_languages(pdf, parents)
    fix_lists(pdf, root)
    _artifact_orphans(pdf, root, parents)
    _join_nested_links(pdf, parents)
    page_boxes = [page._page_box for page in document.pages]
    _link_contents(pdf, page_boxes, parents)
    _header_scopes(page_boxes)
    _title_logos(pdf, page_boxes)
    _field_appearances(pdf)


def _reachable(pdf, root) -> set[int]:
    """Object numbers of the structure elements the tree's root leads to."""
    seen: set[int] = set()
    stack = list(root["K"])
    while stack:
        element = _deref(pdf, stack.pop())
        if not isinstance(element, pydyf.Dictionary) or element.number in seen:
            continue
        seen.add(element.number)
        stack.extend(kid for kid in element.get("K", ()) if isinstance(kid, bytes))
    return seen


def _artifact_orphans(pdf, root, parents: dict) -> None:
    """Turn marked content that no reachable element owns into artifacts.

    WeasyPrint tags text in the page margins (running headers, page numbers)
    but leaves the elements it made for them out of the tree, as PDF 1.7 has
    no artifact element: the content must then be marked ``/Artifact``.
    """
    reachable = _reachable(pdf, root)
    pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]  # number, 0, R
    for index, page in enumerate(pages):
        owners = parents.get(index)
        if not isinstance(owners, pydyf.Array):
            continue
        orphans = {mcid for mcid, ref in enumerate(owners)
                   if ref != NULL and _deref(pdf, ref).number not in reachable}
        if orphans:
            _mark_artifacts(_deref(pdf, page["Contents"]), orphans)
            for mcid in orphans:
                owners[mcid] = NULL


def _mark_artifacts(stream, mcids: set[int]) -> None:
    """Rewrite ``/Tag <</MCID n>> BDC`` as ``/Artifact BMC`` for each ``n`` in ``mcids``."""
    ops, out, i = stream.stream, [], 0
    while i < len(ops):
        item = ops[i]
        if (isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids
                and i + 1 < len(ops) and ops[i + 1] == b"BDC" and out):
            out[-1] = "/Artifact"  # the tag name written just before the properties
            out.append(b"BMC")
            i += 2
            continue
        out.append(item)
        i += 1
    stream.stream[:] = out


def _join_nested_links(pdf, parents: dict) -> None:
    """Merge a Link element found inside another Link into its parent."""
    moved: dict[bytes, bytes] = {}
    for key, value in list(parents.items()):
        element = _deref(pdf, value) if isinstance(value, bytes) else None
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/Link":
            continue
        while (outer := _deref(pdf, element["P"])).get("S") == "/Link":
            kids = outer["K"]
            at = kids.index(element.reference) if element.reference in kids else len(kids)
            kids[at:at + 1] = [k for k in element["K"] if k not in kids]
            moved[element.reference] = outer.reference
            element = outer
    if not moved:
        return
    for key, value in parents.items():
        if isinstance(value, pydyf.Array):
            value[:] = [_final(moved, ref) for ref in value]
        elif isinstance(value, bytes):
            parents[key] = _final(moved, value)
    nums = _deref(pdf, _deref(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
    nums[1::2] = [parents[key] for key in nums[::2]]


def _final(moved: dict, ref):
    while ref in moved:
        ref = moved[ref]
    return ref


def _link_contents(pdf, page_boxes, parents: dict) -> None:
    """Set each link annotation's ``/Contents`` to the text of the link it belongs to."""
    texts: dict[bytes, str] = {}  # link element -> its text, from the first box that has some
    found = []
    for page_box in page_boxes:
        for box in page_box.descendants():
            annotation = getattr(box, "link_annotation", None)
            if annotation is None or "StructParent" not in annotation:
                continue
            element = parents.get(annotation["StructParent"])
            text = _own_text(box)
            if text and element not in texts:
                texts[element] = text
            found.append((annotation, element))
    for annotation, element in found:
        if texts.get(element):
            annotation["Contents"] = pydyf.String(texts[element])


def _own_text(box) -> str:
    """The text of a box, without generated text (``::before``/``::after``)."""
    if "::" in (box.element_tag or ""):
        return ""
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, boxes.ReplacedBox):  # a linked picture reads as its alt text
        return box.element.get("alt", "") if box.element is not None else ""
    if not isinstance(box, boxes.ParentBox):
        return ""
    return " ".join(" ".join(filter(None, (_own_text(child) for child in box.children))).split())


def _title_logos(pdf, page_boxes) -> None:
    """Title each Figure that draws the clinic logo: WeasyPrint's Figure keeps the
    image's box (``/A /BBox``) and page, by which it is found."""
    logos = set()
    for number, page_box in enumerate(page_boxes):
        for box in page_box.descendants(placeholders=True):  # a positioned footer's logo too
            if isinstance(box, boxes.ReplacedBox) and box.element is not None and (
                    LOGO_CLASSES & set(box.element.get("class", "").split())):
                x, y = box.content_box_x(), box.content_box_y()
                logos.add((pdf.page_references[number], _rounded((x, y, x + box.width, y + box.height))))
    for element in pdf.objects:
        if (logos and isinstance(element, pydyf.Dictionary) and element.get("S") == "/Figure"
                and (element.get("Pg"), _rounded(element.get("A", {}).get("BBox", ()))) in logos):
            element["T"] = pydyf.String(LOGO_TITLE)


def _rounded(numbers) -> tuple:
    return tuple(round(float(n), 2) for n in numbers)


def _header_scopes(page_boxes) -> None:
    """``/Scope`` for each table header cell: its ``scope`` attribute, else by position."""
    for page_box in page_boxes:
        for row_group in (b for b in page_box.descendants() if isinstance(b, boxes.TableRowGroupBox)):
            for row in row_group.children:
                for column, cell in enumerate(row.children):
                    element = getattr(cell, "mark", None)
                    if cell.element_tag != "th" or not isinstance(element, pydyf.Dictionary):
                        continue
                    element["A"]["Scope"] = _scope(cell, row_group, column)


def _scope(cell, row_group, column: int) -> str:
    given = (cell.element.get("scope") or "").lower()
    if given in ("row", "rowgroup"):
        return "/Row"
    if given in ("col", "colgroup"):
        return "/Column"
    # HTML's own rule of thumb: headers in a header group label columns; a header
    # that starts a body row labels its row.
    return "/Column" if row_group.is_header or column else "/Row"


def _field_appearances(pdf) -> None:
    """Add the appearance streams WeasyPrint leaves out: a tick box's Off state, and
    a text field's empty look (both draw nothing: the page draws the box)."""
    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    for ref in form["Fields"]:
        field = _deref(pdf, ref)
        rect = [float(v) for v in field["Rect"]]
        width, height = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
        if field.get("FT") == "/Btn" and "AP" in field:
            normal = field["AP"]["N"]
            if "Off" not in normal:
                normal["Off"] = _empty_form(pdf, width, height).reference
        elif field.get("FT") == "/Tx" and "AP" not in field:
            field["AP"] = pydyf.Dictionary({"N": _empty_form(pdf, width, height, b"/Tx BMC EMC").reference})


def _empty_form(pdf, width: float, height: float, content: bytes = b""):
    stream = pydyf.Stream([content] if content else [], pydyf.Dictionary({
        "Type": "/XObject", "Subtype": "/Form",
        "BBox": pydyf.Array((0, 0, width, height)),
    }))
    pdf.add_object(stream)
    return stream
