"""Put rendered pages on printing sheets with pypdf: saddle-stitched booklets and
card sheets with cut marks. Pages are placed at their real size, never scaled."""

from __future__ import annotations

import io
from pathlib import Path

from guidepress.errors import RenderError
from guidepress.files import atomic_path
from guidepress.look.paper import PT_PER_MM, PageSize
from guidepress.render.engine import Rendered, collect_warnings

MARK_MM = 5       # length of a cut mark
MARK_WIDTH = 0.3  # line width of a cut mark, in points


def to_reader(rendered: Rendered):
    """The rendered document as a pypdf reader (its warnings kept on ``rendered``)."""
    from pypdf import PdfReader

    with collect_warnings() as warnings:
        data = rendered.document.write_pdf(custom_metadata=True, **rendered.pdf_options)
    rendered.warnings.extend(warnings)
    return PdfReader(io.BytesIO(data))


def booklet_sides(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indices for each printed side of a saddle-stitched booklet.

    Pages are padded to a multiple of four with blanks (``None``). Sides come in
    pairs, front then back of one sheet, for duplex printing flipped on the short
    edge; the sheets stacked in order and folded give pages 1, 2, 3... in order.
    """
    total = max(4, -(-count // 4) * 4)
    sides = []
    for sheet in range(total // 4):
        sides.append((total - 1 - 2 * sheet, 2 * sheet))
        sides.append((2 * sheet + 1, total - 2 - 2 * sheet))
    return [tuple(i if i < count else None for i in side) for side in sides]


def _place(target, source, x: float, y: float) -> None:
    """Draw ``source`` on ``target`` with its lower-left corner at (x, y)."""
    from pypdf import Transformation

    box = source.mediabox
    target.merge_transformed_page(
        source, Transformation().translate(x - float(box.left), y - float(box.bottom)))


def impose_booklet(reader, sheet: PageSize):
    """Two pages side by side on each side of a ``sheet`` (landscape), in booklet order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    width, height = sheet.turned(True).points
    for left, right in booklet_sides(len(reader.pages)):
        side = writer.add_blank_page(width, height)
        for index, x in ((left, None), (right, width / 2)):
            if index is None:
                continue
            page = reader.pages[index]
            page_w, page_h = float(page.mediabox.width), float(page.mediabox.height)
            _place(side, page, width / 2 - page_w if x is None else x, (height - page_h) / 2)
    _copy_metadata(reader, writer)
    return writer


def impose_cards(reader, sheet: PageSize):
    """Four copies of a two-page card on a ``sheet``: fronts on one side, backs on the
    other, mirrored left to right so each back lands behind its front when the sheet
    is printed duplex (flipped on the long edge). Cut marks show where to cut."""
    from pypdf import PdfWriter

    if len(reader.pages) != 2:
        raise RenderError(f"a card sheet needs a two-sided card, not {len(reader.pages)} pages")
    writer = PdfWriter()
    width, height = sheet.points
    card = reader.pages[0].mediabox
    card_w, card_h = float(card.width), float(card.height)
    if 2 * card_w > width + 0.5 or 2 * card_h > height + 0.5:
        raise RenderError(f"four {card_w / PT_PER_MM:.0f} x {card_h / PT_PER_MM:.0f} mm cards "
                          f"do not fit on a {sheet.name} sheet")
    for face, mirrored in ((reader.pages[0], False), (reader.pages[1], True)):
        side = writer.add_blank_page(width, height)
        for x, y in card_slots(sheet, card_w, card_h, mirrored=mirrored):
            _place(side, face, x, y)
        side.merge_page(_cut_marks(width, height, [width / 2 - card_w, width / 2, width / 2 + card_w],
                                   [height / 2 - card_h, height / 2, height / 2 + card_h]))
    _copy_metadata(reader, writer)
    return writer


def card_slots(sheet: PageSize, card_w: float, card_h: float, *,
               mirrored: bool) -> list[tuple[float, float]]:
    """Lower-left corners of the four cards, two by two around the sheet's centre.
    ``mirrored`` swaps left and right: the back of the card in each slot."""
    width, height = sheet.points
    columns = [width / 2 - card_w, width / 2]
    if mirrored:
        columns.reverse()
    return [(x, y) for y in (height / 2, height / 2 - card_h) for x in columns]


def _cut_marks(width: float, height: float, xs: list[float], ys: list[float]):
    """A page of cut marks: ticks at the sheet's edges along each cut line, and a cross
    where inner cut lines meet. Lines on the sheet's own edges need no mark."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, NameObject

    length, edge = MARK_MM * PT_PER_MM, 3 * PT_PER_MM  # within 3 mm of the edge: the edge itself
    inner_x = [x for x in xs if edge < x < width - edge]
    inner_y = [y for y in ys if edge < y < height - edge]
    lines = []
    for x in inner_x:
        lines += [(x, 0, x, length), (x, height - length, x, height)]
    for y in inner_y:
        lines += [(0, y, length, y), (width - length, y, width, y)]
    for x in inner_x:
        for y in inner_y:
            lines += [(x - length / 2, y, x + length / 2, y), (x, y - length / 2, x, y + length / 2)]
    ops = "".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l S\n" for a, b, c, d in lines)
    stream = DecodedStreamObject()
    stream.set_data(f"q 0.35 G {MARK_WIDTH} w\n{ops}Q\n".encode("ascii"))
    page = PageObject.create_blank_page(width=width, height=height)
    page[NameObject("/Contents")] = stream
    return page


def _copy_metadata(reader, writer) -> None:
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})


def write_imposed(writer, target: Path) -> int:
    """Write an imposed PDF to ``target`` atomically; returns its page count."""
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as handle:
            writer.write(handle)
    return len(writer.pages)
