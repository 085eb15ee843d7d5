"""A batch manifest's ``file`` is a plain name of a regular file in the output folder:
a path (absolute, or out of the folder with ``..``), a pipe or a device in an entry
makes that entry not current; it is never opened, and never blocks a run."""

from __future__ import annotations

import json
import os

import pytest
from conftest import FIXTURE_GUIDE
from test_special_files import deadline  # noqa: F401 - a fixture: fail, never hang

from guidepress.batch.manifest import Entry, is_current
from guidepress.freshness import sha256_hex

EMPTY = sha256_hex(b"")  # what a pipe or /dev/zero "holds" by its size


@pytest.mark.parametrize("name", ["/dev/zero", "pipe.pdf", "../out/pipe.pdf"])
def test_a_device_or_pipe_in_an_entry_is_not_current_and_not_read(tmp_path, deadline, name):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "pipe.pdf")
    entry = Entry(1, "p001", file=name, bytes=0, sha256=EMPTY, status="written", inputs="x")
    assert not is_current(entry, "x", out)


def test_a_path_in_an_entry_is_not_current(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sheet = tmp_path / "elsewhere.pdf"
    sheet.write_bytes(b"%PDF-1.7 someone's file")
    for name in (str(sheet), "../elsewhere.pdf", f"sub{os.sep}..{os.sep}..{os.sep}elsewhere.pdf"):
        entry = Entry(1, "p001", file=name, bytes=sheet.stat().st_size,
                      sha256=sha256_hex(sheet.read_bytes()), status="written", inputs="x")
        assert not is_current(entry, "x", out), name


def test_a_batch_renders_again_a_row_whose_entry_names_a_path(run_cli, tmp_path):
    (tmp_path / "r.csv").write_text("id,patient,exercises\np001,Ana García,plank\n",
                                    encoding="utf-8")
    args = ("batch", "r.csv", "--out", "out", "--workers", 1, "--guide", FIXTURE_GUIDE)
    assert run_cli(*args).exit_code == 0
    manifest = tmp_path / "out" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["rows"][0]["file"] = str(tmp_path / "out" / data["rows"][0]["file"])  # the same file
    manifest.write_text(json.dumps(data), encoding="utf-8")
    again = run_cli(*args)
    assert again.exit_code == 0 and "1 written, 0 unchanged" in " ".join(again.output.split())
    rows = json.loads(manifest.read_text(encoding="utf-8"))["rows"]
    assert os.sep not in rows[0]["file"]
