"""Pose data for exercise figures: joint angles, human ranges and forward kinematics.

A pose is a set of joint angles in clinical terms (flexion positive, extension
negative). Segment lengths are fixed fractions of standing height (figures.md,
Drillis and Contini), so a figure can only be posed, never stretched. Angles are
checked against normal adult ranges of motion, and ``solve`` places every joint
by forward kinematics from the pelvis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

View = Literal["side", "front"]

# Lengths in units of 1/100 standing height (figures.md).
LUMBAR = 14.4  # the trunk (28.8) split in two so a spine can curve
THORACIC = 14.4
NECK_TO_CROWN = 18.2
HEAD_RADIUS = 6.2
UPPER_ARM = 18.6
FOREARM = 14.6
HAND = 10.8
THIGH = 24.5
SHANK = 24.6
FOOT = 12.6  # ankle to toe tip: a 15.2 foot minus the heel behind the ankle
FOOT_FRONT = 6.0  # a foot pointing at the viewer looks short from the front
SHOULDER_WIDTH = 25.9
HIP_WIDTH = 19.1
FOOT_NEUTRAL = 72.0  # angle from the shin line to the foot when standing

SIDES = ("near", "far")
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
JOINTS = ("spine", "neck") + tuple(f"{s}_{j}" for s in SIDES for j in LIMB_JOINTS)

# joint kind -> view -> (positive movement, its limit, negative movement, its limit)
RANGES: dict[str, dict[str, tuple[str, float, str | None, float]]] = {
    "spine": {"side": ("flexion", 80, "extension", 25),
              "front": ("side bend toward the near side", 35,
                        "side bend toward the far side", 35)},
    "neck": {"side": ("flexion", 45, "extension", 45),
             "front": ("side bend toward the near side", 45,
                       "side bend toward the far side", 45)},
    "shoulder": {"side": ("flexion", 180, "extension", 60),
                 "front": ("abduction", 180, "adduction", 45)},
    "elbow": {"side": ("flexion", 150, None, 0), "front": ("flexion", 150, None, 0)},
    # Weight-bearing on a flat palm takes the wrist to about 90° extension.
    "wrist": {"side": ("extension", 90, "flexion", 80),
              "front": ("extension", 90, "flexion", 80)},
    "hip": {"side": ("flexion", 120, "extension", 30),
            "front": ("abduction", 45, "adduction", 30)},
    "knee": {"side": ("flexion", 135, None, 0), "front": ("flexion", 135, None, 0)},
    "ankle": {"side": ("dorsiflexion", 20, "plantarflexion", 50),
              "front": ("dorsiflexion", 20, "plantarflexion", 50)},
}
# A leg turned out 90° (the front leg of triangle pose) swings sideways in its flexion range.
TURNED_OUT_HIP = ("flexion of the turned-out leg", 120, "adduction", 30)


def joint_range(joint: str, view: str, turned_out: bool = False) -> tuple[str, float, str | None, float]:
    """The (movement, limit, opposite movement, limit) allowed for ``joint`` in ``view``."""
    kind = joint.removeprefix("near_").removeprefix("far_")
    if kind == "hip" and view == "front" and turned_out:
        return TURNED_OUT_HIP
    return RANGES[kind][view]


def check_angle(joint: str, value: float, view: str, turned_out: bool = False) -> str | None:
    """A message if ``value`` is outside the human range of ``joint``, else None."""
    pos, pos_max, neg, neg_max = joint_range(joint, view, turned_out)
    if value > pos_max:
        return f"{value:g}° {pos} is outside the human range 0-{pos_max:g}°"
    if value < 0 and neg is None:
        return (f"{value:g}°: this joint does not bend backwards "
                f"(use 0-{pos_max:g}° {pos})")
    if value < -neg_max:
        return f"{-value:g}° {neg} is outside the human range 0-{neg_max:g}°"
    return None


def _angle(description: str, default: float = 0.0):
    return Field(default, description=description, ge=-360, le=360)


class Pose(BaseModel):
    """One position of the figure, as joint angles in degrees."""

    model_config = ConfigDict(extra="forbid")

    view: View = Field("side", description="Copied from figure.view; you need not write it.")
    near_turnout: bool = Field(False, description="Front view: the near leg is turned out 90° "
                               "(front leg of triangle pose): its foot shows full length.")
    far_turnout: bool = Field(False, description="Front view: the far leg is turned out 90°.")
    trunk: float = _angle("Direction of the line hip -> shoulder: 90 upright, 0 lying with "
                          "the head to the right, 180 lying with the head to the left.", 90.0)
    spine: float = _angle("Side view: flexion + (back rounds) / extension - (back arches). "
                          "Front view: side bend, + toward the near side.")
    neck: float = _angle("Side view: flexion + (chin down) / extension -. Front: side bend.")
    near_shoulder: float = _angle("Side: flexion + (arm forward/up) / extension -. Front: abduction +.")
    near_elbow: float = _angle("Elbow flexion, 0 straight.")
    near_wrist: float = _angle("Wrist: + bends the hand back (flat palm on the floor is 90).")
    near_hip: float = _angle("Side: flexion + (knee toward chest) / extension -. Front: abduction +.")
    near_knee: float = _angle("Knee flexion, 0 straight.")
    near_ankle: float = _angle("Ankle: dorsiflexion + (toes up) / plantarflexion - (toes pointed).")
    far_shoulder: float = _angle("As near_shoulder, for the far arm.")
    far_elbow: float = _angle("As near_elbow, for the far arm.")
    far_wrist: float = _angle("As near_wrist, for the far arm.")
    far_hip: float = _angle("As near_hip, for the far leg.")
    far_knee: float = _angle("As near_knee, for the far leg.")
    far_ankle: float = _angle("As near_ankle, for the far leg.")

    @field_validator(*JOINTS)
    @classmethod
    def _human_range(cls, value: float, info: ValidationInfo) -> float:
        view = info.data.get("view", "side")
        side = info.field_name.split("_")[0]
        problem = check_angle(info.field_name, value, view, info.data.get(f"{side}_turnout", False))
        if problem:
            raise ValueError(problem)
        return value


@dataclass(frozen=True)
class Skeleton:
    """Joint positions (x right, y up, in 1/100 of standing height) of one pose."""

    points: dict[str, tuple[float, float]]
    view: str
    head_dir: float  # direction neck -> crown, degrees

    def moved(self, dx: float, dy: float) -> Skeleton:
        """The same skeleton shifted by (dx, dy)."""
        points = {k: (x + dx, y + dy) for k, (x, y) in self.points.items()}
        return Skeleton(points, self.view, self.head_dir)


def _step(point: tuple[float, float], degrees: float, length: float) -> tuple[float, float]:
    rad = math.radians(degrees)
    return point[0] + length * math.cos(rad), point[1] + length * math.sin(rad)


def solve(pose: Pose) -> Skeleton:
    """Place every joint by forward kinematics from the pelvis at (0, 0)."""
    front = pose.view == "front"
    # Side view: flexion turns the upper body clockwise (toward the front, which
    # faces right when standing). Front view: + bends toward the near side (left).
    bend = pose.spine / 2 if front else -pose.spine / 2
    lumbar, thoracic = pose.trunk - bend, pose.trunk + bend
    pts: dict[str, tuple[float, float]] = {"pelvis": (0.0, 0.0)}
    pts["waist"] = _step(pts["pelvis"], lumbar, LUMBAR)
    pts["neck"] = _step(pts["waist"], thoracic, THORACIC)
    head_dir = thoracic + pose.neck if front else thoracic - pose.neck
    pts["head"] = _step(pts["neck"], head_dir, NECK_TO_CROWN - HEAD_RADIUS)
    for side in SIDES:
        _limbs(pts, pose, side, lumbar, thoracic, front)
    return Skeleton(pts, pose.view, head_dir)


def _limbs(pts: dict, pose: Pose, side: str, lumbar: float, thoracic: float, front: bool) -> None:
    """Add one side's arm and leg to ``pts``."""
    a = {j: getattr(pose, f"{side}_{j}") for j in LIMB_JOINTS}
    s = f"{side}_"
    if front:
        # Near limbs are drawn on the picture's left; each side bends away from the midline.
        out = -1 if side == "near" else 1
        pts[s + "shoulder"] = _step(pts["neck"], thoracic - 90 * out, SHOULDER_WIDTH / 2)
        pts[s + "hip"] = _step(pts["pelvis"], lumbar - 90 * out, HIP_WIDTH / 2)
        arm, thigh = thoracic + 180 + out * a["shoulder"], lumbar + 180 + out * a["hip"]
        # A bent knee seen from the front belongs to a leg turned out, its foot
        # drawn in toward the other leg (tree pose, figure four from above).
        forearm, shank = arm + out * a["elbow"], thigh - out * a["knee"]
        hand = forearm + out * a["wrist"]
        turned = getattr(pose, f"{side}_turnout")
        foot, foot_len = shank + out * (90 + a["ankle"]), FOOT if turned else FOOT_FRONT
    else:
        pts[s + "shoulder"], pts[s + "hip"] = pts["neck"], pts["pelvis"]
        arm, thigh = thoracic + 180 + a["shoulder"], lumbar + 180 + a["hip"]
        forearm, shank = arm + a["elbow"], thigh - a["knee"]
        hand = forearm + a["wrist"]
        foot, foot_len = shank + FOOT_NEUTRAL + a["ankle"], FOOT
    pts[s + "elbow"] = _step(pts[s + "shoulder"], arm, UPPER_ARM)
    pts[s + "wrist"] = _step(pts[s + "elbow"], forearm, FOREARM)
    pts[s + "hand"] = _step(pts[s + "wrist"], hand, HAND)
    pts[s + "knee"] = _step(pts[s + "hip"], thigh, THIGH)
    pts[s + "ankle"] = _step(pts[s + "knee"], shank, SHANK)
    pts[s + "toe"] = _step(pts[s + "ankle"], foot, foot_len)


