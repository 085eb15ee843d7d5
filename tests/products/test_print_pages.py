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


def test_large_print_figures_are_larger_than_the_default_sheet_s(tmp_path):
    """Each large-print card has its page: a wide figure's frames stack into the room
    its labels' row would take side by side, so every frame of the six-exercise sheet
    is at least 35 mm tall (the default sheet's least is 22 mm; side by side, large
    print's wide frames were held to 28-33 mm by the card's width)."""
    from tagged import figure_boxes

    boxes = figure_boxes(render("routine", tmp_path, "large-print"))
    assert len(boxes) >= 6 and min(h for _, _, h in boxes) >= 35, sorted(h for _, _, h in boxes)


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


def test_the_letter_handout_pairs_its_cards_and_fills_a_lone_card_s_page(tmp_path):
    """Letter is 18 mm shorter than A4: with narrower top and bottom margins its cards
    still pair, so it takes at most a page more than A4 (it took three more, seven cards
    alone over empty half pages); a card alone stacks its frames into the room, so no
    page of cards is more than a third empty."""
    from guidepress.check import measure
    from guidepress.look.paper import Paper
    from guidepress.products.handout import write_handout
    from printcheck import source

    made = {}
    for paper in (Paper.a4, Paper.letter):
        made[paper] = tmp_path / f"handout-{paper.value}.pdf"
        write_handout(source(), made[paper], paper=paper)
    letter = page_texts(made[Paper.letter])
    assert len(letter) <= len(page_texts(made[Paper.a4])) + 1, len(letter)
    bands = measure.empty_bands(made[Paper.letter], 14)
    cards = [n for n, text in enumerate(letter) if "Start" in text and "Finish" in text]
    assert len(cards) >= 8 and all(bands[n] <= 80 for n in cards), (cards, bands)


def test_the_pocket_card_s_thumbnails_take_most_of_their_row(tmp_path):
    """The front's figures take 60% of each row (46%, about 43 mm, before): each at least
    50 mm wide, all but the widest pose (superman) at least 9 mm tall (how tall depends on
    each drawing's shape); the card still has two faces."""
    from tagged import figure_boxes

    pdf = render("card", tmp_path)
    boxes = figure_boxes(pdf)
    heights = {alt.split(",")[0]: h for alt, _, h in boxes}
    assert len(page_texts(pdf)) == 2
    assert len(heights) >= 5 and sorted(heights.values())[1] >= 9, heights
    assert all(width >= 50 for _, width, _ in boxes), boxes


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_handout_s_figures_keep_a_family_likeness(tmp_path, paper):
    """A card alone on its page grows its figure into the room, but its stacked frames
    no further than about twice its neighbours': 62 mm at most each (Figure Four's were
    75 mm, 150 mm in all, beside 31 mm pairs); side by side, as far as its width allows.
    The tallest card figure is at most 2.4 times the median, and none is under 15 mm."""
    import statistics

    from guidepress.look.paper import Paper
    from guidepress.products.handout import write_handout
    from printcheck import source
    from tagged import figure_boxes

    target = tmp_path / "handout.pdf"
    write_handout(source(), target, paper=Paper(paper))
    boxes = figure_boxes(target)[1:]  # the cover's picture is not a card's
    heights = [h for _, _, h in boxes]
    # a stacked card's frames are figures of their own, the second titled "<name>: Finish"
    stacked = [frame for n, (alt, _, h) in enumerate(boxes) if alt.endswith(": Finish")
               for frame in (boxes[n - 1][2], h)]
    assert max(stacked, default=0.0) <= 62.5, sorted(stacked)  # A4 pairs every card; Letter does not
    assert len(heights) >= 15
    assert max(heights) <= 2.4 * statistics.median(heights), sorted(heights)
    assert min(heights) >= 15, sorted(heights)
