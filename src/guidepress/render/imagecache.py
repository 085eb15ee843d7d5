"""What a cached SVG image keeps of the document it was first drawn in.

WeasyPrint's image cache lets one renderer parse each figure's SVG once for many
documents. But an SVG image keeps the layout context of the document that first
loaded it (for the fonts of any text in it, and the images it links), and with it
every computed style and box of that document. A renderer whose cache holds two
dozen figures, first met in as many sheets, so kept as many whole documents alive:
a batch worker grew from about 150 MB to over 260 MB in 80 sheets. Once a document
is laid out, each cached SVG image is given a small stand-in for its context,
holding only what drawing an SVG asks of one.
"""

from __future__ import annotations

from functools import partial


class DrawingContext:
    """The part of a layout context an SVG image uses when drawn: the font
    configuration, hyphenation dictionaries and a way to load linked images."""

    def __init__(self, context):
        self.font_config = context.font_config
        self.dictionaries = {}
        loader = context.get_image_from_uri
        # the context's loader is a partial bound to the context: rebind it to this one
        self.get_image_from_uri = partial(loader.func, *loader.args,
                                          **{**loader.keywords, "context": self})


def unpin(cache: dict) -> None:
    """Give each SVG image in ``cache`` a stand-in for the layout context it holds."""
    from weasyprint.images import SVGImage

    for image in cache.values():
        context = getattr(image, "_context", None)  # WeasyPrint's own names: another
        # version without them keeps its documents as before, and still draws
        if isinstance(image, SVGImage) and context is not None \
                and not isinstance(context, DrawingContext):
            image._context = DrawingContext(context)
            if hasattr(image, "_svg"):
                image._svg.context = image._context