POINTS = ("pelvis", "waist", "neck", "head") + tuple(
    f"{s}_{p}" for s in SIDES
    for p in ("shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "toe"))
PointName = Literal[POINTS]  # type: ignore[valid-type]


class Figure(BaseModel):
    """How to draw an exercise: the view, the surface, and start and end poses."""

    model_config = ConfigDict(extra="forbid")

    view: View = Field("side", description="side (floor exercises) or front (e.g. triangle pose).")
    surface: Literal["floor", "mat", "water"] = Field(
        "mat", description="What the figure rests on: a floor line, a mat on the floor, or water.")
    anchor: PointName = Field(
        "pelvis", description="The point that stays put between start and end (e.g. near_ankle).")
    arrows: list[PointName] = Field(
        default_factory=list, max_length=2,
        description="Points whose path from start to end is shown by a curved arrow.")
    start: Pose = Field(description="Joint angles at the start position.")
    end: Pose = Field(description="Joint angles at the end position.")

    @model_validator(mode="before")
    @classmethod
    def _share_view(cls, data):
        # Each pose needs the view to check its ranges; copy it in rather than make
        # authors repeat it. A new dict keeps the YAML nodes (and their lines) intact.
        if isinstance(data, dict):
            data = dict(data)
            for key in ("start", "end"):
                if isinstance(data.get(key), dict):
                    data[key] = {**data[key], "view": data.get("view", "side")}
        return data
