"""Where the body is: segment sizes, forward kinematics in 3D, and resting on the floor.

Lengths are fixed fractions of standing height (figures.md, Drillis and Contini),
in units of 1/100 of it, so a figure can only be posed, never stretched. World
axes: x to the right of the picture, y up (the floor is y = 0), z toward the
viewer. In the side and three-quarter views the near side of the body faces the
viewer (+z); in the front view the body faces the viewer and its near side is on
the picture's left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from guidepress.content.poses import LIMB_JOINTS, OUT_OF_PLANE, SIDES, Pose

Vec = tuple[float, float, float]
Frame = tuple[Vec, Vec, Vec]  # a limb's axes: along it, its front, and sideways

LUMBAR = 14.4  # the trunk (28.8) split in two so a spine can curve
THORACIC = 14.4
NECK_TO_CROWN = 18.2
HEAD_RADIUS = 6.2
NECK_BASE = 3.0  # how far above the shoulder line the neck bends sideways (front view)
HEAD_FORWARD = 2.0  # the head's centre lies this far in front of the line of the neck
UPPER_ARM = 18.6
FOREARM = 14.6
HAND = 10.8
THIGH = 24.5
SHANK = 24.6
FOOT_FRONT = 3.5  # a foot pointing at the viewer looks short from the front
SHOULDER_WIDTH = 25.9
HIP_WIDTH = 19.1
# Seen from the front, the hip joints lie well inside the pelvis, so a thigh's rounded
# top (radius 5.2) stands out past the trunk's side by less than its radius: a hip, not a lump.
FRONT_HIP_WIDTH = 14.0
SIDE_LYING_WIDTHS = (20.0, FRONT_HIP_WIDTH)  # shoulder and hip joints' spacing, lying on the side
FOOT_NEUTRAL = 72.0  # angle from the shin line to the foot when standing
# The foot in its own plane, from the ankle: (along the foot, toward the instep).
# Standing, the heel and the ball rest on the floor 3.9 below the ankle (figures.md).
FOOT_POINTS = {"heel": (-0.1, -2.25), "ball": (8.9, 0.55), "toe": (11.9, 0.8)}
FOOT = math.hypot(*FOOT_POINTS["toe"])

# Half-thickness of the body around each point, for drawing and for floor contact.
RADIUS = {"shoulder": 3.0, "elbow": 2.3, "wrist": 1.7, "knuckle": 2.0, "hand": 1.1,
          "hip": 5.2, "knee": 3.0, "calf": 3.3, "ankle": 2.0, "heel": 1.8, "ball": 1.6,
          "toe": 1.0, "head": HEAD_RADIUS, "neck": 2.9}
# The trunk along the spine curve, pelvis (0) to shoulder line (1):
# (t, half width, half depth front to back, shift toward the front).
TRUNK = ((0.0, 8.6, 5.8, -0.4), (0.14, 9.3, 6.3, -0.5), (0.38, 8.2, 5.4, 0.1),
         (0.52, 7.9, 5.2, 0.4), (0.74, 9.2, 6.3, 0.3), (0.9, 10.6, 6.3, -0.4),
         (1.0, 10.8, 4.8, -0.3))

SIDE_VIEW_JOINTS = LIMB_JOINTS + OUT_OF_PLANE  # a limb's angles, as _side_limbs reads them
TRUNK_PARTS = {"pelvis": (0, 1), "waist": (2, 3, 4), "neck": (4, 5, 6)}  # sections near each point


@dataclass(frozen=True)
class Section:
    """One cross-section of the trunk: an ellipse around ``centre``."""

    centre: Vec
    lateral: Vec  # toward the near side
    forward: Vec  # toward the front of the body
    half_width: float
    half_depth: float


@dataclass(frozen=True)
class Skeleton:
    """Joint positions of one pose in world axes, and the trunk's sections."""

    points: dict[str, Vec]
    sections: tuple[Section, ...]
    view: str
    face: Vec  # the way the face looks

    def moved(self, dx: float, dy: float, dz: float = 0.0) -> Skeleton:
        """The same skeleton shifted by (dx, dy, dz)."""
        def shift(p: Vec) -> Vec:
            return p[0] + dx, p[1] + dy, p[2] + dz
        points = {k: shift(p) for k, p in self.points.items()}
        sections = tuple(Section(shift(s.centre), s.lateral, s.forward, s.half_width, s.half_depth)
                         for s in self.sections)
        return Skeleton(points, sections, self.view, self.face)


