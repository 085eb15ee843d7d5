"""A re-run with nothing changed is answered from the manifest, without loading the guide;
any change (roster, options, inputs, a missing sheet, a failed row) takes the full path."""

from __future__ import annotations

import pytest
from conftest import BATCH_ROWS as ROWS
from conftest import FIXTURE_GUIDE

import guidepress.batch.export as export
from guidepress.batch.export import BatchOptions, export_batch
from guidepress.look.resources import Resources


@pytest.fixture
def guide_loads(monkeypatch):
    """Counts the guides the batch loads."""
    loads = []
    real = export.GuideSet.get

    def counting(self, language, guide=""):
        loads.append(language)
        return real(self, language, guide)

    monkeypatch.setattr(export.GuideSet, "get", counting)
    return loads


def test_nothing_changed_is_answered_from_the_manifest(batch_done_once, guide_loads):
    roster, options = batch_done_once
    again = export_batch(roster, options)
    assert again.count("unchanged") == 2 and guide_loads == []


def test_an_edited_roster_is_checked_again(batch_done_once, guide_loads):
    roster, options = batch_done_once
    roster.write_text(ROWS + "u3,Cy,cat-cow\n", encoding="utf-8")
    again = export_batch(roster, options)
    assert again.count("unchanged") == 2 and again.count("written") == 1 and guide_loads


def test_other_options_or_a_missing_sheet_are_checked_again(batch_done_once, guide_loads):
    roster, options = batch_done_once
    options.resources = Resources(theme="large-print")
    assert export_batch(roster, options).count("written") == 2 and guide_loads
    guide_loads.clear()
    next((options.out_dir).glob("u1-*.pdf")).unlink()
    again = export_batch(roster, options)
    assert again.count("written") == 1 and guide_loads


def test_a_failed_row_is_always_tried_again(tmp_path, guide_loads):
    roster = tmp_path / "r.csv"
    roster.write_text(ROWS + "u3,Cy,no-such-exercise\n", encoding="utf-8")
    options = BatchOptions(out_dir=tmp_path / "out", workers=1, guide_dir=FIXTURE_GUIDE)
    export_batch(roster, options)
    guide_loads.clear()
    again = export_batch(roster, options)
    assert again.count("unchanged") == 2 and len(again.bad_rows) == 1 and guide_loads


def test_a_change_in_either_exercise_library_renders_again(knee_workspace, guide_loads):
    """A guide's own exercises and the shared library under them are both inputs."""
    knee = knee_workspace / "guides" / "knee"
    roster = knee_workspace / "r.csv"
    roster.write_text("id,patient,exercises\nu1,Ana,quad-set 3x30s\nu2,Bob,bridge\n", encoding="utf-8")
    options = BatchOptions(out_dir=knee_workspace / "out", workers=1, guide_dir=knee)
    assert export_batch(roster, options).count("written") == 2
    guide_loads.clear()
    assert export_batch(roster, options).count("unchanged") == 2 and guide_loads == []
    for changed in (knee_workspace / "guide" / "exercises" / "bridge.yaml",
                    knee / "exercises" / "quad-set.yaml"):
        with changed.open("a", encoding="utf-8") as text:
            text.write("# a clinic's note\n")
        assert export_batch(roster, options).count("written") == 2, changed
        assert guide_loads
        guide_loads.clear()
