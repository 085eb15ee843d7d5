"""Remembered measurements: a sheet planned from sizes measured for earlier sheets is
the sheet a fresh measurement plans, and needs no measuring layout of what it shares."""

from __future__ import annotations

import datetime as dt

import pytest

from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.look.resources import Resources
from guidepress.products import measures
from guidepress.products.routine import render_routine
from guidepress.render.engine import PdfRenderer

MADE = dt.date(2026, 11, 26)
LONG_NAME = " ".join(["Maria de los Angeles Fernandez-Gutierrez y Santa Cruz"] * 3)


@pytest.fixture(scope="module")
def source():
    return load_guide()


def sheet(source, patient, exercises, **form):
    return resolve(PrescriptionFile(patient=patient, exercises=exercises, **form),
                   source.library, "{i}")


def counting(renderer):
    """The HTML of every layout the renderer makes, in order."""
    made, render = [], renderer.render

    def spy(html, **options):
        made.append(html)
        return render(html, **options)

    renderer.render = spy
    return made


@pytest.fixture(scope="module")
def warm_and_cold(source):
    """Sheets rendered in turn with one renderer (remembering) and each with a new one."""
    resources = Resources()
    warm = PdfRenderer([source.folder, *resources.roots])
    layouts = counting(warm)
    sheets = [
        (sheet(source, "Ana García", ["plank 3x30s", "bird-dog 2x8", "bridge 2x12"], weeks=4), 2),
        (sheet(source, "Bo Li", ["plank 3x30s", "bird-dog 2x8", "bridge 2x12"], weeks=4), 2),
        (sheet(source, LONG_NAME, ["plank 3x30s", "bird-dog 2x8", "bridge 2x12"], weeks=4), 2),
        (sheet(source, "Chidi Okafor", ["plank 3x30s", "bird-dog 2x8", "cat-cow"], weeks=6,
               notes="Walk on the days you do not run."), 2),
        (sheet(source, "Dana Kowalska", ["bridge 2x12", "cat-cow"], weeks=2), 1),
        (sheet(source, "Eli Haddad", ["plank 2x20s", "bird-dog 3x6", "bridge 2x12"], weeks=4), 2),
        (sheet(source, "Femi Adeyemi", ["plank 1x30s", "bird-dog 2x8", "bridge 2x12"], weeks=4), 2),
    ]
    out = []
    for rx, per_page in sheets:
        start = len(layouts)
        kept = render_routine(source, rx, resources=resources, renderer=warm, made=MADE,
                              per_page=per_page)
        fresh = render_routine(source, rx, resources=resources, made=MADE, per_page=per_page)
        out.append((kept, fresh, layouts[start:]))
    return out, warm.layout_memo


def test_remembered_sizes_plan_the_same_sheet_as_a_fresh_measurement(warm_and_cold):
    sheets, _ = warm_and_cold
    for kept, fresh, _ in sheets:
        assert kept.html == fresh.html
        assert kept.page_count == fresh.page_count


def test_a_sheet_sharing_every_card_and_part_is_laid_out_once(warm_and_cold):
    sheets, memo = warm_and_cold
    first, second = sheets[0][2], sheets[1][2]
    assert len(first) == 2 and first[0].count('class="card ') == 3  # measured, then final
    assert len(second) == 1  # the final layout only: nothing left to measure
    assert memo.hits > 0 and len(memo) <= memo.limit


def test_a_header_taller_than_remembered_is_planned_again(warm_and_cold):
    sheets, memo = warm_and_cold
    kept, fresh, layouts = sheets[2]
    assert memo.replanned >= 1
    assert len(layouts) == 2 and all(measures.ENTRY not in html for html in layouts)
    assert kept.html == fresh.html


def test_new_cards_alone_are_measured(warm_and_cold):
    sheets, _ = warm_and_cold
    measuring = sheets[3][2][0]
    # the same first two cards were measured for the first sheet: only cat-cow and the
    # six-week tracker are laid out to measure
    assert measuring.count('class="card ') == 1 and 'id="ex-cat-cow"' in measuring
    assert measuring.count('class="tracker ') == 1 and 'class="notes-area"' not in measuring


def test_a_dose_differing_in_digits_takes_the_head_of_one_alike(warm_and_cold):
    sheets, memo = warm_and_cold
    kept, fresh, layouts = sheets[5]
    # plank 2x20s and bird dog 3x6 read like plank 3x30s and bird dog 2x8 with their
    # digits as zeros: no measuring layout, and the final layout confirms the guess
    assert len(layouts) == 1 and memo.digits_alike
    assert kept.html == fresh.html


def test_a_head_in_other_words_is_laid_out_alone(warm_and_cold):
    sheets, _ = warm_and_cold
    kept, fresh, layouts = sheets[6]
    measuring = layouts[0]
    assert measuring.count('class="card-head"') == 1 and "gp-figure" not in measuring
    assert 'id="ex-plank"' in measuring and 'id="ex-bridge"' not in measuring
    assert kept.html == fresh.html


def test_a_wrong_guess_is_measured_again(source, monkeypatch):
    resources = Resources()
    renderer = PdfRenderer([source.folder, *resources.roots])
    made = []
    card = measures._card
    monkeypatch.setattr(measures, "_card", lambda *a: made.append(card(*a)) or made[-1])
    render_routine(source, sheet(source, "Ana", ["plank 3x30s", "bridge 2x12"]),
                   resources=resources, renderer=renderer, made=MADE)
    memo = renderer.layout_memo
    for like in {c.like_key for c in made}:  # as if the fonts drew digits unalike
        memo.put(like, memo.get(like) + 5.0)
    rx = sheet(source, "Bo", ["plank 2x20s", "bridge 3x10"])
    kept = render_routine(source, rx, resources=resources, renderer=renderer, made=MADE)
    assert not memo.digits_alike and memo.replanned == 1
    assert kept.html == render_routine(source, rx, resources=resources, made=MADE).html


def test_the_memo_keeps_only_the_most_recently_used():
    memo = measures.Memo(limit=2)
    for key in "abc":
        memo.put(key, key.upper())
    assert len(memo) == 2 and memo.get("a") is None and memo.get("c") == "C"


def test_a_template_without_the_markers_is_measured_whole():
    html = "<body><header>x</header><section>cards</section></body>"
    assert measures.split(html, 3) is None
    marked = f"<body>h{measures.ENTRY}<s>1</s>{measures.ENTRY}<s>2</s>{measures.END}</body>"
    assert measures.split(marked, 2) == ("<body>h", ["<s>1</s>", "<s>2</s>"], "</body>")
