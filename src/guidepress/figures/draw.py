"""Draw an exercise's start and end poses as one inline, scalable SVG pictogram.

Two panels side by side (start, then end) at one fixed scale: the viewBox is
always ``FIGURE_WIDTH`` units wide (100 units = the figure's standing height),
so figures sized by CSS width alone share one scale on a page. The drawing is
plain SVG (path, line, circle, rect, polyline, polygon, g) so WeasyPrint's own
renderer draws it without warnings; there is no text inside it.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from guidepress.content.poses import HEAD_RADIUS, Figure, Skeleton, solve

if TYPE_CHECKING:
    from guidepress.content.exercises import Exercise

PANEL_WIDTH = 140.0
GAP = 16.0
FIGURE_WIDTH = 2 * PANEL_WIDTH + GAP
MARGIN = 3.0
LIMB = 6.5  # stroke width: about 7% of standing height (figures.md)
TORSO = 9.5
HALO = 1.0  # white gap around near limbs where they cross the body
NECK_GAP = 2.5  # the trunk stops short of the shoulder line so the head stands free
MAT_DEPTH = 2.6
WAVE = 1.4  # water wave amplitude

NEAR = "#1a1a1a"
FAR = "#8f8f8f"
MAT = "#d4d4d4"
GROUND = "#6e6e6e"
ARROW = "#1a1a1a"


def figure_svg(exercise: Exercise, id_prefix: str = "gp-fig") -> str:
    """The exercise's start and end positions as a self-contained inline ``<svg>``."""
    uid = f"{id_prefix}-{exercise.id}"
    start, end = place(exercise.figure)
    top, bottom = _vertical_extent(exercise.figure, start, end)
    left, right = _horizontal_extent(start, end)
    shift = PANEL_WIDTH / 2 - (left + right) / 2
    to_svg = _Frame(shift, top)
    panels = []
    surface = _surface(exercise.figure.surface, to_svg, left - 5, right + 5)
    for index, skeleton in enumerate((start, end)):
        back, front = _body(skeleton, to_svg)
        # Water runs through the body; a floor goes over the limbs' white halos.
        parts = [surface, *back] if exercise.figure.surface == "water" else [*back, surface]
        parts += front
        if index == 1:
            parts += [_arrow(start, end, name, to_svg) for name in exercise.figure.arrows]
        dx = index * (PANEL_WIDTH + GAP)
        panels.append(f'<g transform="translate({dx:g} 0)">{"".join(p for p in parts if p)}</g>')
    middle = to_svg.y((top + max(bottom, 0)) / 2)
    height = top - bottom
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gp-figure" '
        f'viewBox="0 0 {FIGURE_WIDTH:g} {height:.1f}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc">'
        f'<title id="{uid}-title">{escape(exercise.name)}</title>'
        f'<desc id="{uid}-desc">{escape(exercise.alt)}</desc>'
        f'{"".join(panels)}{_chevron(middle)}</svg>'
    )


def place(figure: Figure) -> tuple[Skeleton, Skeleton]:
    """Solve both poses, rest them on the surface and line up their anchor points."""
    placed = []
    for pose in (figure.start, figure.end):
        skeleton = solve(pose)
        ax = skeleton.points[figure.anchor][0]
        if figure.surface == "water":
            dy = -skeleton.points["waist"][1] - 1.0
        else:
            dy = -min(y - r for (_, y), r in _extents(skeleton))
        placed.append(skeleton.moved(-ax, dy))
    return placed[0], placed[1]


class _Frame:
    """Maps figure coordinates (y up) to SVG coordinates (y down) within a panel."""

    def __init__(self, shift: float, top: float):
        self.shift, self.top = shift, top

    def x(self, x: float) -> float:
        return x + self.shift

    def y(self, y: float) -> float:
        return self.top - y

    def pt(self, p: tuple[float, float]) -> str:
        return f"{self.x(p[0]):.1f} {self.y(p[1]):.1f}"


