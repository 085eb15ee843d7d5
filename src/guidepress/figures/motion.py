"""Arrows that show a movement: the path a body part takes from one frame to the next.

The path comes from the poses themselves (angles blended between the frames),
so it curves where a joint turns and runs straight where the body shifts. It is
drawn in the earlier frame, starting at the moving part and set beside it where
it crosses least of the body; a long path is cut so the arrow stays near the part.
"""

from __future__ import annotations

import math

from guidepress.content.camera import Camera, segment_gap
from guidepress.content.kinematics import Section, Skeleton, radius
from guidepress.content.solver import between
from guidepress.content.poses import Figure
from guidepress.figures.palette import ARROW, LINE
from guidepress.figures.shapes import Point, body_capsules

STEPS = 12
MIN_LENGTH = 14.0  # an arrow shorter than this is a speck at card size
MAX_LENGTH = 32.0  # a longer path is cut: the arrow says which way, near the part that moves
HEAD = 4.2  # arrowhead length
WIDTH = 1.7
GAP = 3.2  # space between an arrow and the body part it belongs to
PREFER = 0.1  # how much more of the body an earlier candidate may cross and still be taken
CLEAR_MAX = 40.0  # the furthest an arrow is moved along its path to clear the body
BURIED = 0.6  # a gliding part's arrow that lies more than this share on the body is moved off it
TRUNK_SECTION = {"pelvis": 1, "waist": 3, "neck": -1}  # the trunk section each point moves


def path(figure: Figure, placed: list[Skeleton], first: int, name: str, cam: Camera) -> list[Point]:
    """The picture positions of point ``name`` moving from frame ``first`` to the next.

    A point that glides (``figure.glide``: a leg sliding back, an arm reaching)
    runs straight from where it starts toward where it ends; any other follows
    the blended angles, so its path curves where a joint turns.
    """
    if name in figure.glide:
        (ax, ay), (bx, by) = (cam.project(placed[k].points[name])[:2] for k in (first, first + 1))
        return [(ax + (bx - ax) * i / STEPS, ay + (by - ay) * i / STEPS) for i in range(STEPS + 1)]
    return [cam.project(between(figure, placed, first, i / STEPS).points[name])[:2]
            for i in range(STEPS + 1)]


