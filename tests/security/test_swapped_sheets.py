"""A sheet swapped for another patient's, with the manifest edited to match, is never
merged or counted as this patient's: the sheet's own mark of whose it is is checked."""

from __future__ import annotations

import json
import shutil

import pytest
from pypdf import PdfReader

from guidepress.batch.export import GuideSet
from guidepress.batch.manifest import Entry
from guidepress.batch.printfile import merge_rows
from guidepress.content.roster import check_rows, read_roster
from guidepress.errors import ContentError

ROSTER = "id,patient,exercises\np001,Ana García,plank 3x30s; bridge 2x12\np002,Tom Okafor,cat-cow 1x10\n"


def outline_pages(path):
    reader = PdfReader(path)
    return {str(item.title): reader.get_destination_page_number(item) for item in reader.outline}


def swap_in_toms_sheet(out):
    manifest = json.loads((out / "manifest.json").read_text())
    rows = {r["id"]: r for r in manifest["rows"]}
    shutil.copyfile(out / rows["p002"]["file"], out / rows["p001"]["file"])
    rows["p001"]["sha256"], rows["p001"]["bytes"] = rows["p002"]["sha256"], rows["p002"]["bytes"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    return out / rows["p001"]["file"]


def test_a_swapped_sheet_with_an_edited_manifest_is_made_again_before_merging(run_cli, tmp_path):
    (tmp_path / "r.csv").write_text(ROSTER)
    args = ["batch", "r.csv", "--out", "out", "--workers", "1", "--merge", "all.pdf"]
    assert run_cli(*args).exit_code == 0
    anas = swap_in_toms_sheet(tmp_path / "out")
    again = run_cli(*args)
    assert again.exit_code == 0, again.output
    assert "1 written, 1 unchanged" in again.output  # Ana's sheet was made again
    text = PdfReader(anas).pages[0].extract_text()
    assert "Plank" in text and "Cat-Cow" not in text
    reader = PdfReader(tmp_path / "all.pdf")
    pages = outline_pages(tmp_path / "all.pdf")
    first = reader.pages[pages["Ana García (p001)"]].extract_text()
    assert "Plank" in first and "Cat-Cow" not in first


def test_merging_refuses_a_sheet_that_carries_another_patients_mark(run_cli, tmp_path):
    # the last line of defence: whatever counted the sheet unchanged, the merge checks its mark
    (tmp_path / "r.csv").write_text(ROSTER)
    assert run_cli("batch", "r.csv", "--out", "out", "--workers", "1").exit_code == 0
    swap_in_toms_sheet(tmp_path / "out")
    rows = read_roster(tmp_path / "r.csv")
    check_rows(rows, GuideSet(None).library, keep=False, compact=True)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    entries = [Entry(**{k: v for k, v in r.items() if k in Entry.__dataclass_fields__})
               for r in manifest["rows"]]
    with pytest.raises(ContentError, match="carries another patient's mark; nothing was merged"):
        merge_rows(entries, rows, tmp_path / "out", tmp_path / "all.pdf")
    assert not (tmp_path / "all.pdf").exists()