def _extents(skeleton: Skeleton):
    """Every drawn point with the radius of ink around it."""
    for name, point in skeleton.points.items():
        radius = HEAD_RADIUS if name == "head" else TORSO / 2 if name in (
            "pelvis", "waist", "neck") else LIMB / 2
        yield point, radius


def _vertical_extent(figure: Figure, *skeletons: Skeleton) -> tuple[float, float]:
    ink = [(y + r, y - r) for s in skeletons for (_, y), r in _extents(s)]
    top = max(t for t, _ in ink) + MARGIN
    below = {"floor": 1.2, "mat": MAT_DEPTH + 1.2, "water": WAVE + 8.0}[figure.surface]
    bottom = min(min(b for _, b in ink), -below) - MARGIN
    return top, bottom


def _horizontal_extent(*skeletons: Skeleton) -> tuple[float, float]:
    xs = [(x - r, x + r) for s in skeletons for (x, _), r in _extents(s)]
    return min(a for a, _ in xs), max(b for _, b in xs)


def _surface(kind: str, f: _Frame, left: float, right: float) -> str:
    """The floor line, a mat on it, or a water line, under the figure."""
    if kind == "water":
        return _wave(f.y(0), GROUND, 1.4) + _wave(f.y(-7), MAT, 1.4)
    floor = -MAT_DEPTH if kind == "mat" else 0.0
    line = (f'<line x1="0" y1="{f.y(floor) + 0.6:.1f}" x2="{PANEL_WIDTH:g}" '
            f'y2="{f.y(floor) + 0.6:.1f}" stroke="{GROUND}" stroke-width="1.2"/>')
    if kind != "mat":
        return line
    x0, x1 = max(f.x(left), 1.0), min(f.x(right), PANEL_WIDTH - 1.0)
    return (f'<rect x="{x0:.1f}" y="{f.y(0):.1f}" width="{x1 - x0:.1f}" height="{MAT_DEPTH:g}" '
            f'rx="1" fill="{MAT}"/>' + line)


def _wave(y: float, colour: str, width: float) -> str:
    step, d = 8.0, f"M0 {y:.1f}"
    for i in range(int(PANEL_WIDTH / step)):
        peak = y - WAVE if i % 2 == 0 else y + WAVE
        d += f" Q{(i + 0.5) * step:g} {peak:.1f} {(i + 1) * step:g} {y:.1f}"
    return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width:g}"/>'


def _limb(s: Skeleton, f: _Frame, names: tuple[str, ...], colour: str, width: float) -> str:
    d = "M" + " L".join(f.pt(s.points[n]) for n in names)
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width:g}" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def _body(s: Skeleton, f: _Frame) -> tuple[list[str], list[str]]:
    """What goes under the surface line and what goes over it.

    Far limbs, trunk and head come first; the near limbs last, each over a white
    halo so a near arm or leg stays distinct where it crosses the body.
    """
    far = NEAR if s.view == "front" else FAR  # from the front both sides are near
    head = s.points["head"]
    near = _arm_and_leg(s, f, "near", NEAR, LIMB)
    back = [
        *_arm_and_leg(s, f, "far", far, LIMB),
        _trunk(s, f),
        f'<circle cx="{f.x(head[0]):.1f}" cy="{f.y(head[1]):.1f}" r="{HEAD_RADIUS:g}" fill="{NEAR}"/>',
        *_arm_and_leg(s, f, "near", "#ffffff", LIMB + 2 * HALO),
    ]
    return back, near


def _arm_and_leg(s: Skeleton, f: _Frame, side: str, colour: str, width: float) -> list[str]:
    arm = tuple(f"{side}_{j}" for j in ("shoulder", "elbow", "wrist", "hand"))
    leg = tuple(f"{side}_{j}" for j in ("hip", "knee", "ankle", "toe"))
    return [_limb(s, f, leg, colour, width), _limb(s, f, arm, colour, width)]