def reach(points: list[Point]) -> list[Point]:
    """A reach drawn as it is done: the part lifts, then runs on level toward where it
    ends, so the arrowhead points along the reach rather than up a slope. The curve is
    shrunk toward the start to the longest arrow, so its level end stays in view."""
    (ax, ay), (bx, by) = points[0], points[-1]
    k = min(1.0, MAX_LENGTH / (1.15 * math.dist(points[0], points[-1]) or 1.0))
    bx, by = ax + (bx - ax) * k, ay + (by - ay) * k
    cx, cy = ax + (bx - ax) * 0.1, by  # the control point: level with the end
    return [((1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t * t * bx,
             (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by)
            for t in (i / STEPS for i in range(STEPS + 1))]


def _length(points: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in zip(points, points[1:]))


def offset(points: list[Point], distance: float) -> list[Point]:
    """The path moved sideways by ``distance`` (to its left; negative: to its right)."""
    out = []
    for i, p in enumerate(points):
        a, b = points[max(i - 1, 0)], points[min(i + 1, len(points) - 1)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        tl = math.hypot(tx, ty) or 1.0
        out.append((p[0] - ty / tl * distance, p[1] + tx / tl * distance))
    return out


def _lengthen(points: list[Point]) -> list[Point]:
    """Extend a short path straight on to the minimum length; cut a long one."""
    length = _length(points)
    if length > MAX_LENGTH:
        return _cut(points, MAX_LENGTH)
    if length >= MIN_LENGTH or length < 1e-6:
        return points
    (ax, ay), (bx, by) = points[-2], points[-1]
    seg = math.hypot(bx - ax, by - ay) or 1.0
    extra = MIN_LENGTH - length
    return [*points, (bx + (bx - ax) / seg * extra, by + (by - ay) / seg * extra)]


def _cut(points: list[Point], length: float) -> list[Point]:
    """The first ``length`` units of a path."""
    out, run = [points[0]], 0.0
    for a, b in zip(points, points[1:]):
        step = math.dist(a, b)
        if run + step >= length:
            k = (length - run) / step
            return [*out, (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k)]
        out.append(b)
        run += step
    return out


def arrow_points(figure: Figure, placed: list[Skeleton], first: int, name: str,
                 cam: Camera) -> list[Point]:
    """Where the arrow for ``name`` runs, in picture coordinates (empty if it barely moves).

    The arrow follows the part's own path, moved clear of it: to either side for
    a limb; for a point of the trunk, which moves a broad surface, also to just
    off the surface it moves toward (under a sinking belly, over rising hips) or
    just behind the one it moves away from. Of these, the one that crosses the
    least of the body in the frame it is drawn in is used.
    """
    raw = path(figure, placed, first, name, cam)
    if _length(raw) < 4.0:
        return []
    if name in figure.glide:
        raw = reach(raw)
    away = radius(name) + GAP
    candidates = [offset(raw, away), offset(raw, -away)]
    if name in TRUNK_SECTION:
        section = placed[first].sections[TRUNK_SECTION[name]]
        candidates = [_off_surface(raw, section, cam, 1), _off_surface(raw, section, cam, -1),
                      *_past_hips(raw, placed[first], cam, name), *candidates]
    body = body_capsules(placed[first], cam)
    if name in TRUNK_SECTION and _rises(raw):  # hips lifting past a hand resting on them
        candidates.append(_clear_of(raw, body))
    floor = figure.surface != "water"
    scored = [(_covered(c, body, floor), c) for c in map(_lengthen, candidates)]
    least = min(score for score, _ in scored)
    if name in figure.glide and least > BURIED:  # a hand swinging out from across the belly:
        clear = _clear_of(raw, body)  # the arrow starts past the body's edge, if it has one
        if math.dist(clear[0], raw[0]) < CLEAR_MAX:
            return _lengthen(clear)
    # The first that crosses little more of the body than the best: for the trunk, the
    # arrow just off the surface it moves toward (over hips that rise), where it reads best.
    return next(c for score, c in scored if score <= least + PREFER)


def _off_surface(points: list[Point], section: Section, cam: Camera, ahead: int) -> list[Point]:
    """The path moved along its first direction to just outside the trunk: ahead of
    the surface it moves toward (``ahead`` 1), or ending behind the other (-1)."""
    start = points[0]
    lead = next((p for p in points if math.dist(p, start) > 1.0), points[-1])
    d = math.dist(lead, start)
    ux, uy = (lead[0] - start[0]) / d, (lead[1] - start[1]) / d
    lx, ly = cam.axis(section.lateral)
    fx, fy = cam.axis(section.forward)
    reach = math.hypot(section.half_width * (lx * ux + ly * uy), section.half_depth * (fx * ux + fy * uy))
    cx, cy = cam.project(section.centre)[:2]
    centre = (cx - start[0]) * ux + (cy - start[1]) * uy
    along = centre + reach + GAP if ahead > 0 else centre - reach - GAP - _length(points)
    return [(x + ux * along, y + uy * along) for x, y in points]


def _past_hips(points: list[Point], skeleton: Skeleton, cam: Camera, name: str) -> list[list[Point]]:
    """Hips moving back along the trunk's own line (sitting back into child's pose): the
    path moved to start just behind the buttocks, past the trunk's rounded end."""
    if name != "pelvis":
        return []
    start = points[0]
    lead = next((p for p in points if math.dist(p, start) > 1.0), points[-1])
    d = math.dist(lead, start)
    ux, uy = (lead[0] - start[0]) / d, (lead[1] - start[1]) / d
    (ax, ay), (bx, by) = (cam.project(skeleton.sections[i].centre)[:2] for i in (0, 2))
    axis = math.hypot(bx - ax, by - ay) or 1.0
    if (ux * (bx - ax) + uy * (by - ay)) / axis > -0.7:  # not away from the waist: no end to pass
        return []
    shift = (ax - start[0]) * ux + (ay - start[1]) * uy + 0.75 * skeleton.sections[0].half_depth + GAP
    return [[(x + ux * shift, y + uy * shift) for x, y in points]]


def _rises(points: list[Point]) -> bool:
    """Whether the path runs mostly upward."""
    (ax, ay), (bx, by) = points[0], points[-1]
    return by - ay > 2 * abs(bx - ax)


def _clear_of(points: list[Point], body: list[tuple]) -> list[Point]:
    """The path moved along its first direction until it starts clear of all the body's
    ink: over a limb that lies on the surface the part moves toward."""
    start = points[0]
    lead = next((p for p in points if math.dist(p, start) > 1.0), points[-1])
    d = math.dist(lead, start)
    ux, uy = (lead[0] - start[0]) / d, (lead[1] - start[1]) / d
    along = 0.0
    while along < CLEAR_MAX and any(
            segment_gap((start[0] + ux * along, start[1] + uy * along), *capsule) < GAP
            for capsule in body):
        along += 0.5
    return [(x + ux * along, y + uy * along) for x, y in points]


def _covered(points: list[Point], body: list[tuple], floor: bool) -> float:
    """How much of the arrow lies on the body (the share of its length over ink),
    or worse, under the floor."""
    samples = [p for a, b in zip(points, points[1:]) for p in _along(a, b)]
    hits = sum(1 for p in samples if any(segment_gap(p, *capsule) < 1.5 for capsule in body))
    under = sum(1 for _, y in samples if floor and y < 0.0)
    return (hits + 3 * under) / max(len(samples), 1)


def _along(a: Point, b: Point) -> list[Point]:
    n = max(1, int(math.dist(a, b) / 1.5))
    return [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n)]


def arrow_svg(points: list[Point]) -> str:
    """A smooth arrow along ``points`` with a solid head at the end."""
    if not points:
        return ""
    head_at = len(points) - 1
    while head_at > 1 and math.dist(points[head_at], points[-1]) < HEAD:
        head_at -= 1
    tip, back = points[-1], points[head_at]
    tx, ty = tip[0] - back[0], tip[1] - back[1]
    tl = math.hypot(tx, ty) or 1.0
    tx, ty = tx / tl, ty / tl
    base = (tip[0] - tx * HEAD, tip[1] - ty * HEAD)
    wing = HEAD * 0.62
    w1 = (base[0] - ty * wing, base[1] + tx * wing)
    w2 = (base[0] + ty * wing, base[1] - tx * wing)
    shaft = [*points[:head_at], (base[0] + tx * 0.6, base[1] + ty * 0.6)]
    d = "M" + " L".join(f"{x:.2f} {-y:.2f}" for x, y in shaft)
    head = " ".join(f"{x:.2f},{-y:.2f}" for x, y in (tip, w1, w2))
    return (f'<path d="{d}" fill="none" stroke="{ARROW}" stroke-width="{WIDTH:g}" '
            f'stroke-linecap="round" stroke-linejoin="round"/>'
            f'<polygon points="{head}" fill="{ARROW}" stroke="{ARROW}" '
            f'stroke-width="{LINE * 0.6:g}" stroke-linejoin="round"/>')
