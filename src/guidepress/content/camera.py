"""How a figure is seen: a camera that projects the body's 3D points onto the picture."""

from __future__ import annotations

import math
from dataclasses import dataclass

from guidepress.content.poses import Figure


@dataclass(frozen=True)
class Camera:
    """Projects world points (x right, y up, z toward the viewer) onto the picture."""

    tilt: float = 0.0  # degrees the viewer looks down from above
    # How far a point further away shifts to the right, per unit of distance: an
    # oblique view that shows far limbs beside near ones yet keeps the pose's own
    # plane undistorted, as technical illustrations do.
    shear: float = 0.0
    turn: float = 0.0  # degrees the viewer walks round toward the figure's right-hand end

    def project(self, p) -> tuple[float, float, float]:
        """Picture x, picture y (up) and depth (larger is nearer) of a world point."""
        ct, st = math.cos(math.radians(self.turn)), math.sin(math.radians(self.turn))
        x, z = p[0] * ct - p[2] * st, p[0] * st + p[2] * ct
        c, s = math.cos(math.radians(self.tilt)), math.sin(math.radians(self.tilt))
        return x - self.shear * z, p[1] * c - z * s, z * c + p[1] * s

    def axis(self, v) -> tuple[float, float]:
        """A world direction as seen in the picture."""
        x, y, _ = self.project(v)
        return x, y


SIDE_TILT = 6.0  # a side view seen a little from above, and obliquely, so far limbs show
SIDE_SHEAR = 0.15
THREE_QUARTER_TILT = 25.0
SIDE_LYING_TILT = 12.0  # lying on the side, seen from in front and above: a knee that opens shows


def camera(figure: Figure) -> Camera:
    """How the figure is seen: from the side (a little from above), the front, or above."""
    if figure.view == "front":
        return Camera()
    default = {"three-quarter": THREE_QUARTER_TILT, "side-lying": SIDE_LYING_TILT}.get(figure.view, SIDE_TILT)
    tilt = figure.tilt if figure.tilt is not None else default
    shear = 0.0 if figure.turn or figure.view == "side-lying" else SIDE_SHEAR
    return Camera(tilt, shear, figure.turn)


def segment_gap(p, a, ra: float, b, rb: float) -> float:
    """Distance in the picture from ``p`` to a tapered segment a-b (negative inside it)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy or 1e-9
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy)) - (ra + (rb - ra) * t)
