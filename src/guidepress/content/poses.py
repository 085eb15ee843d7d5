"""Pose data for exercise figures: joint angles, the view, and normal human ranges.

A pose is a set of joint angles in clinical terms (flexion positive, extension
negative). Angles are checked against normal adult ranges of motion here; the
body is placed by ``content.kinematics`` and its poses are checked for what a
drawing must never show (a limb across the head, a support in the air) by
``content.posecheck``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from guidepress.content.props import Prop, parse_contact, prop_problems, target_problem

View = Literal["side", "front", "three-quarter", "side-lying"]

SIDES = ("near", "far")
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "toes")
OUT_OF_PLANE = ("shoulder_abduction", "hip_abduction", "hip_rotation")
JOINTS = ("spine", "neck") + tuple(f"{s}_{j}" for s in SIDES for j in LIMB_JOINTS + OUT_OF_PLANE)

# joint kind -> plane -> (positive movement, its limit, negative movement, its limit).
# "side" is the plane of the picture in the side and three-quarter views.
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
    # 120° is active hip flexion; folded over the thighs (child's pose) or with a
    # knee hugged to the chest, the hip flexes to about 135° (passive).
    "hip": {"side": ("flexion", 135, "extension", 30),
            "front": ("abduction", 45, "adduction", 30)},
    # 135° is the knee's active flexion; kneeling back onto the heels, body weight
    # folds it to about 155° (passive flexion, calf against thigh).
    "knee": {"side": ("flexion", 155, None, 0), "front": ("flexion", 155, None, 0)},
    "ankle": {"side": ("dorsiflexion", 20, "plantarflexion", 50),
              "front": ("dorsiflexion", 20, "plantarflexion", 50)},
    # Toes bent up at their base, tucked under as in plank (about 90° at most).
    "toes": {"side": ("extension", 90, "flexion", 40), "front": ("extension", 90, "flexion", 40)},
    "shoulder_abduction": {"side": ("abduction", 180, "adduction", 45)},
    "hip_abduction": {"side": ("abduction", 45, "adduction", 30)},
    "hip_rotation": {"side": ("external rotation", 45, "internal rotation", 45)},
}
# A leg turned out 90° (the front leg of triangle pose) swings sideways in its flexion range.
TURNED_OUT_HIP = ("flexion of the turned-out leg", 120, "adduction", 30)


def joint_range(joint: str, view: str, turned_out: bool = False) -> tuple[str, float, str | None, float]:
    """The (movement, limit, opposite movement, limit) allowed for ``joint`` in ``view``."""
    kind = joint.removeprefix("near_").removeprefix("far_")
    if kind == "hip" and view == "front" and turned_out:
        return TURNED_OUT_HIP
    return RANGES[kind]["front" if view == "front" else "side"]


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


POINTS = ("pelvis", "waist", "neck", "head") + tuple(
    f"{s}_{p}" for s in SIDES
    for p in ("shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "heel", "toe"))
PointName = Literal[POINTS]  # type: ignore[valid-type]


class Pose(BaseModel):
    """One position of the figure, as joint angles in degrees."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    view: View = Field("side", description="Copied from figure.view; you need not write it.")
    near_turnout: bool = Field(False, description="Front view: the near leg is turned out 90° "
                               "(front leg of triangle pose): its foot shows full length.")
    far_turnout: bool = Field(False, description="Front view: the far leg is turned out 90°.")
    near_elbow_in: bool = Field(False, description="Front view: the near elbow bends in toward "
                                "the body (a hand resting on the hip) rather than out from it.")
    far_elbow_in: bool = Field(False, description="Front view: the far elbow bends in toward the body.")
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
    near_toes: float = _angle("Toes bent up at their base (+), tucked under as in plank.")
    near_shoulder_abduction: float = _angle("Side views: the arm out to the side, toward the viewer.")
    near_hip_abduction: float = _angle("Side views: the leg out to the side, toward the viewer.")
    near_hip_rotation: float = _angle("Side views: external rotation + turns the knee out.")
    far_shoulder: float = _angle("As near_shoulder, for the far arm.")
    far_elbow: float = _angle("As near_elbow, for the far arm.")
    far_wrist: float = _angle("As near_wrist, for the far arm.")
    far_hip: float = _angle("As near_hip, for the far leg.")
    far_knee: float = _angle("As near_knee, for the far leg.")
    far_ankle: float = _angle("As near_ankle, for the far leg.")
    far_toes: float = _angle("As near_toes, for the far foot.")
    far_shoulder_abduction: float = _angle("As near_shoulder_abduction, away from the viewer.")
    far_hip_abduction: float = _angle("As near_hip_abduction, away from the viewer.")
    far_hip_rotation: float = _angle("As near_hip_rotation, for the far leg.")
    rests_on: list[PointName] = Field(
        default_factory=list,
        description="The points that bear weight on the floor or mat in this position "
                    "(e.g. [near_hand, far_hand, near_knee, far_knee]); each is checked.")
    contacts: list[str] = Field(
        default_factory=list, max_length=8,
        description='What touches what ("back against wall", "near_foot on step"): the '
                    "body is placed, and the angles not written here found, so they hold.")

    @field_validator("contacts")
    @classmethod
    def _contacts_read(cls, value: list[str]) -> list[str]:
        for text in value:
            parse_contact(text, POINTS)
        return value

    @field_validator(*JOINTS)
    @classmethod
    def _human_range(cls, value: float, info: ValidationInfo) -> float:
        view = info.data.get("view", "side")
        kind = info.field_name.removeprefix("near_").removeprefix("far_")
        if view == "front" and kind in OUT_OF_PLANE and value:
            raise ValueError("the front view draws the body flat; set this only in the side "
                             "or three-quarter view")
        side = info.field_name.split("_")[0]
        problem = check_angle(info.field_name, value, view, info.data.get(f"{side}_turnout", False))
        if problem:
            raise ValueError(problem)
        return value


