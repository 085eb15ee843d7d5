"""Checks on a figure's poses that angle ranges alone cannot make.

A drawing must never show a limb across the head, a body part sunk into the
floor, a hand or foot said to bear weight hanging in the air, or two frames so
alike that the movement cannot be seen. Each problem names the frame and the
joint, so the author knows which angle to change.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from guidepress.content.camera import Camera, camera, segment_gap
from guidepress.content.kinematics import HEAD_RADIUS, Skeleton, bottom, radius, section_low
from guidepress.content.poses import POINTS, SIDES, Figure
from guidepress.content.problems import Problem, ProblemsError
from guidepress.content.solver import contact_problems, place
from guidepress.content.yamlfile import line_at

SINK = 1.0  # how far a part may dip below the floor (a soft mat gives a little)
LIFT = 1.5  # how far a supporting part may float above the floor
CLEARANCE = -0.5  # outlines may touch; a limb reaching further into the head crosses it
OVERHEAD = 150.0  # both shoulders flexed this far in a side view: the head lies between the arms
SHOWN = HEAD_RADIUS / 3  # ... and the near arm, in front of it, leaves its middle this clear
HIDDEN = 0.5  # the page must show at least this share of the largest movement
MIN_CHANGE = 6.0  # some part must move at least this far between frames (1/100 of height):
# a heel raise lifts the heels about 7 (12 cm), which reads plainly at card size
SEGMENTS = {
    "upper arm": ("shoulder", "elbow"), "forearm": ("elbow", "wrist"), "hand": ("wrist", "hand"),
    "thigh": ("hip", "knee"), "shin": ("knee", "ankle"), "foot": ("heel", "toe"),
}


def figure_problems(figure: Figure) -> list[tuple[str, str]]:
    """(where, what) for every rule a figure breaks; ``where`` is e.g. ``figure.end``."""
    keys = ["start", *[f"middle[{i}]" for i in range(len(figure.middle))], "end"]
    names = figure.frame_names
    placed = place(figure)
    cam = camera(figure)
    problems = []
    for index, (key, name, pose, skeleton) in enumerate(zip(keys, names, figure.poses, placed)):
        where, frame = f"figure.{key}", f"{name} frame"
        problems += [(where, f"{frame}: {p}") for p in contact_problems(figure, index)]
        between = figure.view != "front" and min(pose.near_shoulder, pose.far_shoulder) >= OVERHEAD
        problems += [(where, f"{frame}: {p}") for p in head_crossings(skeleton, cam, between)]
        if figure.surface != "water":
            problems += [(where, f"{frame}: {p}") for p in floor_problems(skeleton, pose.rests_on)]
    pairs = list(zip(range(len(placed)), range(1, len(placed))))
    if len(placed) > 2:
        pairs.append((0, len(placed) - 1))
    for a, b in pairs:
        problem = (too_alike(placed[a], placed[b], cam)
                   or hidden_movement(placed[a], placed[b], cam, figure.arrows))
        if problem:
            problems.append((f"figure.{keys[b]}", f"{names[a]} and {names[b]} frames: {problem}"))
    if not figure.arrows:
        problems.append(("figure.arrows", "name the body part that moves (e.g. arrows: [pelvis]) "
                                          "so the figure shows the movement with an arrow"))
    return problems


def head_crossings(s: Skeleton, cam: Camera, between_arms: bool = False) -> list[str]:
    """A limb drawn over the head (on the viewer's side, or any limb in the front view).

    A far limb passing behind the head is hidden by it, as in life; the head stays whole.
    With ``between_arms`` (both arms overhead in a side view, as in downward dog) the
    head lies between the arms, so the near arm passes in front of it, as in life; it
    may cover the head's edge but must leave the middle of the head in view.
    """
    head = cam.project(s.points["head"])[:2]
    out = []
    for side in SIDES:
        if side == "far" and s.view != "front":
            continue
        for label, (j1, j2) in SEGMENTS.items():
            a, b = (cam.project(s.points[f"{side}_{j}"])[:2] for j in (j1, j2))
            reach = segment_gap(head, a, radius(j1), b, radius(j2))
            if between_arms and side == "near" and label in ("upper arm", "forearm"):
                if reach < SHOWN:
                    out.append(f"the {side} {label} ({side}_{j1} to {side}_{j2}) hides the middle of "
                               "the head, which lies between the arms; bend the neck a little more")
            elif reach - HEAD_RADIUS < CLEARANCE:
                out.append(f"the {side} {label} ({side}_{j1} to {side}_{j2}) crosses the head; "
                           "move it clear or change the view")
    return out


def floor_problems(s: Skeleton, rests_on: list[str]) -> list[str]:
    """Parts below the floor, and supporting parts that do not touch it.

    The floor is where most of the supporting parts are (their median height),
    so one part out of place is the one named, not all the others.
    """
    heights = sorted(bottom(s, n) for n in rests_on)
    floor = heights[len(heights) // 2] if heights else 0.0
    out = []
    for name in rests_on:
        height = bottom(s, name) - floor
        if height > LIFT:
            out.append(f"{name} should rest on the floor (rests_on) but is {height:.1f} above it")
    parts = [(n, s.points[n][1] - radius(n)) for n in POINTS if n not in ("pelvis", "waist", "neck")]
    parts.append(("the trunk", min(section_low(sec) for sec in s.sections)))
    for name, low in parts:
        if floor - low > SINK:
            out.append(f"{name} is {floor - low:.1f} below the floor; raise it or rest the body on it")
    return out


def _swap(name: str) -> str:
    if name.startswith("near_"):
        return "far_" + name[5:]
    return "near_" + name[4:] if name.startswith("far_") else name


def too_alike(a: Skeleton, b: Skeleton, cam: Camera) -> str | None:
    """A message if no body part moves at least ``MIN_CHANGE`` from ``a`` to ``b``.

    Left and right are compared both ways round, so swapping the arms of a
    symmetric pose (as a swimmer's frames might) does not count as a movement.
    """
    def moves(rename) -> tuple[float, str]:
        return max((math.dist(cam.project(a.points[n])[:2], cam.project(b.points[rename(n)])[:2]), n)
                   for n in POINTS)
    moved, name = min(moves(lambda n: n), moves(_swap))
    if moved >= MIN_CHANGE:
        return None
    return (f"too alike: the part that moves most ({name}) moves {moved:.1f}% of the body's "
            f"height, at least {MIN_CHANGE:g}% is needed; make the movement larger")


def hidden_movement(a: Skeleton, b: Skeleton, cam: Camera, names: list[str]) -> str | None:
    """A message if a part with an arrow moves mostly toward or away from the reader, so the
    page shows less than half of its movement (a clamshell's knee seen from the side)."""
    for name in names:
        moved = math.dist(a.points[name], b.points[name])
        shown = math.dist(cam.project(a.points[name])[:2], cam.project(b.points[name])[:2])
        if moved >= MIN_CHANGE and shown < HIDDEN * moved:
            return (f"the view hides the movement: {name} moves {moved:.1f}% of the body's "
                    f"height, but {shown:.1f}% on the page, toward or away from the reader; choose "
                    "a view that faces it (side-lying for a leg that opens on its side)")
    return None


def check_figure(exercise_id: str, figure: Figure, path: Path) -> None:
    """ProblemsError naming the exercise, frame and joint of every pose a drawing must not show."""
    problems = figure_problems(figure)
    if not problems:
        return
    found = []
    for where, what in problems:
        loc = tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", where) if p)
        found.append(Problem(f'exercise "{exercise_id}", {what}', str(path), line_at(path, loc), where))
    raise ProblemsError(found)