def add(p: Vec, v: Vec, k: float = 1.0) -> Vec:
    """``p + k v``."""
    return p[0] + k * v[0], p[1] + k * v[1], p[2] + k * v[2]


def _dir(degrees: float) -> Vec:
    rad = math.radians(degrees)
    return math.cos(rad), math.sin(rad), 0.0


def _mix(u: Vec, v: Vec, cu: float, cv: float) -> Vec:
    return cu * u[0] + cv * v[0], cu * u[1] + cv * v[1], cu * u[2] + cv * v[2]


def in_plane(degrees: float) -> Frame:
    """The frame of a segment pointing at ``degrees`` in the picture plane."""
    return _dir(degrees), _dir(degrees + 90), (0.0, 0.0, 1.0)


def bend(f: Frame, degrees: float) -> Frame:
    """Turn a segment toward its front (counter-clockwise in a side view)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    a, y, z = f
    return _mix(a, y, c, s), _mix(a, y, -s, c), z


def swing_out(f: Frame, degrees: float) -> Frame:
    """Swing a segment toward its +z side (abduction of a near limb)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    a, y, z = f
    return _mix(a, z, c, s), y, _mix(a, z, -s, c)


def twist(f: Frame, degrees: float) -> Frame:
    """Turn a segment about its own axis, its front toward +z."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    a, y, z = f
    return a, _mix(y, z, c, s), _mix(y, z, -s, c)


def solve(pose: Pose) -> Skeleton:
    """Place every joint by forward kinematics from the pelvis at the origin."""
    front = pose.view == "front"
    # Side view: flexion turns the upper body clockwise (toward the front, which
    # faces right when standing). Front view: + bends toward the near side (left).
    half = pose.spine / 2 if front else -pose.spine / 2
    lumbar, thoracic = pose.trunk - half, pose.trunk + half
    pts: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    pts["waist"] = add(pts["pelvis"], _dir(lumbar), LUMBAR)
    pts["neck"] = add(pts["waist"], _dir(thoracic), THORACIC)
    head_dir = thoracic + pose.neck if front else thoracic - pose.neck
    # Seen from the front, the neck bends sideways above the shoulders, not at their line.
    base = add(pts["neck"], _dir(thoracic), NECK_BASE) if front else pts["neck"]
    pts["head"] = add(base, _dir(head_dir), NECK_TO_CROWN - HEAD_RADIUS - math.dist(base, pts["neck"]))
    if not front:  # the skull sits a little in front of the neck, the face forward
        pts["head"] = add(pts["head"], _dir(head_dir - 90), HEAD_FORWARD)
    for side in SIDES:
        if front:
            _front_limbs(pts, pose, side, lumbar, thoracic)
        else:
            _side_limbs(pts, pose, side, lumbar, thoracic)
    face = (0.0, 0.0, 1.0) if front else _dir(head_dir - 90)
    return Skeleton(pts, _sections(pts, front), pose.view, face)


def _chain(pts: dict, s: str, names: tuple[str, ...], frames: list[Frame], lengths: tuple) -> None:
    for (proximal, distal), frame, length in zip(zip(names, names[1:]), frames, lengths):
        pts[s + distal] = add(pts[s + proximal], frame[0], length)


def _side_limbs(pts: dict, pose: Pose, side: str, lumbar: float, thoracic: float) -> None:
    """One side's arm and leg in a side view, with any movement out of the picture plane."""
    a = {j: getattr(pose, f"{side}_{j}") for j in SIDE_VIEW_JOINTS}
    out = 1 if side == "near" else -1  # the near side is toward the viewer
    s = f"{side}_"
    # Lying on the side, the body rests on its lower shoulder and hip, and the top thigh
    # on the bottom one: the joints' own spacing, well inside the outline, counts there.
    shoulders, hips = SIDE_LYING_WIDTHS if pose.view == "side-lying" else (SHOULDER_WIDTH, HIP_WIDTH)
    pts[s + "shoulder"] = add(pts["neck"], (0.0, 0.0, out * shoulders / 2))
    pts[s + "hip"] = add(pts["pelvis"], (0.0, 0.0, out * hips / 2))
    arm = swing_out(bend(in_plane(thoracic + 180), a["shoulder"]), out * a["shoulder_abduction"])
    forearm = bend(arm, a["elbow"])
    hand = bend(forearm, a["wrist"])
    _chain(pts, s, ("shoulder", "elbow", "wrist", "hand"), [arm, forearm, hand],
           (UPPER_ARM, FOREARM, HAND))
    pts[s + "knuckle"] = add(pts[s + "wrist"], hand[0], HAND * 0.5)
    thigh = bend(in_plane(lumbar + 180), a["hip"])
    thigh = twist(swing_out(thigh, out * a["hip_abduction"]), out * a["hip_rotation"])
    shank = bend(thigh, -a["knee"])
    _chain(pts, s, ("hip", "knee", "ankle"), [thigh, shank], (THIGH, SHANK))
    pts[s + "calf"] = add(add(pts[s + "knee"], shank[0], SHANK * 0.3), shank[1], -0.6)
    _foot(pts, s, bend(shank, FOOT_NEUTRAL + a["ankle"]), a["toes"])


