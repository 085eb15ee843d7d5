"""Exercise figures: valid, accessible SVG at one scale and one line weight, colours that
keep 3:1 against the paper, and poses that are human, rest on the floor and move."""

from __future__ import annotations

import itertools
import logging
import math
import random
import re
import xml.etree.ElementTree as ET

import pytest
from pydantic import ValidationError

from guidepress.content import kinematics as k
from guidepress.content.solver import place
from guidepress.content.camera import camera
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.posecheck import LIFT, SINK, figure_problems, too_alike
from guidepress.content.poses import JOINTS, LIMB_JOINTS, SIDES, Pose
from guidepress.figures import palette
from guidepress.figures.draw import GAP, NARROWEST, PANEL_WIDTH, draw, figure_svg, frame_svg, preview_html

SVG = "{http://www.w3.org/2000/svg}"
BASIC = {"svg", "title", "desc", "g", "path", "line", "circle", "rect", "polyline", "polygon"}


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


@pytest.fixture(scope="module")
def svgs(library):
    return {e.id: figure_svg(e) for e in library}


def test_every_figure_is_accessible_svg(library, svgs):
    for exercise in library:
        root = ET.fromstring(svgs[exercise.id])
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert "width" not in root.attrib and "height" not in root.attrib
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title.text == exercise.name
        assert desc.text == exercise.alt
        assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert {el.tag.removeprefix(SVG) for el in root.iter()} <= BASIC
        assert "<text" not in svgs[exercise.id]


def test_every_frame_of_a_figure_has_the_same_size(library, svgs):
    for exercise in library:
        frames, panel = len(exercise.figure.poses), draw(exercise.figure).panel
        x, y, width, height = map(float, ET.fromstring(svgs[exercise.id]).get("viewBox").split())
        assert (x, y, width) == (0, 0, frames * panel + (frames - 1) * GAP)
        assert 25 < height < 1.2 * PANEL_WIDTH  # a gentle lift lying face down is about 30 tall
        for index in range(frames):
            one = ET.fromstring(frame_svg(exercise, index)).get("viewBox").split()
            assert float(one[2]) == panel and float(one[3]) == height


def drawn_width(figure) -> float:
    """How wide the widest frame's body and arrows are, in picture units."""
    from guidepress.figures.draw import _extent
    from guidepress.figures.motion import arrow_points

    cam, placed = camera(figure), place(figure)
    arrows = [[arrow_points(figure, placed, i, n, cam) for n in figure.arrows]
              for i in range(len(placed) - 1)]
    left, right, _, _ = _extent(placed, cam, arrows, figure)
    return right - left


def test_a_frame_is_as_wide_as_its_figure_needs_up_to_a_shared_cap(library, svgs):
    """A standing figure's frames are narrow, so a card sized to a figure height shows
    it at that height; a figure lying at full length keeps the widest frames; none is
    a sliver. Measured from the drawn SVG: its frames leave little empty either side."""
    panels = {e.id: draw(e.figure).panel for e in library}
    assert all(NARROWEST <= p <= PANEL_WIDTH for p in panels.values())
    assert panels["swimming"] == PANEL_WIDTH  # a body stretched out at full length
    for exercise in library:
        width = float(ET.fromstring(svgs[exercise.id]).get("viewBox").split()[2])
        frames = len(exercise.figure.poses)
        panel = (width - (frames - 1) * GAP) / frames
        assert panel in (PANEL_WIDTH, NARROWEST) or panel - drawn_width(exercise.figure) < 20, exercise.id
    shape = {i: [float(v) for v in ET.fromstring(svgs[i]).get("viewBox").split()[2:]]
             for i in ("triangle", "cobra")}
    assert shape["triangle"][0] / shape["triangle"][1] < 2.5 < shape["cobra"][0] / shape["cobra"][1]


def test_every_drawing_fits_its_frame(library):
    """Bodies and arrows stay inside their frame, so nothing runs into the next one."""
    for exercise in library:
        assert drawn_width(exercise.figure) <= draw(exercise.figure).panel - 2, exercise.id


def test_one_line_weight_everywhere(svgs):
    """Outlines, floor and mat edges share one weight in every figure; arrows are a
    little bolder, the rule between frames a little lighter, an exercise band (a cord)
    a little heavier than an outline."""
    widths = {float(w) for svg in svgs.values() for w in re.findall(r'stroke-width="([\d.]+)"', svg)}
    line = palette.LINE
    assert widths <= {2 * line, line, round(0.7 * line, 3), round(0.6 * line, 3), 1.7, palette.BAND_LINE}
    assert palette.BAND_LINE in widths  # the banded exercises draw their band


