"""What single figures must show to read right: contacts that stay put, arms under the
shoulders, and a swimming stroke whose frames differ above and below the water."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.solver import place
from guidepress.figures.draw import draw
from guidepress.figures.palette import WATER, WATER_INK


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


@pytest.fixture(scope="module")
def cat_cow(library):
    return place(library.get("cat-cow").figure)


def test_cat_cow_hands_and_knees_stay_where_they_are(cat_cow):
    """The back moves; the hands and knees on the mat do not slide between cat and cow."""
    cat, cow = cat_cow
    for side in ("near", "far"):
        for part in ("wrist", "knee"):
            name = f"{side}_{part}"
            assert math.dist(cat.points[name][:2], cow.points[name][:2]) < 2.0, name


def test_cat_cow_arms_stay_under_the_shoulders(cat_cow):
    for frame in cat_cow:
        (sx, sy, _), (wx, wy, _) = frame.points["near_shoulder"], frame.points["near_wrist"]
        assert abs(math.degrees(math.atan2(wx - sx, sy - wy))) < 5.0


def test_the_cow_sags_at_the_low_back(cat_cow):
    """In the cow the waist lies below the line from hip to shoulder; in the cat above it."""
    def rise(frame):
        hip, neck, waist = (frame.points[n] for n in ("pelvis", "neck", "waist"))
        return waist[1] - (hip[1] + neck[1]) / 2
    cat, cow = cat_cow
    assert rise(cat) > 3.0 and rise(cow) < -2.0


def test_swimming_pulls_under_the_water_then_recovers_above_it(library):
    """The near hand is under water as it reaches and pulls, and out of it at the finish."""
    start, middle, finish = place(library.get("swimming").figure)
    assert start.points["near_hand"][1] < 0 and middle.points["near_hand"][1] < -20
    assert finish.points["near_hand"][1] > 5 and finish.points["near_elbow"][1] > 10


def test_the_water_line_lies_behind_the_swimmer_and_the_water_fills_the_frame(library):
    drawing = draw(library.get("swimming").figure)
    for frame in drawing.frames:
        group = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{frame}</svg>')[0]
        colours = [child.get("stroke") if child.get("fill") == "none" else child.get("fill")
                   for child in group]
        assert colours[:2] == [WATER, WATER_INK]  # water, then its line, then the body
        water = group[0]
        top = float(group.get("transform").removeprefix("translate(").rstrip(")").split()[1])
        # the frame's bottom edge, in the frame's own coordinates
        assert float(water.get("y")) + float(water.get("height")) == pytest.approx(
            drawing.height - top, abs=0.05)