class Figure(BaseModel):
    """How to draw an exercise: the view, the surface, and the poses in order."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    view: View = Field("side", description="side (most floor exercises), front (triangle, side "
                       "plank) or three-quarter (a side view seen from above, for poses with "
                       "two legs doing different things: split squat).")
    tilt: float | None = Field(None, ge=0, le=60, description="How far the viewer looks down on "
                               "the figure, in degrees (side view 6, three-quarter 25).")
    turn: float = Field(0, ge=-60, le=60, description="Three-quarter view: how far the viewer "
                        "walks round toward the figure's right-hand end, in degrees.")
    surface: Literal["floor", "mat", "water"] = Field(
        "mat", description="What the figure rests on: a floor line, a mat on the floor, or water.")
    props: list[Prop] = Field(default_factory=list, max_length=4,
                              description="Props beside the body: wall, step, box, chair, table, "
                                          "band, ball (see README.md).")
    anchor: PointName = Field(
        "pelvis", description="The point that stays put between frames (e.g. near_ankle).")
    arrows: list[PointName] = Field(
        default_factory=list, max_length=2,
        description="Points whose path from one frame to the next is shown by an arrow.")
    glide: list[PointName] = Field(
        default_factory=list, max_length=2,
        description="Arrow points that glide or reach (a leg sliding back, an arm reaching "
                    "forward): their arrow lifts from where they start and runs on level "
                    "toward where they end, rather than along the swing of the joints.")
    start: Pose = Field(description="Joint angles at the start position.")
    middle: list[Pose] = Field(default_factory=list, max_length=2,
                               description="Positions between start and end, for a movement "
                                           "two frames cannot show (a swimming stroke).")
    end: Pose = Field(description="Joint angles at the end position.")

    @model_validator(mode="before")
    @classmethod
    def _share_view(cls, data):
        # Each pose needs the view to check its ranges; copy it in rather than make
        # authors repeat it. A new dict keeps the YAML nodes (and their lines) intact.
        if isinstance(data, dict):
            data = dict(data)
            view = data.get("view", "side")
            for key in ("start", "end"):
                if isinstance(data.get(key), dict):
                    data[key] = {**data[key], "view": view}
            if isinstance(data.get("middle"), list):
                data["middle"] = [{**p, "view": view} if isinstance(p, dict) else p
                                  for p in data["middle"]]
        return data

    @model_validator(mode="after")
    def _props_known(self):
        problems = prop_problems(self.props)
        for prop in self.props:
            if prop.to is not None and prop.to not in POINTS:
                problems.append(f'band to: "{prop.to}" is not a body point (e.g. near_hand)')
        for name, pose in zip(self.frame_names, self.poses):
            for text in pose.contacts:
                problem = target_problem(parse_contact(text, POINTS), self.props, POINTS)
                if problem:
                    problems.append(f"{name} frame: {problem}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _glide_has_arrow(self):
        stray = [name for name in self.glide if name not in self.arrows]
        if stray:
            raise ValueError(f"glide: {', '.join(stray)} has no arrow; add it to arrows "
                             "or take it out of glide")
        return self

    @property
    def poses(self) -> list[Pose]:
        """Every frame in order: start, any middle frames, end."""
        return [self.start, *self.middle, self.end]

    @property
    def frame_names(self) -> list[str]:
        """The frames' names in order: start, middle (or middle-1, middle-2), finish."""
        middle = ["middle"] if len(self.middle) == 1 else [f"middle-{i + 1}" for i in range(len(self.middle))]
        return ["start", *middle, "finish"]
