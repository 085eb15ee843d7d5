"""Put rendered pages on printing sheets: saddle-stitched booklets and card sheets
with cut marks. Pages are placed at their real size, never scaled, and the
sheets keep the document's tags (see ``pdf.placing``)."""

from __future__ import annotations

import io
from pathlib import Path

from guidepress.errors import RenderError
from guidepress.owned import owned_path
from guidepress.look.paper import PT_PER_MM, PageSize
from guidepress.pdf.placing import SheetMaker
from guidepress.render.engine import Rendered, pdf_bytes

MARK_MM = 5       # length of a cut mark
MARK_WIDTH = 0.3  # line width of a cut mark, in points


def to_pdf(rendered: Rendered):
    """The rendered document as a pikepdf document (its warnings kept on ``rendered``)."""
    import pikepdf

    return pikepdf.open(io.BytesIO(pdf_bytes(rendered)))


def booklet_sides(count: int, back_cover: bool = False) -> list[tuple[int | None, int | None]]:
    """(left, right) page indices for each printed side of a saddle-stitched booklet.

    Pages are padded to a multiple of four with blanks (``None``); with
    ``back_cover`` the blanks go before the last page, so it stays the outside
    back. Sides come in pairs, front then back of one sheet, for duplex printing
    flipped on the short edge; the sheets stacked in order and folded give pages
    1, 2, 3... in order.
    """
    total = max(4, -(-count // 4) * 4)
    inner = count - 1 if back_cover else count

    def page(position: int) -> int | None:
        if back_cover and position == total - 1:
            return count - 1
        return position if position < inner else None

    sides = []
    for sheet in range(total // 4):
        sides.append((page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append((page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


def impose_booklet(pdf, sheet: PageSize, back_cover: bool = False):
    """Two pages side by side on each side of a ``sheet`` (landscape), in booklet order
    (``back_cover``: the last page is the booklet's outside back)."""
    maker = SheetMaker(pdf)
    width, height = sheet.turned(True).points
    for left, right in booklet_sides(len(maker.pages), back_cover):
        side = maker.sheet(width, height)
        for index, x in ((left, None), (right, width / 2)):
            if index is None:
                continue
            page_w, page_h = _size(maker.pages[index])
            maker.place(side, index, width / 2 - page_w if x is None else x, (height - page_h) / 2)
    maker.finish()
    return pdf


def impose_cards(pdf, sheet: PageSize):
    """Four copies of a two-page card on a ``sheet``: fronts on one side, backs on the
    other, mirrored left to right so each back lands behind its front when the sheet
    is printed duplex (flipped on the long edge). Cut marks show where to cut.
    The first copy of each face is the one a screen reader reads."""
    maker = SheetMaker(pdf)
    if len(maker.pages) != 2:
        raise RenderError(f"a card sheet needs a two-sided card, not {len(maker.pages)} pages")
    width, height = sheet.points
    card_w, card_h = _size(maker.pages[0])
    if 2 * card_w > width + 0.5 or 2 * card_h > height + 0.5:
        raise RenderError(f"four {card_w / PT_PER_MM:.0f} x {card_h / PT_PER_MM:.0f} mm cards "
                          f"do not fit on a {sheet.name} sheet")
    for face, mirrored in ((0, False), (1, True)):
        side = maker.sheet(width, height)
        for x, y in card_slots(sheet, card_w, card_h, mirrored=mirrored):
            maker.place(side, face, x, y)
        maker.artifact(side, _cut_marks(width, height, [width / 2 - card_w, width / 2, width / 2 + card_w],
                                        [height / 2 - card_h, height / 2, height / 2 + card_h]))
    maker.finish()
    return pdf


def _size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def card_slots(sheet: PageSize, card_w: float, card_h: float, *,
               mirrored: bool) -> list[tuple[float, float]]:
    """Lower-left corners of the four cards, two by two around the sheet's centre.
    ``mirrored`` swaps left and right: the back of the card in each slot."""
    width, height = sheet.points
    columns = [width / 2 - card_w, width / 2]
    if mirrored:
        columns.reverse()
    return [(x, y) for y in (height / 2, height / 2 - card_h) for x in columns]


def _cut_marks(width: float, height: float, xs: list[float], ys: list[float]) -> str:
    """Drawing operators for cut marks: ticks at the sheet's edges along each cut line,
    and a cross where inner cut lines meet. Lines on the sheet's own edges need no mark."""
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
    return f"0.35 G {MARK_WIDTH} w\n{ops}"


def write_imposed(pdf, target: Path) -> int:
    """Write an imposed PDF to ``target`` atomically; returns its page count."""
    import pikepdf

    with owned_path(target) as tmp:
        pdf.save(tmp, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(pdf.pages)
