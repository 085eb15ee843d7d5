"""A bound on flex and grid boxes nested inside each other.

WeasyPrint lays out the content of a flex or grid box several times (to measure it,
then to place it), and the content's own flex boxes again each time, so the work
grows by a factor of two to three with each level: measured with a few lines of text,
nine flex boxes took 8 seconds, eight column flex boxes 27, and a template nesting
twelve ran the whole time bound and took over a gigabyte. The built-in products nest
one at most. Before layout, the boxes WeasyPrint built from the filled template and
its stylesheets are walked once (a few milliseconds) and a document nesting more
than ``MAX_NESTED`` is refused, so the template can be named.
"""

from __future__ import annotations

from guidepress.errors import RenderError

MAX_NESTED = 4  # flex or grid boxes inside each other: the built-in products nest one


class NestedLayout(RenderError):
    """The document nests flex or grid boxes deeper than ``MAX_NESTED``."""

    def __init__(self, depth: int):
        super().__init__(f"flex or grid boxes are nested {depth} deep")
        self.depth = depth


def nested_layouts(root) -> int:
    """The most flex and grid boxes found inside each other below ``root`` (a box),
    stopping once past ``MAX_NESTED``."""
    from weasyprint.formatting_structure.boxes import FlexContainerBox, GridContainerBox

    deepest, stack = 0, [(root, 0)]
    while stack and deepest <= MAX_NESTED:
        box, above = stack.pop()
        if isinstance(box, (FlexContainerBox, GridContainerBox)):
            above += 1
            deepest = max(deepest, above)
        stack.extend((child, above) for child in getattr(box, "children", ()))
    return deepest


def bound_layouts() -> None:
    """Have WeasyPrint refuse a document nesting too many flex or grid boxes before it
    lays it out (once per process; a later call does nothing)."""
    from weasyprint import document

    if getattr(document.layout_document, "bounded", False):
        return
    unbounded = document.layout_document

    def layout_document(html, root_box, context, *args, **kwargs):
        depth = nested_layouts(root_box)
        if depth > MAX_NESTED:
            raise NestedLayout(depth)
        return unbounded(html, root_box, context, *args, **kwargs)

    layout_document.bounded = True
    document.layout_document = layout_document
