"""Props an exercise uses: a wall, a step or box, a chair, a table, a band, a ball.

A prop is placed in the figure's own units (100 = the person's standing height,
so 1 is about 1.7 cm): ``x`` across the picture, where 0 is the anchor point of a
frame the body is placed in by ``rests_on`` alone, and heights above the floor.
Each prop offers surfaces the body can touch (``contacts`` in a pose): the top of
a step, box, chair seat, table or ball, and the face of a wall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PropKind = Literal["wall", "step", "box", "chair", "table", "band", "ball"]
# Sizes a clinic's props usually have, in 1/100 of standing height: a step 17 cm high,
# a chair seat 44 cm, a table 76 cm, a gym ball 65 cm across.
DEFAULTS = {"step": (30.0, 10.0), "box": (30.0, 26.0), "chair": (26.0, 26.0),
            "table": (60.0, 45.0), "ball": (38.0, 38.0), "wall": (6.0, 120.0), "band": (0.0, 0.0)}
SEAT = 1.8  # thickness of a chair seat or table top


def _size(description: str):
    return Field(None, gt=0, le=200, description=description)


class Prop(BaseModel):
    """One prop beside the body, in the figure's units (100 = standing height)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    kind: PropKind = Field(description="wall, step, box, chair, table, band or ball.")
    name: str | None = Field(None, pattern=r"^[a-z][a-z0-9-]*$",
                             description="What contacts call it; the kind unless two props share it.")
    x: float = Field(0.0, ge=-150, le=150, description="Across the picture: the wall's face, the "
                     "middle of a step, box, chair seat, table or ball, or a band's anchor.")
    y: float | None = Field(None, ge=0, le=150, description="A band's anchor height above the floor.")
    width: float | None = _size("Front to back (step, box, chair seat, table), or the ball's diameter.")
    height: float | None = _size("Top surface above the floor (step, box, chair seat, table).")
    back: float | None = Field(None, gt=0, le=60, description="Chair: its backrest's height "
                               "above the seat (30 unless given; about 18 reaches mid-back).")
    side: Literal["left", "right"] = Field(
        "left", description="Wall: which side of its face it stands. Chair: the side of its backrest.")
    to: str | None = Field(None, description="Band: the body point holding its other end "
                           "(e.g. near_hand).")

    @model_validator(mode="after")
    def _fits_kind(self):
        if self.kind == "band":
            if self.y is None or self.to is None:
                raise ValueError("a band needs y (its anchor's height) and to (the point "
                                 "holding it, e.g. to: near_hand)")
        else:
            for key in ("y", "to"):
                if getattr(self, key) is not None:
                    raise ValueError(f"{key} is for a band only; take it out of this {self.kind}")
        if self.kind != "chair" and self.back is not None:
            raise ValueError(f"back is a chair's backrest; take it out of this {self.kind}")
        if self.kind == "ball" and self.height is not None:
            raise ValueError("a ball's size is its width (diameter); take out height")
        return self

    @property
    def label(self) -> str:
        """The name contacts use."""
        return self.name or self.kind

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) with the usual size for anything not given."""
        width, height = DEFAULTS[self.kind]
        return self.width or width, self.height or height


@dataclass(frozen=True)
class Surface:
    """Where a prop can be touched: a top at ``level`` from ``x0`` to ``x1``, a wall's
    face at ``level`` (x), or a ball's round top."""

    kind: Literal["top", "face", "ball"]
    level: float
    x0: float = 0.0
    x1: float = 0.0
    facing: int = 1  # a face: +1 looks right (the wall on the left), -1 looks left


FLOOR = Surface("top", 0.0, -1e9, 1e9)


def surface(prop: Prop) -> Surface | None:
    """The surface of ``prop`` the body can touch (a band has none)."""
    width, height = prop.size
    if prop.kind == "wall":
        return Surface("face", prop.x, facing=1 if prop.side == "left" else -1)
    if prop.kind == "ball":
        return Surface("ball", width / 2, prop.x - width / 2, prop.x + width / 2)
    if prop.kind == "band":
        return None
    return Surface("top", height, prop.x - width / 2, prop.x + width / 2)


def prop_problems(props: list[Prop]) -> list[str]:
    """Two props under one name, so contacts could not tell them apart."""
    seen: set[str] = set()
    out = []
    for prop in props:
        if prop.label == "floor":
            out.append('"floor" names the floor itself; call this prop something else')
        elif prop.label in seen:
            out.append(f'two props are called "{prop.label}"; give one a name '
                       f"(name: {prop.label}-2) and use it in contacts")
        seen.add(prop.label)
    return out


GROUPS = {
    "back": ("pelvis", "neck"), "buttocks": ("pelvis",), "hands": ("near_hand", "far_hand"),
    "feet": ("near_heel", "near_toe", "far_heel", "far_toe"),
    "near_foot": ("near_heel", "near_toe"), "far_foot": ("far_heel", "far_toe"),
}
SYNTAX = re.compile(r"^\s*([a-z_]+)\s+(on|against)\s+(?:the\s+)?([a-z][a-z0-9_-]*)\s*$")


@dataclass(frozen=True)
class Contact:
    """One stated contact: the body points, and the prop or body point they touch."""

    text: str
    points: tuple[str, ...]
    target: str


def parse_contact(text: str, points: tuple[str, ...]) -> Contact:
    """The contact written as ``text``; ValueError saying how to write it if it is not one."""
    found = SYNTAX.match(text)
    if not found:
        raise ValueError(f'"{text}" is not a contact; write "<body point> on <prop>" or '
                         '"<body point> against <prop>" (e.g. "back against wall", '
                         '"near_foot on step", "far_ankle on near_knee")')
    part, _, target = found.groups()
    named = GROUPS.get(part, (part,) if part in points else None)
    if named is None:
        raise ValueError(f'"{text}": "{part}" is not a body point; use one of '
                         f"{', '.join(GROUPS)} or a point such as near_heel, pelvis, neck")
    return Contact(text.strip(), named, target)


def target_problem(contact: Contact, props: list[Prop], points: tuple[str, ...]) -> str | None:
    """A message if ``contact`` touches something the figure does not have."""
    labels = [p.label for p in props if p.kind != "band"]
    if contact.target in ("floor", *labels, *points):
        return None
    have = ", ".join(["floor", *labels]) or "floor"
    return (f'contact "{contact.text}": there is no "{contact.target}" in this figure '
            f"(props here: {have}); add it under figure.props or touch one of these")
