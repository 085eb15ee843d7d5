"""The body's outlines as SVG path data: tapered limbs, the trunk, neck and head.

A figure is seen through a ``Camera`` (``content.kinematics``); each body part becomes one or more closed paths in picture coordinates, grouped
into pieces (an arm, a leg, the trunk) that are painted from the back forward.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from guidepress.content.camera import Camera
from guidepress.content.kinematics import HEAD_RADIUS, NECK_BASE, Skeleton, radius
from guidepress.figures.webs import belly_web, shoulder_caps, thighs_web

Point = tuple[float, float]

# A joint bent further than this shows as two pieces, so the fold stays visible.
FOLD = 105.0
TURN, QUARTER = 2 * math.pi, math.pi / 2
LIMBS = {
    "arm": (("shoulder", "elbow"), ("elbow", "wrist"), ("wrist", "knuckle"), ("knuckle", "hand")),
    "leg": (("hip", "knee"), ("knee", "calf"), ("calf", "ankle"), ("ankle", "heel"),
            ("heel", "ball"), ("ankle", "ball"), ("ball", "toe")),
}
FOLDS = {"arm": ("elbow", 1), "leg": ("knee", 1)}  # the joint, and how many segments precede it


@dataclass
class Piece:
    """Shapes painted together: one outline around all of them, one fill.

    Pieces are painted by ``layer`` (far limbs, trunk, neck, head, near limbs),
    then by depth: a limb on the far side is behind the body whatever its height.
    """

    name: str
    depth: float
    layer: float = 0
    paths: list[str] = field(default_factory=list)
    far: bool = False


def _fmt(p: Point) -> str:
    return f"{p[0]:.2f} {-p[1]:.2f}"


def capsule(p1: Point, r1: float, p2: Point, r2: float, ends: tuple[bool, bool] = (True, True)) -> str:
    """A tapered limb segment: two circles joined by their outer tangents.

    An end left out of ``ends`` is cut straight across between the tangents: only
    for a joint whose whole circle another shape of the same path covers (the next
    segment of a limb), where the union, and so the outline, stays the same.
    """
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    d = math.hypot(dx, dy)
    if d <= abs(r1 - r2) + 1e-6:  # one end hides the other (a limb pointing at the viewer)
        big, r = (p1, r1) if r1 >= r2 else (p2, r2)
        return circle(big, r)
    sb = (r1 - r2) / d
    # Both ends are rounded clockwise as seen on the page, as circles are not: the end
    # at p2 turns round its far side (less than half a turn where that end is the
    # thinner), the end at p1 the rest of the turn. ``half`` is the angle between
    # the segment and the radius to a tangent point.
    along, half = math.atan2(dy, dx), math.atan2(math.sqrt(max(0.0, 1 - sb * sb)), sb)
    a1, b1 = _on(p1, r1, along + half), _on(p1, r1, along - half)
    far = arc(p2, r2, along + half, -2 * half) if ends[1] else f"L{_fmt(_on(p2, r2, along - half))}"
    near = arc(p1, r1, along - half, 2 * half - TURN) if ends[0] else ""
    return f"M{_fmt(a1)}L{_fmt(_on(p2, r2, along + half))}{far}L{_fmt(b1)}{near}Z"


def polygon(points: list[Point]) -> str:
    """A closed polygon as path data."""
    return "M" + "L".join(_fmt(p) for p in points) + "Z"


def circle(c: Point, r: float) -> str:
    """A circle as path data, drawn counter-clockwise on the page from its left point."""
    return f"M{_fmt((c[0] - r, c[1]))}{arc(c, r, math.pi, TURN)}Z"


def oval(c: Point, axis: Point, long: float, short: float) -> str:
    """An ellipse around ``c`` through 16 points, the first at the end of ``long`` along ``axis``."""
    u = (axis[0] / math.hypot(*axis), axis[1] / math.hypot(*axis))
    return smooth([(c[0] + long * math.cos(t) * u[0] - short * math.sin(t) * u[1],
                    c[1] + long * math.cos(t) * u[1] + short * math.sin(t) * u[0])
                   for t in (TURN * i / 16 for i in range(16))])


def arc(c: Point, r: float, start: float, sweep: float) -> str:
    """Cubic Béziers along a circular arc from angle ``start`` (radians, counter-clockwise
    in picture coordinates) turning by ``sweep``, in pieces of at most a quarter turn.

    WeasyPrint draws SVG arc commands in Python, point by point through matrices, and
    reads every number of path data through regular expressions: so arcs are given
    as curves, and every piece after the first as a smooth ``S`` curve, whose first
    control point WeasyPrint mirrors from the previous piece (two points to read, not three).
    """
    pieces = max(1, math.ceil(abs(sweep) / QUARTER - 1e-9))
    step = sweep / pieces
    k = 4 / 3 * math.tan(step / 4) * r  # the control points' distance along the tangent
    out = []
    for i in range(pieces):
        a0, a1 = start + i * step, start + (i + 1) * step
        p0, p3 = _on(c, r, a0), _on(c, r, a1)
        c2 = (p3[0] + k * math.sin(a1), p3[1] - k * math.cos(a1))
        if i == 0:
            out.append(f"C{_fmt((p0[0] - k * math.sin(a0), p0[1] + k * math.cos(a0)))} ")
        else:
            out.append("S")
        out.append(f"{_fmt(c2)} {_fmt(p3)}")
    return "".join(out)


def _on(c: Point, r: float, angle: float) -> Point:
    """The point of the circle around ``c`` at ``angle``."""
    return (c[0] + r * math.cos(angle), c[1] + r * math.sin(angle))


def smooth(points: list[Point]) -> str:
    """A closed curve through ``points`` (Catmull-Rom turned into cubic Béziers).

    The curve's tangents are the same on both sides of each point, so every curve
    after the first is a smooth ``S`` one: WeasyPrint mirrors its first control point.
    """
    n = len(points)
    d = f"M{_fmt(points[0])}"
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        if i == 0:
            d += f"C{_fmt((p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6))} "
        else:
            d += "S"
        d += f"{_fmt(c2)} {_fmt(p2)}"
    return d + "Z"


def trunk_outline(s: Skeleton, cam: Camera) -> str:
    """The trunk's silhouette: each section's ellipse seen from the camera, joined."""
    centres = [cam.project(sec.centre)[:2] for sec in s.sections]
    left, right, ends = [], [], []
    for i, sec in enumerate(s.sections):
        a, b = centres[max(i - 1, 0)], centres[min(i + 1, len(centres) - 1)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        tl = math.hypot(tx, ty) or 1.0
        tx, ty = tx / tl, ty / tl
        nx, ny = -ty, tx
        lx, ly = cam.axis(sec.lateral)
        fx, fy = cam.axis(sec.forward)
        reach = math.hypot(sec.half_width * (lx * nx + ly * ny), sec.half_depth * (fx * nx + fy * ny))
        c = centres[i]
        left.append((c[0] + nx * reach, c[1] + ny * reach))
        right.append((c[0] - nx * reach, c[1] - ny * reach))
        ends.append((c, (tx, ty), (nx, ny), reach))
    # Seen from the front the shoulders run nearly level to the neck, which shows above them.
    top = _cap(*ends[-1], bulge=0.15 if s.view == "front" else 0.55)
    bottom = _cap(*ends[0], bulge=-0.2 if s.view == "front" else -0.75)
    return smooth(left + top + right[::-1] + bottom)


def _cap(c: Point, t: Point, n: Point, reach: float, bulge: float) -> list[Point]:
    """Points rounding off one end of the trunk, from its left edge to its right."""
    sign = 1 if bulge > 0 else -1
    out = []
    for k in (1, 2, 3):
        angle = math.radians(45 * k)
        across = math.cos(angle) * sign * reach
        along = math.sin(angle) * abs(bulge) * reach * sign
        out.append((c[0] + n[0] * across + t[0] * along, c[1] + n[1] * across + t[1] * along))
    return out if bulge > 0 else out[::-1]


def limb_pieces(s: Skeleton, cam: Camera, side: str, kind: str, folded: float) -> list[Piece]:
    """An arm or a leg as one piece, or two where its middle joint is folded; a far limb
    is drawn lighter (except in the front view, where both sides face the reader)."""
    prefix = f"{side}_"
    segments = LIMBS[kind]
    split = FOLDS[kind][1] if folded > FOLD else len(segments)
    groups = [segments[:split], segments[split:]] if split < len(segments) else [segments]
    pieces = []
    for order, group in enumerate(groups):
        names = {n for seg in group for n in seg}
        depth = sum(cam.project(s.points[prefix + n])[2] for n in names) / len(names)
        piece = Piece(f"{prefix}{kind}", depth - 0.01 * order if folded > FOLD else depth,
                      layer=4 if side == "near" else 0,
                      far=side == "far" and s.view != "front")
        for (a, b), ends in zip(group, chain_ends(group)):
            pa, pb = cam.project(s.points[prefix + a]), cam.project(s.points[prefix + b])
            piece.paths.append(capsule(pa[:2], radius(a), pb[:2], radius(b), ends))
        pieces.append(piece)
    if len(pieces) == 2:  # the part nearer the body covers the folded one (thigh over calf)
        pieces[0].depth = max(pieces[0].depth, pieces[1].depth) + 0.01
    return pieces


def chain_ends(segments) -> list[tuple[bool, bool]]:
    """Which ends of a limb's segments to round: a joint only the first time it comes,
    since that segment's rounded end already covers the joint's whole circle."""
    seen: set[str] = set()
    out = []
    for a, b in segments:
        out.append((a not in seen, b not in seen))
        seen |= {a, b}
    return out


def head_pieces(s: Skeleton, cam: Camera) -> list[Piece]:
    """The neck and the head, painted over the trunk."""
    neck, head = cam.project(s.points["neck"]), cam.project(s.points["head"])
    base = (neck[0] + (head[0] - neck[0]) * 0.15, neck[1] + (head[1] - neck[1]) * 0.15)
    top = (neck[0] + (head[0] - neck[0]) * 0.6, neck[1] + (head[1] - neck[1]) * 0.6)
    neck_piece = Piece("neck", neck[2], layer=0.5,
                       paths=[capsule(base, radius("neck"), top, radius("neck") * 0.9)])
    outline = circle(head[:2], HEAD_RADIUS)
    if s.view == "front":  # an oval along the line from the neck's base: a tilt of the head shows
        waist = cam.project(s.points["waist"])
        up = [(neck[i] - waist[i]) * NECK_BASE / math.dist(neck[:2], waist[:2]) for i in (0, 1)]
        outline = oval(head[:2], (head[0] - neck[0] - up[0], head[1] - neck[1] - up[1]), HEAD_RADIUS, 5.2)
    head_piece = Piece("head", head[2], layer=3, paths=[outline])
    return [neck_piece, head_piece]


def body_pieces(s: Skeleton, cam: Camera, bends: dict[str, float]) -> list[Piece]:
    """Every piece of the body, sorted back to front.

    Far limbs are drawn lighter, even the one that moves: the tone says which side of
    the body a limb is on, the arrow says what moves.

    A leg on the viewer's side joins the trunk's outline, so the hip reads as one
    contour; where its knee is folded, the shin lies just behind the thigh.
    """
    depth = sum(cam.project(sec.centre)[2] for sec in s.sections) / len(s.sections)
    trunk = Piece("trunk", depth, layer=1, paths=[trunk_outline(s, cam)])
    pieces = [trunk, *head_pieces(s, cam)]
    stacked = s.view == "front" and bool(thighs_web(s, cam))
    if s.view == "front":  # fill the fork between the thighs; round the shoulders onto the arms
        hips = [cam.project(s.points[f"{side}_hip"])[:2] for side in ("near", "far")]
        trunk.paths += [capsule(hips[0], radius("hip"), hips[1], radius("hip")),
                        *map(polygon, thighs_web(s, cam))]
        trunk.paths += [capsule(a, r, b, r) for a, b, r in shoulder_caps(s, cam)]
        trunk.paths += pieces[1].paths  # the neck one outline with the shoulders: a tilt shows
    for side in ("far", "near"):
        pieces += limb_pieces(s, cam, side, "arm", bends.get(f"{side}_elbow", 0.0))
        legs = limb_pieces(s, cam, side, "leg", bends.get(f"{side}_knee", 0.0))
        if stacked and side == "near":  # the top leg of two stacked (side plank): its own outline
            for leg in legs:
                leg.layer = 2
            pieces += legs
        elif side == "near" or s.view == "front":
            pelvis, hip = cam.project(s.sections[0].centre), cam.project(s.points[f"{side}_hip"])
            # Both ends stay round, though the thigh covers the hip: the trunk's outline can
            # loop back on itself there, and only this end keeps that loop filled.
            trunk.paths.append(capsule(pelvis[:2], radius("hip"), hip[:2], radius("hip")))
            trunk.paths += legs[0].paths + [polygon(p) for p in belly_web(s, cam, side)]
            for shin in legs[1:]:
                shin.layer, shin.depth = 1, depth - 0.01
                pieces.append(shin)
        else:
            pieces += legs
    return sorted(pieces, key=lambda p: (p.layer, p.depth))


def body_capsules(s: Skeleton, cam: Camera) -> list[tuple[Point, float, Point, float]]:
    """The body as tapered segments in the picture, for telling where ink lies."""
    pts = {n: cam.project(p)[:2] for n, p in s.points.items()}
    out = [(pts["head"], HEAD_RADIUS, pts["head"], HEAD_RADIUS)]
    for side in ("near", "far"):
        for kind in ("arm", "leg"):
            out += [(pts[f"{side}_{a}"], radius(a), pts[f"{side}_{b}"], radius(b)) for a, b in LIMBS[kind]]
    centres = [cam.project(sec.centre)[:2] for sec in s.sections]
    reach = [min(sec.half_width, sec.half_depth) + 1.0 for sec in s.sections]
    out += [(centres[i], reach[i], centres[i + 1], reach[i + 1]) for i in range(len(centres) - 1)]
    return out


def shadow_path(s: Skeleton, cam: Camera) -> str:
    """The shadow of the trunk and limbs straight down on the floor: a part lifted off
    the floor is seen apart from its shadow, which shows the lift even from above."""
    squash = math.sin(math.radians(cam.tilt))
    if squash < 0.05:  # seen level with the floor, a shadow would only blot the floor line
        return ""

    def floor(p) -> Point:
        x, y, _ = cam.project((p[0], 0.0, p[2]))
        return x, y

    paths = []
    for side in ("near", "far"):
        for kind in ("arm", "leg"):
            for (a, b), ends in zip(LIMBS[kind], chain_ends(LIMBS[kind])):
                paths.append(capsule(floor(s.points[f"{side}_{a}"]), radius(a) * squash,
                                     floor(s.points[f"{side}_{b}"]), radius(b) * squash, ends))
    centres = [floor(sec.centre) for sec in s.sections]
    widths = [sec.half_width * squash for sec in s.sections]
    paths += [capsule(centres[i], widths[i], centres[i + 1], widths[i + 1]) for i in range(len(centres) - 1)]
    # The head casts none: a head held up (hands and knees) would leave a lone grey disc
    # on the mat, far from the body, that reads as a stray mark rather than a shadow.
    return "".join(paths)
