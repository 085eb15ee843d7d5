"""The three-quarter view: the same skeleton turned and seen from a little above, used
where it shows a movement better than the side (a split squat's two legs), and refused,
like the other views, where it hides the movement."""

from __future__ import annotations

import yaml

from guidepress.content.camera import Camera, camera
from guidepress.content.exercises import builtin_library_dir, load_exercise
from guidepress.content.posecheck import figure_problems
from guidepress.content.solver import place


def _library_file(exercise_id: str):
    return builtin_library_dir() / f"{exercise_id}.yaml"


def _redrawn(tmp_path, exercise_id: str, **view):
    """The library's exercise with its figure's view changed, loaded from a copy."""
    data = yaml.safe_load(_library_file(exercise_id).read_text(encoding="utf-8"))
    data["figure"].update(view)
    copy = tmp_path / f"{exercise_id}.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_exercise(copy).figure


def test_the_split_squat_is_drawn_three_quarter_and_passes_the_rules():
    figure = load_exercise(_library_file("split-squat")).figure
    assert figure.view == "three-quarter" and figure.turn < 0
    assert figure_problems(figure) == []


def test_three_quarter_is_the_same_skeleton_turned(tmp_path):
    """The body is posed once; only the camera differs. Turned, the two hips stand apart
    across the picture (seen from the side they lie one behind the other), and a point's
    height on the page is its height foreshortened by the tilt."""
    turned = load_exercise(_library_file("split-squat")).figure
    side = _redrawn(tmp_path, "split-squat", view="side", turn=0, tilt=None)
    bodies, side_bodies = place(turned), place(side)
    for a, b in zip(bodies, side_bodies):
        assert all(abs(a.points[n][i] - b.points[n][i]) < 1e-6 for n in a.points for i in (1, 2))
    cam, side_cam = camera(turned), camera(side)
    assert isinstance(cam, Camera) and cam.turn == turned.turn
    finish = bodies[-1]

    def hips_apart(c):
        return abs(c.project(finish.points["near_hip"])[0] - c.project(finish.points["far_hip"])[0])
    assert hips_apart(cam) > 2 * hips_apart(side_cam)
    # The back knee lowers toward the floor on the page as well as in the body.
    start_knee, end_knee = (cam.project(b.points["far_knee"])[1] for b in (bodies[0], finish))
    assert start_knee - end_knee > 10


def test_a_three_quarter_view_that_hides_the_movement_is_refused(tmp_path):
    """Turned 60 degrees, a knee pushed straight back moves mostly toward the reader:
    start and finish look alike and the figure is refused, naming the frames; the side
    view the library uses shows it."""
    hidden = _redrawn(tmp_path, "terminal-knee-extension", view="three-quarter", turn=-60, tilt=5)
    problems = figure_problems(hidden)
    assert problems and problems[0][0] == "figure.end"
    assert "start and finish frames: too alike" in problems[0][1]
    assert "near_knee" in problems[0][1]
    assert figure_problems(load_exercise(_library_file("terminal-knee-extension")).figure) == []
