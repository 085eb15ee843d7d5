"""A sheet made from an older prescription of the same patient, copied back with the
manifest edited to match (its hash and size, even its inputs and its seal), is never
counted unchanged or merged: every sheet carries the hash of the inputs it was made from,
and a manifest entry's seal holds only for the entry as guidepress wrote it."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURE_GUIDE, pdf_text
from pypdf import PdfReader

OLD = "id,patient,exercises\np001,Ana García,plank 3x30s\np002,Tom Okafor,cat-cow 1x10\n"
NEW = OLD.replace("plank 3x30s", "bridge 2x12")


def batch(run_cli, *more):
    done = run_cli("batch", "r.csv", "--out", "out", "--workers", 1, "--guide", FIXTURE_GUIDE, *more)
    assert done.exit_code == 0, done.output
    return " ".join(done.output.split())


def put_back_the_old_sheet(tmp_path, old, old_entry, edit_inputs: bool):
    """Copy the old sheet over the current one and edit the manifest to match it."""
    manifest = tmp_path / "out" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    entry = next(r for r in data["rows"] if r["id"] == "p001")
    shutil.copyfile(old, tmp_path / "out" / entry["file"])
    keys = ("sha256", "bytes", "pages", "seal") + (("inputs",) if edit_inputs else ())
    entry.update({key: old_entry[key] for key in keys})
    manifest.write_text(json.dumps(data), encoding="utf-8")
    return tmp_path / "out" / entry["file"]


@pytest.fixture(params=["no cache folder", "sealed"])
def stale(run_cli, tmp_path, monkeypatch, request):
    """Ana's sheet made from her old prescription, kept aside with its manifest entry,
    and the batch run again after her prescription changed (with a cache folder, its
    entries sealed)."""
    if request.param == "sealed":
        monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    roster = tmp_path / "r.csv"
    roster.write_text(OLD, encoding="utf-8")
    batch(run_cli)
    data = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    old_entry = next(r for r in data["rows"] if r["id"] == "p001")
    old = shutil.copyfile(tmp_path / "out" / old_entry["file"], tmp_path / "old.pdf")
    roster.write_text(NEW, encoding="utf-8")
    assert "1 written, 1 unchanged" in batch(run_cli)
    return old, old_entry


@pytest.mark.parametrize("edit_inputs", [False, True], ids=["hash-and-size", "inputs-too"])
def test_an_old_sheet_copied_back_is_made_again(run_cli, tmp_path, stale, edit_inputs):
    sheet = put_back_the_old_sheet(tmp_path, *stale, edit_inputs)
    assert "1 written, 1 unchanged" in batch(run_cli)
    text = pdf_text(sheet)
    assert "Bridge" in text and "Plank" not in text


@pytest.mark.parametrize("edit_inputs", [False, True], ids=["hash-and-size", "inputs-too"])
def test_an_old_sheet_copied_back_is_not_merged(run_cli, tmp_path, stale, edit_inputs):
    put_back_the_old_sheet(tmp_path, *stale, edit_inputs)
    assert "1 written, 1 unchanged" in batch(run_cli, "--merge", "all.pdf")
    first = PdfReader(tmp_path / "all.pdf").pages[0].extract_text()
    assert "Bridge" in first and "Plank" not in first


def test_a_sealed_manifest_spares_reading_the_sheets(run_cli, tmp_path, monkeypatch):
    """With a cache folder, a re-run takes a sealed entry's SHA-256 as the sheet's record
    (no sheet's metadata read); a seal edited or from another key is not taken."""
    import guidepress.owned as owned
    import guidepress.sealing as sealing

    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "r.csv").write_text(OLD, encoding="utf-8")
    batch(run_cli)
    reads = []
    real = owned.pdf_info
    monkeypatch.setattr(owned, "pdf_info", lambda *a: reads.append(a) or real(*a))
    assert "0 written, 2 unchanged" in batch(run_cli)
    assert reads == []
    manifest = tmp_path / "out" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert all(len(r["seal"]) == 64 for r in data["rows"])
    data["rows"][0]["seal"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert "0 written, 2 unchanged" in batch(run_cli, "--workers", 1)
    assert len(reads) == 1  # the one entry whose seal does not hold: its sheet's marks read
    (tmp_path / "cache" / "keys" / "seal.key").write_bytes(b"k" * 32)  # another key
    monkeypatch.setattr(sealing, "_keys", {})  # as a new process reads it
    reads.clear()
    assert "0 written, 2 unchanged" in batch(run_cli)
    assert len(reads) == 2


@pytest.mark.parametrize("mode", [0o644, 0o620])
def test_a_key_file_others_may_read_or_write_makes_no_seals(tmp_path, monkeypatch, mode):
    import guidepress.sealing as sealing

    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sealing, "_keys", {})
    assert sealing.holds(sealing.seal("a"), "a") and not sealing.holds(sealing.seal("a"), "b")
    (tmp_path / "cache" / "keys" / "seal.key").chmod(mode)
    monkeypatch.setattr(sealing, "_keys", {})
    assert sealing.seal("a") is None and not sealing.holds("0" * 64, "a")
