"""Contacts a pose states: what touches what ("back against wall", "near_foot on step").

A contact names body points (or a group of them: ``back``, ``hands``, ``feet``,
``near_foot``, ``far_foot``) and what they touch: ``floor``, a prop by its name,
or another body point ("far_ankle on near_knee"). ``gaps`` measures, for a placed
body, how far each point's surface lies from what it should touch, in the
figure's units (1/100 of standing height).
"""

from __future__ import annotations

import math

from guidepress.content.kinematics import TRUNK_PARTS, Skeleton, bottom, radius
from guidepress.content.props import FLOOR, Contact, Prop, Surface, surface

EDGE = 1.0  # how far a point may lie beyond the end of a step or seat and still rest on it


def _extreme(s: Skeleton, name: str, axis: int, sign: int) -> float:
    """The furthest the body's surface at ``name`` reaches along ``axis`` (sign -1: the least)."""
    if name in TRUNK_PARTS:
        values = []
        for i in TRUNK_PARTS[name]:
            sec = s.sections[i]
            reach = math.hypot(sec.half_width * sec.lateral[axis], sec.half_depth * sec.forward[axis])
            values.append(sec.centre[axis] + sign * reach)
        return max(values) if sign > 0 else min(values)
    return s.points[name][axis] + sign * radius(name)


def point_gap(s: Skeleton, name: str, where: Surface) -> list[float]:
    """How far the surface at ``name`` is from ``where`` (+ apart, - sunk in), and how far
    beyond its ends the point lies (a foot off the end of the step)."""
    x, y = s.points[name][0], s.points[name][1]
    if where.kind == "face":
        return [where.facing * (_extreme(s, name, 0, -where.facing) - where.level)]
    if where.kind == "ball":
        centre = ((where.x0 + where.x1) / 2, where.level)
        depth = radius(name) if name not in TRUNK_PARTS else y - bottom(s, name)
        return [math.dist((x, y), centre) - where.level - depth]
    beyond = max(0.0, where.x0 - EDGE - x, x - where.x1 - EDGE)
    return [bottom(s, name) - where.level, beyond]


def gaps(s: Skeleton, contact: Contact, props: list[Prop]) -> list[float]:
    """Every distance that must be zero for ``contact`` to hold, in figure units."""
    if contact.target in s.points:  # one body point resting on another
        other = s.points[contact.target]
        return [math.dist(s.points[p], other) - radius(p) - radius(contact.target)
                for p in contact.points]
    where = FLOOR if contact.target == "floor" else next(
        surface(p) for p in props if p.label == contact.target)
    return [g for p in contact.points for g in point_gap(s, p, where)]


def worst(values: list[float]) -> float:
    """The gap that matters most: the largest by size, with its sign."""
    return max(values, key=abs) if values else 0.0
