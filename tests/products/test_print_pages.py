"""Pages that hold a part alone, measured on the rendered routine sheets: the Stop box
shares the large-print sheet's first page with the header, and short sheets with or
without a next appointment never print the notes box on a page of its own."""

from __future__ import annotations

import pytest
from printcheck import SIX, page_texts, prescription, render

EXERCISE_NAMES = ("Plank", "Bridge", "Bird Dog", "Cat-Cow")


def test_the_large_print_sheet_opens_with_its_header_and_stop_box(tmp_path):
    """Large print: the Stop box fits the first page under the header, so no page holds
    it alone, nor a notes box alone; every other page holds a card or the tracker."""
    texts = page_texts(render("routine", tmp_path, "large-print", rx=prescription(
        SIX, follow_up="2026-12-29")))
    assert "Your home exercise programme" in texts[0] and "Stop and get help" in texts[0]
    assert all("Stop and get help" not in text for text in texts[1:]), texts
    assert all("Your progress" in text or text.count("Start") for text in texts[1:]), texts


def test_large_print_stacks_the_plank_s_frames_into_its_page(tmp_path):
    """The plank, a wide pose held 28 mm tall by the card's width with its frames side by
    side, has them one above the other in large print, each at least 30 mm tall."""
    from tagged import figure_boxes

    plank = prescription(["plank"]).items[0].exercise
    boxes = figure_boxes(render("routine", tmp_path, "large-print"))
    frames = [h for alt, _, h in boxes if alt in (plank.alt, f"{plank.name}: Finish")]
    assert len(frames) == 2 and min(frames) >= 30, boxes


@pytest.mark.parametrize("count", [1, 2, 3, 4])
@pytest.mark.parametrize("follow_up", ["", "2026-12-29"])
def test_no_page_holds_the_notes_box_alone(tmp_path, count, follow_up):
    """1 to 4 exercises, with or without a next appointment: the notes box shares its
    page with a card or the tracker, or is left out; the header always has the next
    appointment (or a line to write it on)."""
    fields = {"follow_up": follow_up} if follow_up else {}
    rx = prescription(["plank", "bridge", "bird-dog", "cat-cow"][:count], **fields)
    texts = page_texts(render("routine", tmp_path, rx=rx))
    assert "Next appointment" in texts[0]
    for n, text in enumerate(texts):
        if "Notes" in text:
            assert "Your progress" in text or any(name in text for name in EXERCISE_NAMES), (n, texts)