def _trunk(s: Skeleton, f: _Frame) -> str:
    p = s.points
    if s.view == "front":
        corners = " ".join(f.pt(p[n]) for n in ("near_shoulder", "far_shoulder", "far_hip", "near_hip"))
        return (f'<polygon points="{corners}" fill="{NEAR}" stroke="{NEAR}" '
                f'stroke-width="{LIMB:g}" stroke-linejoin="round"/>')
    (wx, wy), (nx, ny) = p["waist"], p["neck"]
    length = math.hypot(nx - wx, ny - wy)
    k = (length - NECK_GAP) / length
    top = (wx + (nx - wx) * k, wy + (ny - wy) * k)
    # The control point that makes the curve pass through the waist joint itself.
    bend = tuple(2 * p["waist"][i] - (p["pelvis"][i] + top[i]) / 2 for i in (0, 1))
    return (f'<path d="M{f.pt(p["pelvis"])} Q{f.pt(bend)} {f.pt(top)}" fill="none" '
            f'stroke="{NEAR}" stroke-width="{TORSO:g}" stroke-linecap="round"/>')


def _arrow(start: Skeleton, end: Skeleton, name: str, f: _Frame) -> str:
    """A curved arrow beside the path of one point from its start to its end position."""
    (x0, y0), (x1, y1) = start.points[name], end.points[name]
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 10:  # a short arrow is a speck at print size
        return ""
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    cx, cy = end.points["waist"]  # bow and push the arrow away from the body
    if (x0 + x1) / 2 * nx + (y0 + y1) / 2 * ny < cx * nx + cy * ny:
        nx, ny = -nx, -ny
    off, trim, bow = 7.0, min(3.0, length / 5), length * 0.25
    a = (x0 + ux * trim + nx * off, y0 + uy * trim + ny * off)
    b = (x1 - ux * trim + nx * off, y1 - uy * trim + ny * off)
    c = ((a[0] + b[0]) / 2 + nx * bow, (a[1] + b[1]) / 2 + ny * bow)
    tx, ty = b[0] - c[0], b[1] - c[1]
    tl = math.hypot(tx, ty)
    tx, ty = tx / tl, ty / tl
    size = 4.0
    tip = (b[0] + tx * size * 0.6, b[1] + ty * size * 0.6)
    wing1 = (b[0] - tx * size + ty * size * 0.6, b[1] - ty * size - tx * size * 0.6)
    wing2 = (b[0] - tx * size - ty * size * 0.6, b[1] - ty * size + tx * size * 0.6)
    return (f'<path d="M{f.pt(a)} Q{f.pt(c)} {f.pt(b)}" fill="none" stroke="{ARROW}" '
            f'stroke-width="1.8" stroke-linecap="round"/>'
            f'<polygon points="{f.pt(tip)} {f.pt(wing1)} {f.pt(wing2)}" fill="{ARROW}"/>')


def _chevron(y: float) -> str:
    """A small '>' between the panels: start, then end."""
    x = PANEL_WIDTH + GAP / 2
    return (f'<polyline points="{x - 2.5:g} {y - 5:.1f} {x + 2.5:g} {y:.1f} {x - 2.5:g} {y + 5:.1f}" '
            f'fill="none" stroke="{FAR}" stroke-width="2" stroke-linecap="round" '
            f'stroke-linejoin="round"/>')


def preview_html(exercises, width: str = "4cm") -> str:
    """An HTML page with every exercise's figure at ``width``, captioned by its name."""
    cards = "".join(
        f'<figure>{figure_svg(e)}<figcaption>{escape(e.name)} ({escape(e.id)})</figcaption></figure>'
        for e in exercises)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Exercise figures'
            f'</title><style>@page {{ size: A4; margin: 1cm }} body {{ font: 9pt sans-serif }} '
            f'figure {{ display: inline-block; width: {width}; margin: 0 .5cm .5cm 0; '
            f'vertical-align: top }} svg {{ width: 100%; height: auto }}</style></head>'
            f'<body>{cards}</body></html>')
