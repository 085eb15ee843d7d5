"""Writes are owned: no command replaces a file guidepress did not write unless given
--force, and a re-run still replaces what it wrote itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE, folded, pdf_text
from pypdf import PdfReader, PdfWriter

from guidepress.errors import RenderError
from guidepress.owned import RECORD, owned_path, replacing

GUIDE = ("--guide", FIXTURE_GUIDE)
NOTES = b"%PDF-1.4 a clinician's own notes, not a guidepress file\n"
REFUSED = "exists and was not written by guidepress; use --force to replace it"


def plant(path: Path, data: bytes = NOTES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refused(result, path: Path, data: bytes = NOTES) -> bool:
    return (result.exit_code == 1 and REFUSED in folded(result.output)
            and "Traceback" not in result.output and path.read_bytes() == data)


@pytest.mark.parametrize("command, target", [
    (("handout", *GUIDE, "-o", "mine.pdf"), "mine.pdf"),
    (("handout", *GUIDE, "--booklet", "-o", "mine.pdf"), "mine.pdf"),
    (("card", "-o", "mine.pdf"), "mine.pdf"),
    (("build", *GUIDE, "--out", "out"), "out/hand-care-handout.pdf"),
    (("exercises", "--sheet", "mine.pdf"), "mine.pdf"),
], ids=["handout -o", "booklet -o", "card -o", "build", "exercises --sheet"])
def test_a_file_guidepress_did_not_write_is_never_replaced(run_cli, tmp_path, command, target):
    path = plant(tmp_path / target)
    assert refused(run_cli(*command), path)


def test_poster_dash_o_is_refused_and_force_replaces(run_cli, tmp_path):
    path = plant(tmp_path / "wall.pdf")
    assert refused(run_cli("poster", "-o", "wall.pdf"), path)
    result = run_cli("poster", "-o", "wall.pdf", "--force")
    assert result.exit_code == 0, result.output
    assert len(PdfReader(path).pages) == 1


def test_html_beside_the_pdf_is_refused_before_anything_is_written(run_cli, tmp_path):
    html = plant(tmp_path / "out" / "x.html", b"<p>my page</p>")
    result = run_cli("handout", *GUIDE, "-o", "out/x.pdf", "--html")
    assert refused(result, html, b"<p>my page</p>")
    assert not (tmp_path / "out" / "x.pdf").exists()


def test_figures_are_refused_as_a_set(run_cli, tmp_path):
    svg = plant(tmp_path / "figs" / "bridge-start.svg", b"<svg>mine</svg>")
    assert refused(run_cli("exercises", "--figures", "figs"), svg, b"<svg>mine</svg>")
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["bridge-start.svg"]


def test_merge_manifests_never_replaces_a_foreign_manifest(run_cli, tmp_path):
    out = tmp_path / "out"
    Path("r.csv").write_text("id,patient,exercises\na1,Ana,bridge\n", encoding="utf-8")
    assert run_cli("batch", "r.csv", "--workers", 1, *GUIDE, "--out", out,
                   "--shard", "1/1").exit_code == 0
    foreign = json.dumps({"rows": [], "from": "the practice system"}).encode()
    manifest = plant(out / "manifest.json", foreign)
    assert refused(run_cli("merge-manifests", out), manifest, foreign)
    result = run_cli("merge-manifests", out, "--force")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(manifest.read_text())["rows"]] == ["a1"]


def test_batch_html_never_replaces_a_foreign_html_file(run_cli, tmp_path):
    html = plant(tmp_path / "out" / "a1-Ana.html", b"<p>my page</p>")
    Path("r.csv").write_text("id,patient,exercises\na1,Ana,bridge\n", encoding="utf-8")
    result = run_cli("batch", "r.csv", "--workers", 1, *GUIDE, "--out", "out", "--html")
    assert result.exit_code == 1 and REFUSED in folded(result.output)
    assert html.read_bytes() == b"<p>my page</p>"
    assert not (tmp_path / "out" / "a1-Ana.pdf").exists()


@pytest.mark.parametrize("command, target, instead", [
    (("batch", "r.csv", "--workers", 1, *GUIDE, "--out", "out", "--html"), "out/a1-Ana.html",
     "choose another --out folder"),
    (("exercises", "--figures", "figs"), "figs/bridge-start.svg", "give --figures another folder"),
    (("build", *GUIDE, "--out", "out"), "out/hand-care-handout.pdf", "choose another --out folder"),
    (("handout", *GUIDE, "-o", "mine.pdf"), "mine.pdf", "choose another -o"),
], ids=["batch --html", "exercises --figures", "build", "handout -o"])
def test_a_refusal_says_what_to_do_with_the_command_given(run_cli, tmp_path, command, target, instead):
    Path("r.csv").write_text("id,patient,exercises\na1,Ana,bridge\n", encoding="utf-8")
    path = plant(tmp_path / target)
    result = run_cli(*command)
    assert refused(result, path)
    message = folded(result.output)
    assert message.count(instead) == 1 and ("-o" in instead or "another -o" not in message), message


def test_a_patient_sheet_is_named_as_such_and_not_replaced_by_a_card(run_cli, tmp_path):
    assert run_cli("routine", "--patient", "Ana", "-e", "bridge", "-o", "ana.pdf").exit_code == 0
    sheet = (tmp_path / "ana.pdf").read_bytes()
    result = run_cli("card", "-o", "ana.pdf")
    message = folded(result.output)
    assert result.exit_code == 1 and "Traceback" not in message
    assert "ana.pdf is a patient's routine sheet (guidepress made it)" in message, message
    assert "not written by guidepress" not in message and "choose another -o" in message
    assert (tmp_path / "ana.pdf").read_bytes() == sheet


def test_watch_routine_never_replaces_a_foreign_file(tmp_path, monkeypatch):
    from guidepress.config.settings import resolve_settings
    from guidepress.watch import product_renderer

    monkeypatch.chdir(tmp_path)
    rx = tmp_path / "ana.yaml"
    rx.write_text("patient: Ana\nexercises:\n  - bridge 2x12\n", encoding="utf-8")
    path = plant(tmp_path / "output" / "ana-routine.pdf")
    settings = resolve_settings(guide=FIXTURE_GUIDE)
    written = product_renderer("routine", settings, prescription=rx)()
    assert path.read_bytes() == NOTES
    assert written.path.name == "ana-routine-2.pdf" and "Ana" in pdf_text(written.path)
    again = product_renderer("routine", settings, prescription=rx)()  # its own sheet, replaced
    assert again.path == written.path


def test_a_re_run_replaces_its_own_files(run_cli, tmp_path):
    for _ in range(2):
        assert run_cli("build", *GUIDE, "--out", "out", "--force").exit_code == 0
        assert run_cli("handout", *GUIDE, "-o", "out/copy.pdf", "--html").exit_code == 0
    record = json.loads((tmp_path / "out" / RECORD).read_text())["files"]
    assert {"hand-care-handout.pdf", "copy.pdf", "copy.html", "build-manifest.json"} <= set(record)


def test_another_patients_sheet_is_not_a_handouts_to_replace(run_cli, tmp_path):
    assert run_cli("routine", *GUIDE, "--patient", "Ana", "-e", "bridge 2x12",
                   "-o", "sheet.pdf").exit_code == 0
    sheet = (tmp_path / "sheet.pdf").read_bytes()
    result = run_cli("handout", *GUIDE, "-o", "sheet.pdf")
    assert result.exit_code == 1 and (tmp_path / "sheet.pdf").read_bytes() == sheet
    assert "sheet.pdf is a patient's routine sheet" in folded(result.output), result.output


def test_a_guidepress_pdf_made_elsewhere_may_be_replaced(run_cli, tmp_path):
    assert run_cli("handout", *GUIDE, "-o", "a/h.pdf").exit_code == 0
    shutil.copy(tmp_path / "a" / "h.pdf", tmp_path / "h.pdf")  # no record lists it here
    assert run_cli("handout", *GUIDE, "-o", "h.pdf").exit_code == 0


@pytest.mark.parametrize("edit", ["appended", "truncated", "other words"])
def test_a_recorded_file_that_changed_is_no_longer_ours(tmp_path, edit):
    target = tmp_path / "notes.html"
    with owned_path(target) as tmp:
        tmp.write_text("<p>made by guidepress</p>")
    changed = {"appended": "<p>made by guidepress</p><p>and a note</p>",
               "truncated": "<p>made", "other words": "<p>made by a colleague</p>"}[edit]
    target.write_text(changed)
    with pytest.raises(RenderError, match=REFUSED):
        with owned_path(target) as tmp:
            tmp.write_text("new")
    assert target.read_text() == changed
    with replacing(True), owned_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"


def test_a_pdf_claiming_guidepress_in_another_key_is_not_enough(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Producer": "guidepress 0.1.0", "/Title": "guidepress"})
    target = tmp_path / "x.pdf"
    with open(target, "wb") as handle:
        writer.write(handle)
    with pytest.raises(RenderError, match=REFUSED):
        with owned_path(target) as tmp:
            tmp.write_bytes(b"%PDF-")


@pytest.mark.parametrize("planted, change", [
    (RECORD, "another user's"), ("manifest.json", "another user's"),
    (RECORD, "world-writable"), ("manifest.json", "group-writable"),
])
def test_a_record_or_manifest_planted_by_someone_else_vouches_for_nothing(tmp_path, planted,
                                                                        change):
    import os

    from guidepress.freshness import sha256_hex

    if change == "another user's" and os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    target = plant(tmp_path / "notes.pdf")
    listing = ({"guidepress": "0", "files": {"notes.pdf": sha256_hex(NOTES)}} if planted == RECORD
               else {"guidepress": "0", "rows": [{"row": 1, "id": "p1", "file": "notes.pdf",
                                                   "sha256": sha256_hex(NOTES)}]})
    evidence = tmp_path / planted
    evidence.write_text(json.dumps(listing))
    if change == "another user's":
        os.chown(evidence, 65534, 65534)
    else:
        os.chmod(evidence, 0o646 if change == "world-writable" else 0o664)
        if change == "group-writable":  # a group of its own would let nobody else in
            os.chown(evidence, os.geteuid(), 65534)
    with pytest.raises(RenderError, match=REFUSED):
        with owned_path(target) as tmp:
            tmp.write_bytes(b"%PDF-")
    assert target.read_bytes() == NOTES


def test_the_record_itself_is_no_output_name(run_cli, tmp_path):
    assert run_cli("handout", *GUIDE, "-o", "out/h.pdf").exit_code == 0
    record = (tmp_path / "out" / RECORD).read_bytes()
    result = run_cli("handout", *GUIDE, "-o", f"out/{RECORD}", "--force")
    assert result.exit_code == 1 and "record of the files it wrote" in folded(result.output)
    assert (tmp_path / "out" / RECORD).read_bytes() == record


@pytest.mark.parametrize("record", ["kept", "lost"])
def test_a_patients_sheet_is_reissued_for_that_patient_only(run_cli, tmp_path, record):
    """Whose sheet a file is comes from the sheet itself, so a sheet made before the
    record was kept (or with the record lost) is still re-issued, and only for its patient."""
    ana = ("routine", *GUIDE, "--patient", "Ana", "-e", "bridge 2x12", "-o", "sheet.pdf")
    assert run_cli(*ana).exit_code == 0
    if record == "lost":
        (tmp_path / RECORD).unlink()
    assert run_cli(*ana[:-2], "-e", "plank 3x30s", "-o", "sheet.pdf").exit_code == 0
    assert "Plank" in pdf_text(tmp_path / "sheet.pdf")
    sheet = (tmp_path / "sheet.pdf").read_bytes()
    bob = run_cli("routine", *GUIDE, "--patient", "Bob", "-e", "bridge 2x12", "-o", "sheet.pdf")
    assert bob.exit_code == 1 and (tmp_path / "sheet.pdf").read_bytes() == sheet


@pytest.mark.parametrize("command", [("handout", *GUIDE, "-o", "out/h.pdf"),
                                     ("batch", "r.csv", *GUIDE, "--workers", 1, "--out", "out")],
                         ids=["handout", "batch"])
@pytest.mark.parametrize("leads_to", ["../elsewhere.json", "missing.json"])
def test_a_record_that_is_a_link_is_refused_as_a_link(run_cli, tmp_path, command, leads_to):
    plant(tmp_path / "elsewhere.json", b"{}")
    (tmp_path / "r.csv").write_text("id,patient,exercises\nb1,Bob,bridge\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / RECORD).symlink_to(leads_to)
    result = run_cli(*command)
    message = folded(result.output)
    assert result.exit_code == 1, result.output
    assert f"{RECORD} is a symbolic link" in message and "remove the link" in message, message
    assert "disk" not in message and "free some space" not in message, message
    assert (tmp_path / "elsewhere.json").read_bytes() == b"{}"
    assert not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.parametrize("damage", ["cut", "no end marker"])
def test_a_damaged_pdf_in_the_way_is_refused_without_the_readers_notes(run_cli, tmp_path, caplog,
                                                                        damage):
    """What the PDF reader notes about a damaged file ("EOF marker not found") is not
    the user's business: the one message says the file is in the way."""
    assert run_cli("routine", "--patient", "Ana", "-e", "plank", "-o", "ana.pdf").exit_code == 0
    data = (tmp_path / "ana.pdf").read_bytes()
    damaged = data[:2000] if damage == "cut" else data.replace(b"%%EOF", b"%%XXX")
    plant(tmp_path / "ana.pdf", damaged)
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "-o", "ana.pdf")
    assert result.exit_code == 1 and "not this patient's sheet" in folded(result.output)
    assert "EOF" not in result.output and not [r for r in caplog.records if "pypdf" in r.name]
    assert (tmp_path / "ana.pdf").read_bytes() == damaged
