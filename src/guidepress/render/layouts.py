"""Bounds on the layout work the boxes of a document ask for, checked before layout.

WeasyPrint lays out the content of a flex or grid box several times (to measure it,
then to place it), and the content's own flex boxes again each time, so the work
grows by a factor of two to three with each level: measured with a few lines of text,
nine flex boxes took 8 seconds, eight column flex boxes 27, and a template nesting
twelve ran the whole time bound and took over a gigabyte. Multi-column boxes inside
each other grow the same way (four ran the whole 120 seconds), and faster still with
flex boxes: each is bounded alone, and all three are counted together, a multi-column
box as two levels. A grid is laid out
cell by cell: ``repeat(100000, 1px)`` for its rows and its columns took 4.8 GB
before failing, and an item placed at row 100,000 makes as many rows. The built-in
products nest one flex box, no multi-column box and no grid of more than a few
tracks. Before layout, the boxes WeasyPrint built from the filled template and its
stylesheets are walked once (a few milliseconds) and a document past a bound is
refused, so the template can be named.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from guidepress.errors import GuidepressError, HeavyLayout

MAX_NESTED = 4  # flex or grid boxes inside each other: the built-in products nest one
MAX_COLUMNS_NESTED = 2  # multi-column boxes inside each other: the built-in products use none
COLUMN_WEIGHT = 2  # a multi-column box, in the depth counted with flex and grid boxes:
# with a few lines of text, two columns inside each other took 35 to 65 seconds, one
# inside three flex boxes 44, and two inside four the whole 120
MAX_TRACKS = 1000  # rows, or columns, of one grid (given, or made by placing an item)
_PLACES = ("grid_row_start", "grid_row_end", "grid_column_start", "grid_column_end")


class NestedLayout(HeavyLayout):
    """The document nests flex or grid boxes deeper than ``MAX_NESTED``."""

    def __init__(self, depth: int):
        super().__init__(f"nests flex or grid boxes more than {MAX_NESTED} deep (display: flex "
                         "or grid, in the template or its stylesheets), more than can be laid "
                         "out in time; put fewer of them inside each other")
        self.depth = depth


def heavy_layout(root) -> HeavyLayout | None:
    """What the boxes below ``root`` ask for past a bound, or None."""
    from weasyprint.formatting_structure.boxes import BlockBox, FlexContainerBox, GridContainerBox

    stack = [(root, 0, 0)]
    while stack:
        box, above, columns = stack.pop()
        style = getattr(box, "style", None)
        if isinstance(box, (FlexContainerBox, GridContainerBox)):
            above += 1
            if above > MAX_NESTED:
                return NestedLayout(above)
        if isinstance(box, GridContainerBox):
            found = _grid_too_large(box)
            if found:
                return found
        if isinstance(box, BlockBox) and style is not None and (
                style["column_width"] != "auto" or style["column_count"] != "auto"):
            columns += 1
            if columns > MAX_COLUMNS_NESTED:
                return HeavyLayout(f"nests multi-column boxes more than {MAX_COLUMNS_NESTED} deep "
                                   "(columns or column-count, in the template or its "
                                   "stylesheets), more than can be laid out in time; put fewer "
                                   "of them inside each other")
        if above + COLUMN_WEIGHT * columns > MAX_NESTED:
            return HeavyLayout(f"nests flex, grid and multi-column boxes inside each other "
                               f"more than {MAX_NESTED} deep together (a multi-column box "
                               f"counts as {COLUMN_WEIGHT}: display: flex or grid, and "
                               "columns or column-count, in the template or its "
                               "stylesheets), more than can be laid out in time; put fewer "
                               "of them inside each other")
        stack.extend((child, above, columns) for child in getattr(box, "children", ()))
    return None


def nested_layouts(root) -> int:
    """How deep flex and grid boxes nest below ``root``, counted up to ``MAX_NESTED`` + 1."""
    found = heavy_layout(root)
    return found.depth if isinstance(found, NestedLayout) else 0


def _grid_too_large(grid) -> HeavyLayout | None:
    """A grid with more rows or columns than ``MAX_TRACKS``, given or made by where its
    items are placed."""
    style = grid.style
    tracks = {"rows": _tracks(style["grid_template_rows"]),
              "columns": _tracks(style["grid_template_columns"])}
    areas = style["grid_template_areas"]
    if isinstance(areas, (tuple, list)):
        tracks["rows"] = max(tracks["rows"], len(areas))
        tracks["columns"] = max([tracks["columns"], *(len(row) for row in areas)])
    for child in getattr(grid, "children", ()):
        for key in _PLACES if getattr(child, "style", None) is not None else ():
            place = child.style[key]  # computed when first asked for: not .get()
            if isinstance(place, tuple) and len(place) > 1 and isinstance(place[1], int):
                axis = "rows" if "row" in key else "columns"
                tracks[axis] = max(tracks[axis], abs(place[1]))
    for axis, count in tracks.items():
        if count > MAX_TRACKS:
            return HeavyLayout(f"asks for a grid of {count:,} {axis} (grid-template-{axis} or "
                               f"grid-{axis[:-1]}, in the template or its stylesheets), "
                               f"more than the {MAX_TRACKS:,} guidepress lays out; use fewer")
    return None


def _tracks(template) -> int:
    """The tracks a grid-template-rows or -columns value gives (an automatic repeat
    counts once: it fills no more than the page)."""
    if not isinstance(template, (tuple, list)):
        return 0
    count = 0
    for item in template[1::2]:  # line names and tracks alternate
        if isinstance(item, tuple) and item and item[0] == "repeat()":
            times = item[1] if isinstance(item[1], int) else 1
            count += times * _tracks(item[2])
        else:
            count += 1
    return count


def bound_layouts() -> None:
    """Have WeasyPrint refuse a document past a bound before it builds its boxes (a
    counter style that makes too much text: ``render.counters``) and before it lays
    them out (``heavy_layout``); once per process, a later call does nothing."""
    from weasyprint import document

    from guidepress.render.textruns import bound_text_runs

    bound_text_runs()  # one text too long for the text library: ``render.textruns``
    if getattr(document.layout_document, "bounded", False):
        return
    unbounded, unbuilt = document.layout_document, document.build_formatting_structure

    def build_formatting_structure(*args, **kwargs):
        from guidepress.render.counters import counter_style_problem

        styles = kwargs.get("counter_style", args[5] if len(args) > 5 else None)
        problem = counter_style_problem(styles) if styles is not None else None
        if problem:
            raise HeavyLayout(problem)
        return unbuilt(*args, **kwargs)

    def layout_document(html, root_box, context, *args, **kwargs):
        found = heavy_layout(root_box)
        if found:
            raise found
        return unbounded(html, root_box, context, *args, **kwargs)

    layout_document.bounded = True
    document.layout_document = layout_document
    document.build_formatting_structure = build_formatting_structure


@contextlib.contextmanager
def unexpected_errors(doing: str = "laying it out") -> Iterator[None]:
    """An error WeasyPrint did not expect while laying out or writing (an AttributeError
    on a grid item a stylesheet spans oddly, a KeyError tagging text scaled to nothing)
    is the template's or its stylesheets' to change, said as such (the caller names the
    template), not a traceback. One raised in guidepress's own code stays a traceback:
    that is a bug to report, not a rule to change."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except (GuidepressError, FatalURLFetchingError, RecursionError, MemoryError, OSError,
            OverflowError, ZeroDivisionError):
        raise  # said by the callers, each in its own words
    except Exception as exc:  # noqa: BLE001 - whatever the layout library raised
        if _ours(exc):
            raise
        raise HeavyLayout(f"asks for a layout WeasyPrint cannot make ({type(exc).__name__} "
                          f"while {doing}); change the rule in the template or its "
                          "stylesheets that was added or changed last") from None


def _ours(exc: BaseException) -> bool:
    """True if ``exc`` was raised in guidepress's own code rather than a library's."""
    import traceback
    from pathlib import Path

    frames = traceback.extract_tb(exc.__traceback__)
    package = Path(__file__).resolve().parent.parent
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(package)
