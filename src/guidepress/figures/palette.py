"""The figures' colours and line weight, and the contrast they keep against white paper.

Every line that shows a shape (a body's outline, the floor, an arrow, the
separator between frames) keeps at least 3:1 against the paper, the WCAG
minimum for graphics; fills are light so outlines and arrows stand out, and a
far limb is told from a near one by a lighter outline and a lighter fill.
"""

from __future__ import annotations

LINE = 0.95  # one outline weight for every line, in 1/100 of standing height
BAND_LINE = round(LINE * 1.4, 3)  # an exercise band: a cord, a little heavier than an outline

INK = "#1d2833"  # near side: outlines
BODY = "#d9e4ee"  # near side: fill
FAR_INK = "#56616c"  # far side: outlines (5.5:1 on the tinted figure panel: a far limb stays in view)
FAR_BODY = "#f1f5f8"  # far side: fill
FLOOR_INK = "#5a6570"  # the floor line and the mat's edge
MAT_TOP = "#eef1f4"
MAT_SIDE = "#c9d1d8"
BAND = "#3d7a5a"  # an exercise band: a calm green, told apart from the red arrows
SHADOW = "#ccd4db"  # the body's shadow on the mat
WATER_INK = "#2f6690"
WATER = "#c9dff0"
ARROW = "#c0362c"
SEPARATOR = "#6f7b87"
PAPER = "#ffffff"

# What a theme prints instead: ink-saver's arrows in its ink, not red; high-contrast's
# far limbs outlined at 7:1, not pale grey.
THEMED = {"ink-saver": {ARROW: INK}, "high-contrast": {FAR_INK: "#4a545e"}}

# The colours that draw a shape's edge against the paper, and what they draw.
EDGES = {"near outline": INK, "far outline": FAR_INK, "floor": FLOOR_INK, "water line": WATER_INK,
         "arrow": ARROW, "separator": SEPARATOR, "band": BAND}


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = PAPER) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