def _foot(pts: dict, s: str, foot: Frame, toes: float) -> None:
    """Heel, ball and toe tip; the toes bend up at the ball by ``toes`` degrees."""
    for name, (along, up) in FOOT_POINTS.items():
        pts[s + name] = add(add(pts[s + "ankle"], foot[0], along), foot[1], up)
    (bx, by), (tx, ty) = FOOT_POINTS["ball"], FOOT_POINTS["toe"]
    turned = bend(foot, toes)
    pts[s + "toe"] = add(add(pts[s + "ball"], turned[0], tx - bx), turned[1], ty - by)


def _front_limbs(pts: dict, pose: Pose, side: str, lumbar: float, thoracic: float) -> None:
    """One side's arm and leg in the front view: the body is drawn flat, facing the viewer."""
    a = {j: getattr(pose, f"{side}_{j}") for j in LIMB_JOINTS}
    # Near limbs are drawn on the picture's left; each side bends away from the midline.
    out = -1 if side == "near" else 1
    s = f"{side}_"
    depth = (0.0, 0.0, 2.0 if side == "near" else -2.0)  # near limbs in front of the trunk
    pts[s + "shoulder"] = add(add(pts["neck"], _dir(thoracic - 90 * out), SHOULDER_WIDTH / 2), depth)
    pts[s + "hip"] = add(add(pts["pelvis"], _dir(lumbar - 90 * out), FRONT_HIP_WIDTH / 2), depth)
    arm = in_plane(thoracic + 180 + out * a["shoulder"])
    inward = -1 if getattr(pose, f"{side}_elbow_in") else 1  # a hand brought back to the hip
    forearm = bend(arm, inward * out * a["elbow"])
    hand = bend(forearm, inward * out * a["wrist"])
    _chain(pts, s, ("shoulder", "elbow", "wrist", "hand"), [arm, forearm, hand],
           (UPPER_ARM, FOREARM, HAND))
    pts[s + "knuckle"] = add(pts[s + "wrist"], hand[0], HAND * 0.5)
    # A bent knee seen from the front belongs to a leg turned out, its foot
    # drawn in toward the other leg (tree pose, figure four from above).
    thigh = in_plane(lumbar + 180 + out * a["hip"])
    shank = bend(thigh, -out * a["knee"])
    _chain(pts, s, ("hip", "knee", "ankle"), [thigh, shank], (THIGH, SHANK))
    pts[s + "calf"] = add(pts[s + "knee"], shank[0], SHANK * 0.3)
    if getattr(pose, f"{side}_turnout"):  # the foot in profile, toes out
        foot = bend(shank, out * (FOOT_NEUTRAL + a["ankle"]))
        _foot(pts, s, (foot[0], tuple(out * c for c in foot[1]), foot[2]), a["toes"])
    else:  # toes toward the viewer: a short foot, the heel hidden behind the ankle
        foot = bend(shank, out * (90 + a["ankle"]))
        pts[s + "heel"] = add(add(pts[s + "ankle"], shank[0], 2.2), (0.0, 0.0, -1.0))
        pts[s + "ball"] = add(add(pts[s + "ankle"], foot[0], FOOT_FRONT * 0.6), shank[0], 1.8)
        pts[s + "toe"] = add(add(pts[s + "ankle"], foot[0], FOOT_FRONT), shank[0], 2.2)


