"""Soft tissue where two body parts lie against each other.

Limbs are drawn as tapered tubes, which leaves a wedge of white between two parts
that touch along their length in life: a thigh folded against the belly (child's
pose, a knee hugged to the chest), or two thighs stacked one on the other (a side
plank seen from the front). In a small picture such a wedge reads as a hole through
the body, so it is filled as part of the trunk, its open edge outlined like the rest. The
shapes are given in picture coordinates; ``shapes`` turns them into path data.
"""

from __future__ import annotations

import math

from guidepress.content.camera import Camera
from guidepress.content.kinematics import Skeleton, radius

# A thigh closer than this to the trunk's line (degrees) lies against the belly.
WEB_ANGLE = 50.0
# Knees closer than this (units of the body's height, between their surfaces) touch.
KNEES_TOUCH = 5.0


Point = tuple[float, float]


def belly_web(s: Skeleton, cam: Camera, side: str) -> list[list[Point]]:
    """The wedge between a deeply folded thigh and the belly, from the hip along the
    front of the trunk to the knee (none while the hip is open)."""
    hip, knee = s.points[f"{side}_hip"], s.points[f"{side}_knee"]
    low, mid = s.sections[0], s.sections[2]
    thigh = tuple(knee[i] - hip[i] for i in range(3))
    trunk = tuple(mid.centre[i] - low.centre[i] for i in range(3))
    norm = math.hypot(*thigh) * math.hypot(*trunk) or 1.0
    if sum(a * b for a, b in zip(thigh, trunk)) / norm < math.cos(math.radians(WEB_ANGLE)):
        return []
    belly = [tuple(sec.centre[i] + sec.forward[i] * sec.half_depth for i in range(3))
             for sec in s.sections[2:]]
    return [[cam.project(c)[:2] for c in (hip, *belly, knee)]]


def thighs_web(s: Skeleton, cam: Camera) -> list[list[Point]]:
    """The wedge between two thighs whose knees touch (legs stacked or pressed
    together), from hip to hip and knee to knee (none while the legs are apart)."""
    knees = [s.points[f"{side}_knee"] for side in ("near", "far")]
    if math.dist(*knees) - 2 * radius("knee") > KNEES_TOUCH:
        return []
    corners = [s.points[n] for n in ("near_hip", "near_knee", "near_calf", "far_calf", "far_knee", "far_hip")]
    return [[cam.project(c)[:2] for c in corners]]


def shoulder_caps(s: Skeleton, cam: Camera) -> list[tuple[Point, Point, float]]:
    """Seen from the front, the shoulder joints stand out past the top of the trunk:
    round the trunk out to each of them, so an arm grows from the shoulder rather
    than from a notch beside the neck. Each is a tube (from, to, radius)."""
    top = s.sections[-2].centre
    out = []
    for side in ("near", "far"):
        shoulder = s.points[f"{side}_shoulder"]
        centre = cam.project(tuple(top[i] + (shoulder[i] - top[i]) * 0.5 for i in range(3)))[:2]
        end = cam.project(shoulder)[:2]
        out.append((centre, end, radius("shoulder")))
    return out
