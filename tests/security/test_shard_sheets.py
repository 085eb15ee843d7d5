"""merge-manifests never prints one patient's sheet under another's outline entry: a
shard manifest edited to point a row at another row's sheet (hash and all), by its
name or through a link, is refused, and a failed merge rewrites no manifest. A print
file needs the roster the batch used, and a sheet copied (file, hashes, inputs) from
another roster's row of the same id is refused by its patient mark, the rest merged."""

from __future__ import annotations

import json
import os

import pytest
from conftest import FIXTURE_GUIDE, outline_titles
from pypdf import PdfReader

import guidepress.pdf.merge as merge
from guidepress.batch.manifest import read_manifest

ROSTER = ("id,patient,exercises\np001,Ana García,plank 3x30s\np002,Tom Okafor,cat-cow 1x10\n"
          "p003,Mia Chen,bridge 2x12\np004,Raj Patel,childs-pose\n")
SWAPPED = ("file", "sha256", "bytes", "pages")


@pytest.fixture
def shards(run_cli, tmp_path):
    """The roster rendered as two shards into out/; returns the shard manifest with two
    rows or more, and its contents."""
    (tmp_path / "r.csv").write_text(ROSTER, encoding="utf-8")
    for k in (1, 2):
        done = run_cli("batch", "r.csv", "--out", "out", "--shard", f"{k}/2", "--workers", 1,
                       "--guide", FIXTURE_GUIDE)
        assert done.exit_code == 0, done.output
    for path in sorted((tmp_path / "out").glob("manifest-*-of-2.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if len(data["rows"]) >= 2:
            return path, data
    pytest.skip("no shard holds two rows")


def write(path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def refused(run_cli, tmp_path, expected: str) -> None:
    result = run_cli("merge-manifests", "out", "--roster", "r.csv", "--merge", "out/all.pdf")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert expected in " ".join(result.output.split())
    assert not (tmp_path / "out" / "all.pdf").exists()


def test_two_rows_with_their_sheets_swapped_in_a_shard_manifest_are_refused(run_cli, tmp_path,
                                                                            shards):
    path, data = shards
    first, second = data["rows"][:2]
    for key in SWAPPED:
        first[key], second[key] = second[key], first[key]
    write(path, data)
    result = run_cli("merge-manifests", "out", "--roster", "r.csv", "--merge", "out/all.pdf")
    message = " ".join(result.output.split())
    assert result.exit_code == 1 and "Traceback" not in result.output
    for entry in (first, second):  # each now names the other's sheet
        assert (f"{path.name} row {entry['row']} ({entry['id']}): {entry['file']} is not this "
                "row's patient's sheet in r.csv") in message
    merged = outline_titles(PdfReader(tmp_path / "out" / "all.pdf"))
    assert first["id"] not in merged and second["id"] not in merged and len(merged) == 2


def test_a_link_to_another_rows_sheet_is_refused(run_cli, tmp_path, shards):
    path, data = shards
    first, second = data["rows"][:2]
    os.symlink(second["file"], tmp_path / "out" / "alias.pdf")
    first.update({key: second[key] for key in SWAPPED})
    first["file"] = "alias.pdf"
    write(path, data)
    refused(run_cli, tmp_path, "alias.pdf is a link")


def test_a_hard_link_to_another_rows_sheet_is_refused(run_cli, tmp_path, shards):
    path, data = shards
    first, second = data["rows"][:2]
    os.link(tmp_path / "out" / second["file"], tmp_path / "out" / "alias.pdf")
    first.update({key: second[key] for key in SWAPPED})
    first["file"] = "alias.pdf"
    write(path, data)
    refused(run_cli, tmp_path, "is the same file as the sheet of")


def test_a_failed_merge_rewrites_no_manifest(run_cli, tmp_path, shards):
    assert run_cli("merge-manifests", "out").exit_code == 0
    manifest = tmp_path / "out" / "manifest.json"
    before = manifest.read_text(encoding="utf-8")
    os.utime(manifest, (0, 0))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7 a colleague's notes")
    result = run_cli("merge-manifests", "out", "--roster", "r.csv", "--merge", "notes.pdf")
    assert result.exit_code == 1 and "is not a print file guidepress merged" in result.output
    assert manifest.stat().st_mtime == 0 and manifest.read_text(encoding="utf-8") == before


def test_a_sheet_larger_than_the_cap_is_not_read(run_cli, tmp_path, shards, monkeypatch):
    monkeypatch.setattr(merge, "MAX_SHEET", 1000)  # every sheet is now too large
    refused(run_cli, tmp_path, "larger than a sheet can be (more than 1,000 bytes)")


def test_a_sheet_from_another_roster_with_the_same_id_is_refused(run_cli, tmp_path, shards):
    """The sheet carries the row's id and the inputs' hash it was recorded with, as the
    entry was copied whole; only its patient mark, against this roster, tells it apart."""
    path, data = shards
    victim = data["rows"][0]
    (tmp_path / "other.csv").write_text(f"id,patient,exercises\n{victim['id']},Zoe Other,bridge\n")
    made = run_cli("batch", "other.csv", "--out", "other", "--workers", 1, "--guide", FIXTURE_GUIDE)
    assert made.exit_code == 0, made.output
    copied = read_manifest(tmp_path / "other" / "manifest.json")[1][0]
    (tmp_path / "out" / copied.file).write_bytes((tmp_path / "other" / copied.file).read_bytes())
    victim.update(file=copied.file, sha256=copied.sha256, bytes=copied.bytes,
                  pages=copied.pages, inputs=copied.inputs)
    write(path, data)
    without_print_file = run_cli("merge-manifests", "out", "--roster", "r.csv")
    assert without_print_file.exit_code == 1 and "1 sheet refused" in without_print_file.output
    result = run_cli("merge-manifests", "out", "--roster", "r.csv", "--merge", "out/all.pdf")
    message = " ".join(result.output.split())
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"{path.name} row {victim['row']} ({victim['id']}): {copied.file} is not this "
            "row's patient's sheet in r.csv (it carries another patient's mark), so it was not "
            "merged") in message
    shard_k = path.name.split("-")[1]
    assert ("run that shard again to make this row's sheet afresh (guidepress batch r.csv "
            f"--shard {shard_k}/2), then merge again") in message
    others = sorted(r.split(",")[0] for r in ROSTER.splitlines()[1:] if not r.startswith(victim["id"]))
    assert outline_titles(PdfReader(tmp_path / "out" / "all.pdf")) == others
    recorded = {e.id: e for e in read_manifest(tmp_path / "out" / "manifest.json")[1]}
    assert recorded[victim["id"]].status == "failed" and recorded[victim["id"]].file is None


def test_a_print_file_needs_the_roster(run_cli, tmp_path, shards):
    result = run_cli("merge-manifests", "out", "--merge", "out/all.pdf")
    message = " ".join(result.output.split())
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--merge out/all.pdf needs --roster, the roster file the batch was run with" in message
    assert "nothing proves whose each sheet is" in message
    assert not (tmp_path / "out" / "all.pdf").exists()
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_roster_the_shards_were_not_made_from_is_refused(run_cli, tmp_path, shards):
    (tmp_path / "r.csv").write_text(ROSTER.replace("Ana García", "Ana Garcia"), encoding="utf-8")
    result = run_cli("merge-manifests", "out", "--roster", "r.csv", "--merge", "out/all.pdf")
    message = " ".join(result.output.split())
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--roster r.csv: not the roster these shards were made from" in message
    assert not (tmp_path / "out" / "all.pdf").exists()