def _sections(pts: dict, front: bool) -> tuple[Section, ...]:
    """The trunk's cross-sections along the spine curve pelvis - waist - neck."""
    p0, p2 = pts["pelvis"], pts["neck"]
    # The control point that makes the curve pass through the waist joint itself.
    p1 = tuple(2 * pts["waist"][i] - (p0[i] + p2[i]) / 2 for i in range(3))
    out = []
    for t, width, depth, shift in TRUNK:
        point = tuple((1 - t) ** 2 * p0[i] + 2 * (1 - t) * t * p1[i] + t * t * p2[i] for i in range(3))
        tangent = tuple(2 * (1 - t) * (p1[i] - p0[i]) + 2 * t * (p2[i] - p1[i]) for i in range(3))
        length = math.hypot(*tangent)
        dx, dy = tangent[0] / length, tangent[1] / length
        if front:
            lateral, forward = (-dy, dx, 0.0), (0.0, 0.0, 1.0)
        else:
            lateral, forward = (0.0, 0.0, 1.0), (dy, -dx, 0.0)
        out.append(Section(add(point, forward, shift), lateral, forward, width, depth))
    return tuple(out)


def radius(name: str) -> float:
    """How far the body's surface lies from the point ``name``."""
    return RADIUS.get(name.removeprefix("near_").removeprefix("far_"), 5.0)


def section_low(section: Section) -> float:
    """The height of a trunk section's lowest point."""
    reach = math.hypot(section.half_width * section.lateral[1], section.half_depth * section.forward[1])
    return section.centre[1] - reach


def bottom(skeleton: Skeleton, name: str) -> float:
    """The height of the lowest surface of the body at point ``name``."""
    if name in TRUNK_PARTS:  # the trunk's surface around that point: buttocks, belly, upper back
        return min(section_low(skeleton.sections[i]) for i in TRUNK_PARTS[name])
    return skeleton.points[name][1] - radius(name)


def lowest(skeleton: Skeleton) -> tuple[str, float]:
    """The body part lowest down, and its height."""
    parts = [(n, skeleton.points[n][1] - radius(n)) for n in skeleton.points
             if n not in ("pelvis", "waist", "neck")]
    parts += [("trunk", section_low(s)) for s in skeleton.sections]
    return min(parts, key=lambda item: item[1])


def rest(skeleton: Skeleton, pose: Pose, surface: str) -> Skeleton:
    """Lower or raise the body so it rests on the surface (floats, in water)."""
    if surface == "water":
        return skeleton.moved(0.0, -skeleton.points["waist"][1] - 1.0)
    if pose.rests_on:
        return skeleton.moved(0.0, -min(bottom(skeleton, n) for n in pose.rests_on))
    return skeleton.moved(0.0, -lowest(skeleton)[1])
