"""A re-run with nothing changed is answered from the manifest, without loading the guide;
any change (roster, options, inputs, a missing sheet, a failed row) takes the full path."""

from __future__ import annotations

import os

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


@pytest.mark.parametrize("change", ["emergency number", "phone", "colour", "variant", "logo"])
def test_a_change_in_the_clinics_settings_makes_every_sheet_again(batch_done_once, tmp_path, change):
    """The clinic's details print on every sheet (its emergency number in the Stop box):
    a corrected one must reach every patient, never leave the old sheets "unchanged"."""
    from guidepress.config.models import Clinic

    roster, options = batch_done_once
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    before = {"emergency number": {"clinic": Clinic(emergency_number="112")},
              "phone": {"clinic": Clinic(name="Riverside", phone="555-0100")},
              "colour": {"colours": (("--color-accent", "#1d5b86"),)},
              "variant": {}, "logo": {"logo": logo, "clinic": Clinic(name="Riverside")}}[change]
    options.resources = Resources(**before)
    export_batch(roster, options)
    if change == "logo":
        logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                        '<rect width="5" height="5"/></svg>')
        after = before
    else:
        after = {"emergency number": {"clinic": Clinic(emergency_number="999")},
                 "phone": {"clinic": Clinic(name="Riverside", phone="555-0199")},
                 "colour": {"colours": (("--color-accent", "#7a1f5c"),)},
                 "variant": {"pdf_variant": "pdf/a-2b"}}[change]
    options.resources = Resources(**after)
    again = export_batch(roster, options)
    assert again.count("written") == 2 and again.count("unchanged") == 0


def test_a_manifest_listing_one_row_twice_is_checked_row_by_row(batch_done_once):
    """An entry copied over another (its seal and all, its row number changed) would
    answer for a patient whose sheet is gone: each roster row must be listed once."""
    import json

    roster, options = batch_done_once
    manifest = options.out_dir / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    gone = options.out_dir / data["rows"][1]["file"]
    data["rows"][1] = {**data["rows"][0], "row": data["rows"][1]["row"]}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    gone.unlink()
    again = export_batch(roster, options)
    assert again.count("written") == 1 and gone.exists()


def _edited_beside(tmp_path, manifest: str, owner: int | None = None):
    """A batch whose styles folder holds ``manifest`` as styles/themes/manifest.json (given
    to user ``owner``), run once, then again after a stylesheet beside it changed: the
    second run's outcome, the roster and the options."""
    themes = tmp_path / "styles" / "themes"
    themes.mkdir(parents=True)
    (themes / "manifest.json").write_text(manifest)
    if owner is not None:
        os.chown(themes / "manifest.json", owner, owner)
    (themes / "notes.css").write_text(".sheet-notes { color: #222; }\n")
    roster = tmp_path / "r.csv"
    roster.write_text(ROWS, encoding="utf-8")
    options = BatchOptions(out_dir=tmp_path / "out", workers=1, guide_dir=FIXTURE_GUIDE,
                           resources=Resources(style_dirs=(tmp_path / "styles",)))
    assert export_batch(roster, options).count("written") == 2
    (themes / "notes.css").write_text(".sheet-notes { color: #000; }\n")
    return export_batch(roster, options), roster, options


def test_a_manifest_json_that_is_not_a_batchs_hides_no_edit(tmp_path, guide_loads):
    """A theme pack may ship its own manifest.json: its folder is still inputs, and an
    edit beside it makes every sheet again (only a folder holding a manifest a batch
    wrote is outputs)."""
    after, roster, options = _edited_beside(tmp_path, '{"name": "clinic pack", "version": 2}')
    assert after.count("written") == 2
    again = export_batch(roster, options)  # an output folder of a batch is still left out
    assert again.count("unchanged") == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another user needs root")
def test_a_manifest_another_user_wrote_hides_no_edit(tmp_path):
    """A file made to begin like a batch's manifest, but someone else's, leaves its folder
    among the inputs: only the user's own manifests mark a folder of outputs."""
    after, _, _ = _edited_beside(
        tmp_path, '{"guidepress": "2.1", "roster": "x", "roster_sha256": "", "rows": []}', 1001)
    assert after.count("written") == 2
