"""'Unchanged' means the SHA-256 recorded, never the size: another patient's sheet
padded to this patient's size is rendered again, and never merged under their entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BATCH_ROWS as ROWS
from conftest import FIXTURE_GUIDE, pdf_text
from pypdf import PdfReader

from guidepress.batch.export import export_batch
from guidepress.errors import RenderError
from guidepress.pdf.merge import merge_sheets

def padded_swap(out: Path) -> tuple[Path, str, str]:
    """Put the smaller sheet, padded to the larger's size, in the larger's place.
    Returns the changed file, whose sheet it should be and whose it now is."""
    a, b = out / "u1-Ana-Lopez.pdf", out / "u2-Bob-Okafor.pdf"
    big, small = (a, b) if a.stat().st_size >= b.stat().st_size else (b, a)
    data = small.read_bytes()
    big.write_bytes(data + b" " * (big.stat().st_size - len(data)))  # after %%EOF: still a PDF
    name = {a: "Ana Lopez", b: "Bob Okafor"}
    return big, name[big], name[small]


@pytest.mark.parametrize("roster_edit", [False, True], ids=["same roster", "roster edited"])
def test_a_same_sized_swap_is_never_counted_unchanged(batch_done_once, roster_edit):
    """The swapped-in file is another patient's sheet: not replaced (it may be all that
    is left of it), and the row fails with a message instead of passing as unchanged."""
    roster, options = batch_done_once
    if roster_edit:  # the quick path (same roster) and the row-by-row path both check
        roster.write_text(ROWS + "u3,Cy Dee,bridge\n", encoding="utf-8")
    changed, owner, intruder = padded_swap(options.out_dir)
    swapped = changed.read_bytes()
    result = export_batch(roster, options)
    entry = next(e for e in result.entries if e.id == changed.name[:2])
    assert entry.status == "failed" and "is not a sheet this batch made for this row" in entry.error
    assert changed.read_bytes() == swapped


def test_a_same_sized_damaged_sheet_is_rendered_again(batch_done_once):
    roster, options = batch_done_once
    sheet = options.out_dir / "u1-Ana-Lopez.pdf"
    data = sheet.read_bytes()
    comment = data.index(b"\n%") + 2  # the binary comment on the second line: any bytes do
    sheet.write_bytes(data[:comment] + b"edit" + data[comment + 4:])
    result = export_batch(roster, options)
    assert {e.id: e.status for e in result.entries} == {"u1": "written", "u2": "unchanged"}
    assert "Ana Lopez" in pdf_text(sheet)


def test_merge_never_prints_a_swapped_sheet_under_the_patients_entry(batch_done_once, tmp_path):
    roster, options = batch_done_once
    changed, owner, intruder = padded_swap(options.out_dir)
    options.merge = tmp_path / "all.pdf"
    export_batch(roster, options)
    reader = PdfReader(options.merge)
    outline = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    for title, first in outline.items():
        page = reader.pages[first].extract_text()
        assert title.split(" (")[0] in page  # every entry opens on its own patient's sheet


def test_merge_refuses_a_sheet_whose_bytes_differ_from_the_record(batch_done_once, tmp_path):
    _, options = batch_done_once
    manifest = json.loads((options.out_dir / "manifest.json").read_text())
    sheets = [(r["id"], r["id"], options.out_dir / r["file"]) for r in manifest["rows"]]
    expected = {options.out_dir / r["file"]: r["sha256"] for r in manifest["rows"]}
    padded_swap(options.out_dir)
    with pytest.raises(RenderError, match=r"SHA-256 differs from the manifest's\); nothing was merged"):
        merge_sheets(sheets, tmp_path / "all.pdf", expected=expected)
    assert not (tmp_path / "all.pdf").exists()


def test_a_same_sized_change_to_a_build_product_is_rebuilt(run_cli, tmp_path):
    assert run_cli("build", "--guide", FIXTURE_GUIDE, "--out", "out").exit_code == 0
    product = tmp_path / "out" / "hand-care-handout.pdf"
    data = product.read_bytes()
    comment = data.index(b"\n%") + 2  # the binary comment on the second line: any bytes do
    changed = data[:comment] + b"edit" + data[comment + 4:]
    product.write_bytes(changed)
    result = run_cli("build", "--guide", FIXTURE_GUIDE, "--out", "out")
    assert result.exit_code == 0, result.output
    assert "wrote out/hand-care-handout.pdf" in result.output
    assert product.read_bytes() != changed
