"""Draw an exercise's frames (start, any middle, finish) as scalable SVG figures.

Every figure is drawn at one scale (100 units = the figure's standing height)
and every line has the same weight (``palette.LINE``). A frame is
``PANEL_WIDTH`` units wide (the cap) for a figure that needs it, such as one
lying down; a tall, narrow figure (standing) has frames only as wide as its own
widest frame needs (at least ``NARROWEST``), so a card sized to a figure height
shows it at that height instead of leaving half of each frame empty. The frames read left to right,
divided by a rule with a small arrowhead; the arrows for a movement sit in the
frame the movement starts from. The drawing is plain SVG (path, circle, line,
polygon, rect, g) so WeasyPrint's own renderer draws it without warnings; there
is no text inside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from itertools import zip_longest
from typing import TYPE_CHECKING

from guidepress.content.camera import Camera, camera
from guidepress.content.kinematics import Skeleton, radius
from guidepress.content.solver import place
from guidepress.content.poses import Figure
from guidepress.figures import palette as pal
from guidepress.figures.labels import frame_ink, label_sides
from guidepress.figures.motion import arrow_points, arrow_svg
from guidepress.figures.props import corners, prop_svg
from guidepress.figures.shapes import Piece, body_pieces, shadow_path

if TYPE_CHECKING:
    from guidepress.content.exercises import Exercise

PANEL_WIDTH = 144.0  # the widest a frame is: every figure lying down has this width
NARROWEST = 0.75 * PANEL_WIDTH  # the narrowest frame, so a frame never reads as a sliver
GAP = 14.0
MARGIN = 3.0
MAT_HALF = 19.0  # half the mat's width, across the body
MAT_THICK = 2.2
WAVE = 1.4


@dataclass(frozen=True)
class Drawing:
    """The frames of one exercise, each as SVG content in frame coordinates."""

    frames: tuple[str, ...]
    height: float
    panel: float = PANEL_WIDTH  # the width of each frame
    label_sides: tuple[str, ...] = ()  # each frame's clear top corner for its label (figures/labels.py)

    @property
    def width(self) -> float:
        """The width of all frames side by side."""
        return len(self.frames) * self.panel + (len(self.frames) - 1) * GAP

    def middle(self, index: int) -> float:
        """The x of the middle of frame ``index`` (0 = start)."""
        return index * (self.panel + GAP) + self.panel / 2


def figure_svg(exercise: Exercise, id_prefix: str = "gp-fig") -> str:
    """The exercise's frames side by side as a self-contained ``<svg>``."""
    drawing = draw(exercise.figure)
    panels = [f'<g transform="translate({i * (drawing.panel + GAP):g} 0)">{frame}</g>'
              for i, frame in enumerate(drawing.frames)]
    rules = [_separator(i * (drawing.panel + GAP) - GAP / 2, drawing.height)
             for i in range(1, len(drawing.frames))]
    return _svg(f"{id_prefix}-{exercise.id}", exercise.name, exercise.alt, drawing.width,
                drawing.height, "".join(panels + rules))


def frame_svg(exercise: Exercise, index: int, id_prefix: str = "gp-fig") -> str:
    """One frame of the exercise (0 = start) as a self-contained ``<svg>``."""
    drawing = draw(exercise.figure)
    name = exercise.figure.frame_names[index]
    title = f"{exercise.name}: {name.replace('-', ' ')}"
    return _svg(f"{id_prefix}-{exercise.id}-{name}", title, exercise.alt, drawing.panel,
                drawing.height, drawing.frames[index])


def _svg(uid: str, title: str, alt: str, width: float, height: float, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="gp-figure" '
            f'viewBox="0 0 {width:g} {height:.1f}" role="img" '
            f'aria-labelledby="{uid}-title {uid}-desc">'
            f'<title id="{uid}-title">{escape(title)}</title>'
            f'<desc id="{uid}-desc">{escape(alt)}</desc>{body}</svg>')


_DRAWN: dict[int, tuple[Figure, Drawing]] = {}


def draw(figure: Figure) -> Drawing:
    """Every frame of ``figure`` drawn at the shared scale (cached per figure)."""
    cached = _DRAWN.get(id(figure))
    if cached is None or cached[0] is not figure:  # ids are reused once an object is gone
        if len(_DRAWN) > 256:
            _DRAWN.clear()
        cached = _DRAWN[id(figure)] = (figure, _draw(figure))
    return cached[1]


