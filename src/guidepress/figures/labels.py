"""Where a card sets its frames' labels ("Start", "Finish").

In each frame's top left corner, or its top right, when the drawing leaves one
clear, else in a line under the figure: that line costs every card about 6 mm,
which decides whether two cards share a page.
Clear means clear at the smallest figure a card draws, where a label covers most
of a frame; a figure of three frames keeps the line under it.
"""

from __future__ import annotations

from guidepress.figures import palette as pal

LABEL_MM = (12.0, 5.0)  # a 10 pt label's box with its inset: width, height
SMALLEST_MM = 22.0  # the smallest frame height a card gives a figure

Ink = tuple[float, float, float]  # x, y (down from the frame's top) and reach, in picture units

# the least a label keeps from a prop's corner and from an arrow's line (draw.drawn gives
# their points with no reach of their own)
MARGIN = {"prop": pal.LINE, "arrow": 2 * pal.LINE}


def frame_ink(points, shift: float, top: float) -> list[Ink]:
    """One frame's drawn points (``draw.drawn``) in the frame's own coordinates, each
    with how far its shape reaches round it."""
    return [(x + shift, top - y, MARGIN.get(kind, reach)) for kind, x, y, reach in points]


def label_sides(inks: list[list[Ink]], panel: float, height: float) -> tuple[str, ...]:
    """The top corner ("left" or "right") of each frame that holds its label clear of
    the drawing, the left one first; empty when a frame has neither, when the first
    frame's label would sit by the divider, or when the figure has more than two frames."""
    if len(inks) != 2:
        return ()
    per_mm = height / SMALLEST_MM
    wide, high = LABEL_MM[0] * per_mm, LABEL_MM[1] * per_mm
    sides = []
    for ink in inks:
        low = [(x, r) for x, y, r in ink if y - r < high]  # what reaches the label's height
        if all(x - r > wide for x, r in low):
            sides.append("left")
        elif all(x + r < panel - wide for x, r in low):
            sides.append("right")
        else:
            return ()
    return tuple(sides) if sides[0] == "left" else ()  # a first label by the divider reads as the next frame's
