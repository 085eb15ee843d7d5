"""What another user leaves in an output folder vouches for nothing, and a file too
large to be a sheet is never read whole to see whose sheet it is."""

from __future__ import annotations

import os

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.pdf.merge import MAX_SHEET
from guidepress.products import routine

ROWS = "id,patient,exercises\nb1,Bob,bridge\nc2,Cy,plank\n"


def test_a_file_larger_than_any_sheet_is_not_read_to_find_its_patient(tmp_path, monkeypatch):
    huge = tmp_path / "Bob-routine.pdf"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_SHEET + 1)  # sparse: no disk used

    opened = []
    monkeypatch.setattr("pypdf.PdfReader", lambda *args, **kwargs: opened.append(args))
    assert routine.sheet_owner(huge) is None
    assert not opened  # not handed to a reader that reads a file whole


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another user needs root")
@pytest.mark.parametrize("change", ["owner", "mode"])
def test_a_manifest_another_user_planted_or_may_write_is_not_trusted(run_cli, tmp_path, change):
    (tmp_path / "r.csv").write_text(ROWS)
    assert run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 1, "--out", "out").exit_code == 0
    manifest = tmp_path / "out" / "manifest.json"
    if change == "owner":
        os.chown(manifest, 65534, 65534)
    else:
        os.chmod(manifest, 0o666)
    result = run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 1, "--out", "out")
    assert result.exit_code == 1 and "not trusted" in result.output, result.output