def _draw(figure: Figure) -> Drawing:
    cam = camera(figure)
    skeletons = place(figure)
    arrows = [[arrow_points(figure, skeletons, i, name, cam) for name in figure.arrows]
              for i in range(len(skeletons) - 1)] + [[]]
    left, right, top, bottom = _extent(skeletons, cam, arrows, figure)
    panel = panel_width(right - left)
    shift = panel / 2 - (left + right) / 2
    frames, inks = [], []
    for skeleton, pose, frame_arrows in zip(skeletons, figure.poses, arrows):
        inks.append(frame_ink(drawn(skeleton, cam, figure.props, frame_arrows), shift, top))
        parts = [_surface(figure.surface, cam, left - 6, right + 6, shift, panel, -bottom)]
        if figure.surface == "water":
            parts.append(_water_line(cam, shift, panel))
        behind = [p for p in figure.props if not _held_in_front(p, figure)]
        front = [p for p in figure.props if _held_in_front(p, figure)]
        parts += [prop_svg(prop, cam, top - MARGIN - 4, skeleton) for prop in behind]
        shadow = shadow_path(skeleton, cam) if figure.surface != "water" else ""
        if shadow:
            parts.append(f'<path d="{shadow}" fill="{pal.SHADOW}"/>')
        bends = {k: getattr(pose, k) for k in ("near_elbow", "far_elbow", "near_knee", "far_knee")}
        parts += [_paint(p) for p in body_pieces(skeleton, cam, bends)]
        parts += [prop_svg(prop, cam, top - MARGIN - 4, skeleton) for prop in front]
        parts += [arrow_svg(points) for points in frame_arrows]
        frames.append(f'<g transform="translate({shift:.2f} {top:.2f})">{"".join(parts)}</g>')
    return Drawing(tuple(frames), top - bottom, panel, label_sides(inks, panel, top - bottom))


def _held_in_front(prop, figure: Figure) -> bool:
    """A band seen from the front runs from the hand across the front of the body (an
    external rotation pulls the hand toward the belly): it is painted over the body."""
    return prop.kind == "band" and figure.view == "front"


def panel_width(extent: float) -> float:
    """The width of a figure's frames: its widest frame's ``extent`` with a margin
    each side, between ``NARROWEST`` and ``PANEL_WIDTH``, in whole units."""
    return float(min(PANEL_WIDTH, max(NARROWEST, round(extent + 2 * MARGIN + 12))))


def _paint(piece: Piece) -> str:
    """Outline all of a piece's shapes, then fill them: one contour, no seams at joints.

    Each shape is its own ``<path>``: in one path, shapes wound opposite ways (a circle
    and a limb, or a trunk outline that loops back at the hip) cancel where they
    overlap and leave a hole, a stray notch or speck in the body.
    """
    ink, fill = (pal.FAR_INK, pal.FAR_BODY) if piece.far else (pal.INK, pal.BODY)
    shapes = [f"M{part}" for d in piece.paths for part in d.split("M") if part]
    paths = "".join(f'<path d="{d}"/>' for d in shapes)
    return (f'<g fill="{ink}" stroke="{ink}" stroke-width="{2 * pal.LINE:g}" '
            f'stroke-linejoin="round">{paths}</g><g fill="{fill}">{paths}</g>')


def drawn(skeleton: Skeleton, cam: Camera, props, arrows):
    """What one frame draws, in picture units: ``(kind, x, y, reach)`` for each joint
    and body section (reach: how far its shape extends round it), each prop's corner
    and each point of its arrows (reach 0)."""
    for name, point in skeleton.points.items():
        x, y, _ = cam.project(point)
        yield "joint", x, y, radius(name) + pal.LINE
    for sec in skeleton.sections:
        x, y, _ = cam.project(sec.centre)
        yield "section", x, y, max(sec.half_width, sec.half_depth)
    for prop in props:
        for point in corners(prop):
            x, y, _ = cam.project(point)
            yield "prop", x, y, 0.0
    for points in arrows:
        for x, y in points:
            yield "arrow", x, y, 0.0


def _extent(skeletons: list[Skeleton], cam: Camera, arrows, figure: Figure):
    """Left, right, top and bottom of everything drawn, in picture units."""
    xs, ys = [], []
    for skeleton, frame_arrows in zip_longest(skeletons, arrows, fillvalue=()):  # the last has none
        for kind, x, y, reach in drawn(skeleton, cam, figure.props, frame_arrows):
            r = reach * 0.8 if kind == "section" else reach
            xs += [x - r, x + r]
            ys += [y - r, y + r]
    below = {"floor": pal.LINE, "mat": MAT_THICK + pal.LINE, "water": WAVE + 6.0}[figure.surface]
    floor_low = -below
    if figure.surface != "water":  # the mat's lowest corner: seen turned, one end dips lower
        ends = (min(xs) - 6, max(xs) + 6)
        floor_low = min(cam.project((x, -below, z))[1] for x in ends for z in (-MAT_HALF, MAT_HALF))
    return min(xs), max(xs), max(ys) + MARGIN, min(min(ys), floor_low) - MARGIN


