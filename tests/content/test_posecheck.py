"""Pose rules a drawing must keep: each bad fixture is refused, naming exercise, frame and joint."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA

from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.problems import ProblemsError

BAD = DATA / "bad-poses"


def refused(name: str) -> str:
    with pytest.raises(ProblemsError) as err:
        load_library(BAD / name)
    return str(err.value)


def test_a_limb_across_the_head_is_refused():
    message = refused("limb-across-head")
    assert 'bird-dog.yaml line' in message and 'exercise "bird-dog"' in message
    assert "figure.end" in message and "finish frame" in message
    assert "the near upper arm (near_shoulder to near_elbow) crosses the head" in message


def test_a_part_below_the_floor_is_refused():
    message = refused("below-floor")
    assert 'exercise "bridge"' in message and "figure.start" in message and "start frame" in message
    assert "near_hand is 27.9 below the floor" in message
    assert "should rest on the floor" not in message  # the one part out of place is named, not the rest


def test_a_support_in_the_air_is_refused():
    message = refused("support-in-air")
    assert 'exercise "cat-cow"' in message and "finish frame" in message
    assert "near_hand should rest on the floor (rests_on) but is 11.9 above it" in message


def test_start_and_finish_too_alike_are_refused():
    message = refused("too-alike")
    assert 'exercise "hamstring-stretch"' in message and "start and finish frames" in message
    assert "too alike: the part that moves most (near_toe) moves 3.1% of the body's height" in message


def test_a_figure_without_an_arrow_is_refused(tmp_path):
    target = tmp_path / "bridge.yaml"
    shutil.copy(builtin_library_dir() / "bridge.yaml", target)
    target.write_text(target.read_text().replace("  arrows: [pelvis]\n", ""))
    with pytest.raises(ProblemsError, match=r"figure.arrows: .*name the body part that moves"):
        load_library(tmp_path)


@pytest.mark.parametrize("neck, refusal", [(25, None), (5, "hides the middle of the head")])
def test_the_head_may_lie_between_arms_held_overhead(tmp_path, neck, refusal):
    """Downward dog: both arms overhead, the head between them; the near arm passes in
    front of the head as in life, but must leave the middle of the head in view."""
    target = tmp_path / "downward-dog.yaml"
    shutil.copy(builtin_library_dir() / "downward-dog.yaml", target)
    text = target.read_text()
    assert "    neck: 25\n" in text
    target.write_text(text.replace("    neck: 25\n", f"    neck: {neck}\n"))
    if refusal is None:
        assert load_library(tmp_path).get("downward-dog").figure.end.neck == 25
    else:
        with pytest.raises(ProblemsError, match=f"near upper arm .*{refusal}.*bend the neck"):
            load_library(tmp_path)


def test_one_arm_overhead_still_may_not_cross_the_head(tmp_path):
    """Only with both arms overhead does the head lie between them."""
    target = tmp_path / "downward-dog.yaml"
    shutil.copy(builtin_library_dir() / "downward-dog.yaml", target)
    text = target.read_text()
    end = text.index("  end:")
    target.write_text(text[:end] + text[end:].replace("    far_shoulder: 180\n", "    far_shoulder: 140\n"))
    with pytest.raises(ProblemsError, match=r"near upper arm \(near_shoulder to near_elbow\) crosses the head"):
        load_library(tmp_path)
