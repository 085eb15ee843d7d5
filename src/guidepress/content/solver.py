"""Placing each frame's body: on the floor by ``rests_on``, or by its ``contacts``.

A frame without contacts rests on the floor (``kinematics.rest``) with the
figure's anchor at x = 0. A frame with contacts starts there, then a small
damped least-squares search (Levenberg-Marquardt, numbers only, no randomness)
moves the body and turns the angles its author did not write, within the human
ranges, until every contact holds. What it cannot close is reported with the
angle that would close it. The side-lying view turns the body onto its far side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from guidepress.content.contacts import gaps, worst
from guidepress.content.kinematics import Section, Skeleton, lowest, rest, solve
from guidepress.content.poses import JOINTS, LIMB_JOINTS, POINTS, SIDES, Figure, Pose, joint_range
from guidepress.content.props import Contact, parse_contact

TOLERANCE = 1.0  # a contact holds within this (1/100 of height, about 1.7 cm)
CM = 1.7  # centimetres per unit for a person 1.7 m tall
# The angles a solver may find: the trunk's lean and each limb's bend in the picture's plane.
# Toes, spine and neck shape the pose, and a limb out to the side would splay the legs to
# reach a wall: those stay as written.
FREE = ("trunk",) + tuple(f"{s}_{j}" for s in SIDES for j in LIMB_JOINTS if j != "toes")
PULL = 0.01  # how strongly an unwritten angle keeps to its default (0, the trunk upright)
STAY = 0.3  # how strongly the anchor keeps to x = 0: a unit away costs as much as 6 degrees
STEP = 1e-3
SETTLED = 0.01  # a search ends when no value moves further than this (degrees or units)
NUDGE = 3.0  # degrees an angle is turned to see how a gap follows it
REACH = 60.0  # advice to turn an angle further than this is no advice: the gap is elsewhere


@dataclass(frozen=True)
class Staged:
    """One frame placed: its pose (with any angles the solver found), the body, and
    how far each contact is from holding (figure units; 0 holds)."""

    pose: Pose
    skeleton: Skeleton
    gaps: dict[str, float]
    free: tuple[str, ...] = ()
    values: tuple[float, ...] = ()  # the body's x and y, then the free angles


def body(pose: Pose) -> Skeleton:
    """The skeleton of ``pose`` from the pelvis at the origin, on its side if the view says so."""
    skeleton = solve(pose)
    return lie_on_side(skeleton) if pose.view == "side-lying" else skeleton


def lie_on_side(s: Skeleton) -> Skeleton:
    """Turn the body a quarter turn about the picture's x axis: its near side up, its
    front toward the viewer when ``trunk`` is 0 (head to the right)."""
    def turn(p):
        return p[0], p[2], -p[1]
    points = {k: turn(p) for k, p in s.points.items()}
    sections = tuple(Section(turn(c.centre), turn(c.lateral), turn(c.forward), c.half_width,
                             c.half_depth) for c in s.sections)
    return Skeleton(points, sections, s.view, turn(s.face))


_STAGED: dict[int, tuple[Figure, list[Staged]]] = {}


def staged(figure: Figure) -> list[Staged]:
    """Every frame of ``figure`` placed (cached per figure)."""
    cached = _STAGED.get(id(figure))
    if cached is None or cached[0] is not figure:
        if len(_STAGED) > 256:
            _STAGED.clear()
        cached = _STAGED[id(figure)] = (figure, [_stage(figure, p) for p in figure.poses])
    return cached[1]


def place(figure: Figure) -> list[Skeleton]:
    """The body of every frame, placed."""
    return [s.skeleton for s in staged(figure)]


def _rested(figure: Figure, pose: Pose) -> Skeleton:
    skeleton = rest(body(pose), pose, figure.surface)
    return skeleton.moved(-skeleton.points[figure.anchor][0], 0.0)


def _stage(figure: Figure, pose: Pose) -> Staged:
    start = _rested(figure, pose)
    if not pose.contacts:
        return Staged(pose, start, {})
    contacts = _contacts(pose)
    free = _free(figure, pose, contacts)
    values = [start.points["pelvis"][0], start.points["pelvis"][1], *(getattr(pose, j) for j in free)]
    values = _search(figure, pose, contacts, free, values, PULL)
    final, skeleton = _apply(pose, free, values)
    return Staged(final, skeleton, {c.text: worst(gaps(skeleton, c, figure.props)) for c in contacts},
                  free, tuple(values))


def _contacts(pose: Pose) -> list[Contact]:
    """The stated contacts, and the points in ``rests_on`` as contacts with the floor."""
    stated = [parse_contact(text, POINTS) for text in pose.contacts]
    return stated + [Contact(f"{p} on floor", (p,), "floor") for p in pose.rests_on]


def _apply(pose: Pose, free: tuple[str, ...], values: list[float]) -> tuple[Pose, Skeleton]:
    angles = dict(zip(free, values[2:]))
    moved = Pose.model_construct(**{**dict(pose), **angles})
    skeleton = body(moved)
    return moved, skeleton.moved(values[0] - skeleton.points["pelvis"][0],
                                 values[1] - skeleton.points["pelvis"][1])


def _residuals(figure, pose, contacts, free, values, pull) -> list[float]:
    _, skeleton = _apply(pose, free, values)
    out = [g for c in contacts for g in gaps(skeleton, c, figure.props)]
    out.append(STAY * skeleton.points[figure.anchor][0])  # the anchor stays put
    out.append(min(0.0, lowest(skeleton)[1]))  # nothing under the floor
    return out + [pull * (v - (90.0 if j == "trunk" else 0.0)) for j, v in zip(free, values[2:])]


def _free(figure: Figure, pose: Pose, contacts: list[Contact]) -> tuple[str, ...]:
    """The angles of ``FREE`` the author left out that move some contact."""
    written = pose.model_fields_set
    values = [0.0, 0.0, *(getattr(pose, j) for j in FREE)]
    base = _residuals(figure, pose, contacts, FREE, values, 0.0)
    out = []
    for i, joint in enumerate(FREE):
        if joint in written:
            continue
        nudged = list(values)
        nudged[i + 2] += 1.0
        moved = _residuals(figure, pose, contacts, FREE, nudged, 0.0)
        if any(abs(a - b) > 1e-6 for a, b in zip(base, moved)):
            out.append(joint)
    return tuple(out)


def limits(joint: str, view: str) -> tuple[float, float]:
    """The least and greatest value ``joint`` may take."""
    if joint == "trunk":
        return -360.0, 360.0
    _, most, opposite, least = joint_range(joint, view)
    return (-least if opposite else 0.0), most


def _search(figure, pose, contacts, free, values, pull, rounds: int = 60) -> list[float]:
    """Damped Gauss-Newton steps from ``values`` until the residuals stop falling."""
    bounds = [(-1e9, 1e9), (-1e9, 1e9), *(limits(j, pose.view) for j in free)]

    def residuals(v):
        return _residuals(figure, pose, contacts, free, v, pull)

    damping, r = 1e-2, residuals(values)
    current = sum(x * x for x in r)
    for _ in range(rounds):
        columns = []
        for i in range(len(values)):
            nudged = list(values)
            nudged[i] += STEP
            columns.append([(b - a) / STEP for a, b in zip(r, residuals(nudged))])
        normal = [[sum(a * b for a, b in zip(ci, cj)) for cj in columns] for ci in columns]
        for i in range(len(values)):
            normal[i][i] += damping * (normal[i][i] + 1e-6)
        step = linear_solve(normal, [-sum(a * b for a, b in zip(c, r)) for c in columns])
        trial = [min(hi, max(lo, v + d)) for v, d, (lo, hi) in zip(values, step, bounds)]
        trial_r = residuals(trial)
        trial_cost = sum(x * x for x in trial_r)
        if trial_cost < current:
            shift = max(abs(a - b) for a, b in zip(trial, values))
            gain = current - trial_cost
            values, r, current, damping = trial, trial_r, trial_cost, damping * 0.3
            if shift < SETTLED or gain < 1e-4 * current + 1e-8:  # no longer worth a step
                break
        else:
            damping *= 10
            if damping > 1e8:
                break
    return values


def linear_solve(a: list[list[float]], b: list[float]) -> list[float]:
    """``x`` with ``a x = b`` by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda i: abs(m[i][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for i in range(col + 1, n):
            k = m[i][col] / m[col][col]
            m[i] = [x - k * y for x, y in zip(m[i], m[col])]
    x = [0.0] * n
    for i in reversed(range(n)):
        if abs(m[i][i]) >= 1e-12:
            x[i] = (m[i][n] - sum(m[i][j] * x[j] for j in range(i + 1, n))) / m[i][i]
    return x


def between(figure: Figure, placed: list[Skeleton], first: int, t: float) -> Skeleton:
    """The body part way (``t`` from 0 to 1) from frame ``first`` to the next one.

    Angles are blended (those the solver found, too) and the anchor point moves in
    a straight line, so a point's path is an arc where a joint turns and a line
    where the body shifts.
    """
    poses = [s.pose for s in staged(figure)]
    a, b = dict(poses[first]), dict(poses[first + 1])
    mixed = {k: (a[k] + (b[k] - a[k]) * t) if isinstance(a[k], float) else a[k] for k in a}
    skeleton = body(Pose.model_construct(**mixed))
    start, end = placed[first].points[figure.anchor], placed[first + 1].points[figure.anchor]
    goal = tuple(start[i] + (end[i] - start[i]) * t for i in range(3))
    here = skeleton.points[figure.anchor]
    return skeleton.moved(goal[0] - here[0], goal[1] - here[1], goal[2] - here[2])


def contact_problems(figure: Figure, frame: int) -> list[str]:
    """Each contact of frame ``frame`` that does not hold: by how much, and which
    written angle to change which way to close it."""
    stage, written = staged(figure)[frame], figure.poses[frame].model_fields_set
    stuck = [f"{j} (found by the solver) is at the end of its range, {getattr(stage.pose, j):g}°"
             for j in stage.free if j != "trunk" and getattr(stage.pose, j) in limits(j, stage.pose.view)
             and getattr(stage.pose, j) != 0]
    out = []
    for text, gap in stage.gaps.items():
        if abs(gap) <= TOLERANCE:
            continue
        where = "short of touching" if gap > 0 else "sunk into what it touches"
        out.append(f'contact "{text}" does not hold: {abs(gap) * CM:.1f} cm {where} '
                   f"(a person 1.7 m tall); {_advice(figure, stage, written, text, gap)}"
                   + "".join(f"; {s}" for s in stuck))
    return out


def _advice(figure: Figure, stage: Staged, written: set[str], text: str, gap: float) -> str:
    """Which written angle to change which way: how the gap changes when that angle
    changes by a few degrees and the body and the unwritten angles follow."""
    contacts = _contacts(stage.pose)
    index = [c.text for c in contacts].index(text)
    pose, options = stage.pose, []
    for joint in ("trunk", *JOINTS):
        if joint not in written or joint in stage.free:
            continue
        value, (lo, hi) = getattr(pose, joint), limits(joint, pose.view)
        nudge = NUDGE if value + NUDGE <= hi else -NUDGE
        moved = pose.model_copy(update={joint: value + nudge})
        values = _search(figure, moved, contacts, stage.free, list(stage.values), PULL, rounds=12)
        _, skeleton = _apply(moved, stage.free, values)
        rate = (worst(gaps(skeleton, contacts[index], figure.props)) - gap) / nudge
        target = min(hi, max(lo, value - gap / rate)) if abs(rate) > 0.01 else value
        if 1.0 <= abs(target - value) <= REACH:
            options.append((abs(rate), joint, value, target))
    if not options:
        return "move the prop, or write fewer angles so the body can reach it"
    options.sort(reverse=True)
    return "to close it, " + ", or ".join(
        f"change {joint} from {value:g} toward {target:.0f} ({_movement(joint, value, target - value, pose.view)})"
        for _, joint, value, target in options[:2])


def _movement(joint: str, value: float, change: float, view: str) -> str:
    if joint == "trunk":
        return "turn the whole body counter-clockwise" if change > 0 else "turn the whole body clockwise"
    positive, _, negative, _ = joint_range(joint, view)
    if change > 0:
        return f"more {positive}" if value >= 0 else f"less {negative}"
    return f"less {positive}" if value > 0 or not negative else f"more {negative}"