def _surface(kind: str, cam: Camera, left: float, right: float, shift: float,
             panel: float, deep: float) -> str:
    """The floor, a mat on it, or the water under the figure, down to ``deep`` below
    the surface (the frame's bottom, so an arm and its arrow under water stay in it).

    ``left`` and ``right`` are picture x; seen turned (``cam.turn``), the mat's ends
    are foreshortened and its corners shifted, so its length along the body is
    stretched to reach them, as far as its corners stay inside the frame.
    """
    ct, st = math.cos(math.radians(cam.turn)), abs(math.sin(math.radians(cam.turn)))
    x0 = max(left, 1.0 - shift + MAT_HALF * st) / ct
    x1 = min(right, panel - 1.0 - shift - MAT_HALF * st) / ct
    if kind == "water":
        return (f'<rect x="{-shift:.2f}" y="{WAVE:.2f}" width="{panel:g}" '
                f'height="{deep - WAVE:.2f}" fill="{pal.WATER}"/>')
    if kind == "floor":
        y = -cam.project((0.0, 0.0, MAT_HALF))[1] + pal.LINE / 2
        return (f'<line x1="{-shift:.2f}" y1="{y:.2f}" x2="{panel - shift:.2f}" y2="{y:.2f}" '
                f'stroke="{pal.FLOOR_INK}" stroke-width="{pal.LINE:g}"/>')
    corners = [cam.project(p)[:2] for p in ((x0, 0, -MAT_HALF), (x1, 0, -MAT_HALF),
                                             (x1, 0, MAT_HALF), (x0, 0, MAT_HALF))]
    front = [cam.project(p)[:2] for p in ((x0, 0, MAT_HALF), (x1, 0, MAT_HALF),
                                           (x1, -MAT_THICK, MAT_HALF), (x0, -MAT_THICK, MAT_HALF))]
    top = _polygon(corners, pal.MAT_TOP) if cam.tilt else ""
    return top + _polygon(front, pal.MAT_SIDE)


def _polygon(points, fill: str) -> str:
    pts = " ".join(f"{x:.2f},{-y:.2f}" for x, y in points)
    return (f'<polygon points="{pts}" fill="{fill}" stroke="{pal.FLOOR_INK}" '
            f'stroke-width="{pal.LINE:g}" stroke-linejoin="round"/>')


def _water_line(cam: Camera, shift: float, panel: float) -> str:
    """A wave at the water line, drawn behind the body: the swimmer lies at the surface,
    and the line does not cut through the body."""
    step, x = 8.0, -shift
    d = f"M{x:.2f} 0"
    for i in range(int(panel / step)):
        peak = -WAVE if i % 2 == 0 else WAVE
        d += f" Q{x + (i + 0.5) * step:.2f} {peak:.2f} {x + (i + 1) * step:.2f} 0"
    return f'<path d="{d}" fill="none" stroke="{pal.WATER_INK}" stroke-width="{pal.LINE:g}"/>'


def _separator(x: float, height: float) -> str:
    """A rule between two frames, broken by a small arrowhead: read on to the right.

    The rule stops short of the arrowhead rather than being masked by a white
    disc, so it sits cleanly on a tinted card as on white paper.
    """
    mid, size = height / 2, 3.2
    tip = f"{x + size:.2f},{mid:.2f} {x - size * 0.7:.2f},{mid - size:.2f} {x - size * 0.7:.2f},{mid + size:.2f}"
    rule = f'stroke="{pal.SEPARATOR}" stroke-width="{pal.LINE * 0.7:g}"'
    return (f'<line x1="{x:.2f}" y1="{MARGIN:g}" x2="{x:.2f}" y2="{mid - size - 1.6:.2f}" {rule}/>'
            f'<line x1="{x:.2f}" y1="{mid + size + 1.6:.2f}" x2="{x:.2f}" y2="{height - MARGIN:.2f}" {rule}/>'
            f'<polygon points="{tip}" fill="{pal.SEPARATOR}"/>')


def preview_html(exercises, width: str = "4cm") -> str:
    """An HTML page with every exercise's figure, captioned, at one scale: a frame
    ``PANEL_WIDTH`` wide is ``width`` wide."""
    cards = "".join(
        f'<figure style="width: calc({width} * {draw(e.figure).width / PANEL_WIDTH:.4f})">'
        f'{figure_svg(e)}<figcaption>{escape(e.name)} ({escape(e.id)})'
        f'</figcaption></figure>' for e in exercises)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Exercise figures'
            f'</title><style>@page {{ size: A4; margin: 1cm }} body {{ font: 9pt sans-serif }} '
            f'figure {{ display: inline-block; margin: 0 .5cm .5cm 0; '
            f'vertical-align: top }} svg {{ width: 100%; height: auto }}</style></head>'
            f'<body>{cards}</body></html>')
