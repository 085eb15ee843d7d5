"""Props drawn behind the body: a wall, a step or box, a chair, a table, a ball, a band.

Flat and calm, as the mat is: a light fill, the floor's own grey outline, one line
weight; a block is its front face and, seen from a little above, its top. A band
runs from its anchor to the body point that holds it, in the frame's own pose.
"""

from __future__ import annotations

from guidepress.content.camera import Camera
from guidepress.content.kinematics import Skeleton
from guidepress.content.props import SEAT, Prop
from guidepress.figures import palette as pal

DEPTH = 19.0  # half a prop's depth across the body (as the mat's)
WALL = 5.0  # a wall's thickness
LEG = 1.6  # a chair or table leg's width
BACKREST = 30.0  # a chair back's height above the seat


def blocks(prop: Prop, top: float) -> list[tuple[float, float, float, float]]:
    """The prop as boxes (x0, x1, y0, y1); a wall reaches up to ``top``."""
    width, height = prop.size
    x0, x1 = prop.x - width / 2, prop.x + width / 2
    if prop.kind == "wall":
        return [(prop.x - WALL, prop.x, 0.0, top) if prop.side == "left" else (prop.x, prop.x + WALL, 0.0, top)]
    if prop.kind in ("step", "box"):
        return [(x0, x1, 0.0, height)]
    if prop.kind in ("chair", "table"):
        legs = [(x0 + 0.5, x0 + 0.5 + LEG, 0.0, height - SEAT), (x1 - 0.5 - LEG, x1 - 0.5, 0.0, height - SEAT)]
        out = [*legs, (x0, x1, height - SEAT, height)]
        if prop.kind == "chair":
            back = (x0, x0 + LEG * 1.4) if prop.side == "left" else (x1 - LEG * 1.4, x1)
            out.append((*back, height, height + (prop.back or BACKREST)))
        return out
    return []


def corners(prop: Prop) -> list[tuple[float, float, float]]:
    """World points the frame must hold (a wall's height is the frame's own)."""
    if prop.kind == "band":
        return [(prop.x, prop.y or 0.0, 0.0)]
    if prop.kind == "ball":
        width, _ = prop.size
        return [(prop.x + dx, dy, 0.0) for dx, dy in ((-width / 2, 0.0), (width / 2, width))]
    return [(x, y, z) for x0, x1, y0, y1 in blocks(prop, 0.0)
            for x in (x0, x1) for y in (y0, y1) for z in (-DEPTH, DEPTH)]


def prop_svg(prop: Prop, cam: Camera, top: float, skeleton: Skeleton) -> str:
    """One prop as SVG in picture coordinates (y up is drawn as -y)."""
    if prop.kind == "band":
        return _band(prop, cam, skeleton)
    if prop.kind == "ball":
        width, _ = prop.size
        x, y, _ = cam.project((prop.x, width / 2, 0.0))
        return (f'<circle cx="{x:.2f}" cy="{-y:.2f}" r="{width / 2:.2f}" fill="{pal.MAT_TOP}" '
                f'stroke="{pal.FLOOR_INK}" stroke-width="{pal.LINE:g}"/>')
    return "".join(_block(box, cam, prop.kind != "wall") for box in blocks(prop, top))


def _block(box: tuple[float, float, float, float], cam: Camera, lid: bool = True) -> str:
    x0, x1, y0, y1 = box
    front = [(x0, y0, DEPTH), (x1, y0, DEPTH), (x1, y1, DEPTH), (x0, y1, DEPTH)]
    top = [(x0, y1, DEPTH), (x1, y1, DEPTH), (x1, y1, -DEPTH), (x0, y1, -DEPTH)]
    faces = [(top, pal.MAT_TOP)] if cam.tilt and lid else []
    return "".join(_polygon([cam.project(p)[:2] for p in face], fill)
                   for face, fill in [*faces, (front, pal.MAT_SIDE)])


def _polygon(points, fill: str) -> str:
    pts = " ".join(f"{x:.2f},{-y:.2f}" for x, y in points)
    return (f'<polygon points="{pts}" fill="{fill}" stroke="{pal.FLOOR_INK}" '
            f'stroke-width="{pal.LINE:g}" stroke-linejoin="round"/>')


def _band(prop: Prop, cam: Camera, skeleton: Skeleton) -> str:
    ax, ay, _ = cam.project((prop.x, prop.y or 0.0, 0.0))
    bx, by, _ = cam.project(skeleton.points[prop.to or "near_hand"])
    knot = 1.6
    return (f'<line x1="{ax:.2f}" y1="{-ay:.2f}" x2="{bx:.2f}" y2="{-by:.2f}" stroke="{pal.BAND}" '
            f'stroke-width="{pal.BAND_LINE:g}" stroke-linecap="round"/>'
            f'<rect x="{ax - knot:.2f}" y="{-ay - knot:.2f}" width="{2 * knot:g}" height="{2 * knot:g}" '
            f'fill="{pal.FLOOR_INK}"/>')