def test_ids_are_unique_on_a_page(library, svgs):
    ids = [el.get("id") for e in library for el in ET.fromstring(svgs[e.id]).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 2 * len(library)
    one = library.get("bridge")
    assert ET.fromstring(figure_svg(one, id_prefix="sheet2")).find(f"{SVG}title").get("id") == \
        "sheet2-bridge-title"


def test_name_with_markup_is_escaped(library):
    exercise = library.get("plank").model_copy(update={"name": "Plank <hold> & breathe"})
    assert ET.fromstring(figure_svg(exercise)).find(f"{SVG}title").text == "Plank <hold> & breathe"


def test_lines_keep_three_to_one_against_the_paper(svgs):
    """Every stroke drawn, and every solid mark (arrowheads, the frame separator), is
    at least 3:1 against white; body fills are light so outlines carry the shape."""
    strokes = {c for svg in svgs.values() for c in re.findall(r'stroke="(#[0-9a-f]{6})"', svg)}
    assert strokes and all(palette.contrast(c) >= 3 for c in strokes), strokes
    for colour in (palette.ARROW, palette.SEPARATOR, palette.FLOOR_INK, palette.FAR_INK):
        assert palette.contrast(colour) >= 3
    assert palette.contrast(palette.INK) >= 7
    assert palette.contrast(palette.BODY) < 1.5 and palette.contrast(palette.FAR_BODY) < 1.5
    assert palette.luminance(palette.FAR_BODY) > palette.luminance(palette.BODY)  # far is lighter
    assert palette.luminance(palette.FAR_INK) > palette.luminance(palette.INK)


def test_weasyprint_draws_every_figure_without_warnings(library, caplog):
    weasyprint = pytest.importorskip("weasyprint")
    pdfium = pytest.importorskip("pypdfium2")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = weasyprint.HTML(string=preview_html(library)).write_pdf()
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    pages = pdfium.PdfDocument(pdf)
    dark = sum(sum(p.render(scale=2).to_pil().convert("L").histogram()[:100]) for p in pages)
    assert dark > 15 * 1500  # fifteen figures' worth of outline, not blank boxes


@pytest.mark.parametrize("joint, value, message", [
    ("near_knee", 170, "170° flexion is outside the human range 0-155°"),
    ("far_knee", -20, "this joint does not bend backwards"),
    ("near_hip", -45, "45° extension is outside the human range 0-30°"),
    ("spine", 90, "90° flexion is outside the human range 0-80°"),
    ("neck", -60, "60° extension is outside the human range 0-45°"),
    ("near_ankle", -70, "70° plantarflexion is outside the human range 0-50°"),
    ("far_elbow", 160, "160° flexion is outside the human range 0-150°"),
    ("near_shoulder", -80, "80° extension is outside the human range 0-60°"),
    ("near_hip_rotation", 60, "60° external rotation is outside the human range 0-45°"),
    ("far_hip_abduction", 50, "50° abduction is outside the human range 0-45°"),
])
def test_side_view_ranges(joint, value, message):
    with pytest.raises(ValidationError, match=message):
        Pose(**{joint: value})


def test_front_view_ranges_follow_the_view():
    Pose(view="front", near_hip=80, near_turnout=True)  # a turned-out leg swings in flexion
    with pytest.raises(ValidationError, match="80° abduction is outside the human range 0-45°"):
        Pose(view="front", near_hip=80)
    with pytest.raises(ValidationError, match="side bend toward the near side"):
        Pose(view="front", spine=50)
    with pytest.raises(ValidationError, match="the front view draws the body flat"):
        Pose(view="front", near_hip_abduction=10)


def test_front_view_elbow_can_bend_in_to_the_hip():
    # Seen from the front, an elbow bends out from the body unless told to bend in:
    # then the hand comes back to rest on the hip.
    def wrist_to_hip(**bend_in):
        pose = Pose(view="front", trunk=90, near_shoulder=30, near_elbow=60, **bend_in)
        points = k.solve(pose).points
        return math.dist(points["near_wrist"], points["near_hip"])

    assert wrist_to_hip(near_elbow_in=True) < 8 < wrist_to_hip()


def test_segments_keep_their_length():
    rng = random.Random(7)
    bones = [("pelvis", "waist", k.LUMBAR), ("waist", "neck", k.THORACIC),
             ("near_shoulder", "near_elbow", k.UPPER_ARM), ("far_elbow", "far_wrist", k.FOREARM),
             ("near_wrist", "near_hand", k.HAND), ("far_hip", "far_knee", k.THIGH),
             ("near_knee", "near_ankle", k.SHANK)]
    for view in ("side", "front"):
        for _ in range(20):
            angles = {j: rng.uniform(-20, 20) for j in JOINTS}
            angles["trunk"] = rng.uniform(-180, 180)
            if view == "front":
                angles.update({f"{s}_{j}": 0.0 for s in SIDES for j in
                               ("shoulder_abduction", "hip_abduction", "hip_rotation")})
            pose = Pose.model_construct(**{**Pose().model_dump(), **angles, "view": view})
            points = k.solve(pose).points
            for a, b, length in bones:
                assert math.dist(points[a], points[b]) == pytest.approx(length)


def test_standing_figure_matches_the_proportions():
    skeleton = k.rest(k.solve(Pose()), Pose(), "floor")
    points = skeleton.points
    assert points["neck"][1] - points["pelvis"][1] == pytest.approx(28.8)
    assert points["near_ankle"][1] == pytest.approx(3.9, abs=0.6)  # ankle height 0.039 H
    assert points["pelvis"][1] == pytest.approx(53.0, abs=1.0)  # hip joint 0.530 H
    assert points["neck"][1] == pytest.approx(81.8, abs=1.0)  # shoulder line 0.818 H
    crown = points["head"][1] + k.HEAD_RADIUS
    assert crown == pytest.approx(100.0, abs=1.0)  # standing height
    assert math.dist(points["near_heel"], points["near_toe"]) + 2.8 == pytest.approx(15.2, abs=1.0)


def test_every_builtin_pose_passes_the_drawing_rules(library):
    for exercise in library:
        assert figure_problems(exercise.figure) == [], exercise.id


def test_every_builtin_pose_says_what_it_rests_on_and_touches_it(library):
    for exercise in library:
        if exercise.figure.surface == "water":
            continue
        for pose, skeleton in zip(exercise.figure.poses, place(exercise.figure)):
            assert pose.rests_on or pose.contacts, exercise.id  # contacts: test_contacts.py
            assert all(-SINK <= k.bottom(skeleton, n) <= LIFT for n in pose.rests_on), exercise.id
            assert k.lowest(skeleton)[1] >= -SINK, exercise.id


def test_start_and_finish_differ(library):
    for exercise in library:
        placed = place(exercise.figure)
        cam = camera(exercise.figure)
        assert too_alike(placed[0], placed[-1], cam) is None, exercise.id
        assert exercise.figure.arrows, exercise.id


def test_three_frames_where_two_cannot_show_the_movement(library):
    swim = library.get("swimming").figure
    assert swim.frame_names == ["start", "middle", "finish"]
    assert ET.fromstring(figure_svg(library.get("swimming"))).get("viewBox").split()[2] == \
        f"{3 * draw(swim).panel + 2 * GAP:g}"
    assert library.get("figure-four-stretch").figure.view == "side"
    assert library.get("side-plank").figure.view == "front"


def test_pairs_of_joint_names_are_all_checked():
    for side, joint in itertools.product(SIDES, LIMB_JOINTS):
        assert f"{side}_{joint}" in Pose.model_fields


def test_each_body_shape_is_painted_as_its_own_path(svgs):
    # Shapes wound opposite ways in one path cancel where they overlap and leave a hole,
    # seen as a stray notch or speck at a hip or groin: so every path holds one shape.
    for exercise_id, svg in svgs.items():
        bodies = re.findall(rf'<g fill="{palette.BODY}">(.*?)</g>', svg)
        shapes = [d for body in bodies for d in re.findall(r'<path d="([^"]*)"/>', body)]
        assert len(shapes) > 10, exercise_id
        assert all(d.count("M") == 1 for d in shapes), exercise_id


def test_the_mat_lies_wholly_inside_every_frame(library):
    # A view walked round the figure (figure four) tilts the mat: its low corner counts too.
    from guidepress.figures.draw import draw
    for exercise in library:
        drawing = draw(exercise.figure)
        for frame in drawing.frames:
            top = float(re.match(r'<g transform="translate\([-\d.]+ ([-\d.]+)\)">', frame).group(1))
            for points in re.findall(r'<polygon points="([^"]+)"', frame):
                ys = [top + float(p.split(",")[1]) for p in points.split()]
                assert 0 <= min(ys) and max(ys) <= drawing.height + 1e-6, exercise.id
