"""Shards and merge-manifests: one file per patient across shards, and only whole,
matching, unaltered shards merged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE, normalise, outline_titles, pdf_text
from pypdf import PdfReader

from guidepress.batch.export import GuideSet, in_shard
from guidepress.batch.printfile import roster_marks, row_key
from guidepress.content.roster import check_rows, read_roster


def ids_in_shards(n: int, shards=2) -> list[str]:
    """``n`` ids that fall in different shards of ``shards`` (one each, in shard order)."""
    found = {}
    for i in range(1000):
        for k in range(1, shards + 1):
            if in_shard(f"p{i}", (k, shards)) and k not in found:
                found[k] = f"p{i}"
    return [found[k] for k in sorted(found)][:n]


def test_shards_never_write_one_file_for_two_patients(run_cli, tmp_path):
    first, second = ids_in_shards(2)
    nfc, nfd = "Jos\u00e9", "Jose\u0301"
    (tmp_path / "r.csv").write_text(
        "id,patient,exercises\n"
        f"{first},John Smith,bridge\n{second},John Smith,plank\n"
        f"{nfc},,cat-cow\n{nfd},,childs-pose\n", encoding="utf-8")
    codes = [run_cli("batch", "r.csv", "--name", "{patient}", "--shard", f"{k}/2", "--workers", 1,
                     "--guide", FIXTURE_GUIDE).exit_code for k in (1, 2)]
    assert 1 in codes  # the second "José" repeats the first one's id: that row fails
    out = tmp_path / "output"
    sheets = {p.name: pdf_text(p) for p in out.glob("*.pdf")}
    assert sorted(sheets) == ["John-Smith-2.pdf", "John-Smith.pdf", f"{nfc}.pdf"]
    assert "Bridge" in sheets["John-Smith.pdf"] and "Plank" in sheets["John-Smith-2.pdf"]
    assert "Plank" not in sheets["John-Smith.pdf"] and "Cat" in sheets[f"{nfc}.pdf"]
    merged = run_cli("merge-manifests", "output", "--roster", "r.csv", "--merge", "all.pdf")
    assert merged.exit_code == 0, merged.output
    assert outline_titles(PdfReader(tmp_path / "all.pdf")) == [
        f"{first}", f"{second}", nfc]


# --- merge-manifests, on manifests written here (no rendering needed) -------------------

def shard(folder: Path, k: int, n: int, rows: list[tuple[int, str, str]], total=4, **options):
    """Write manifest-K-of-N.json with a small file per row, as a shard would."""
    folder.mkdir(exist_ok=True)
    entries = []
    for row, row_id, name in rows:
        data = f"sheet of {row_id}".encode()
        if "/" not in name:
            (folder / name).write_bytes(data)
        entries.append({"row": row, "id": row_id, "file": name, "pages": 1, "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(), "status": "written",
                        "error": None, "inputs": "0" * 64})
    header = {"guidepress": "0.1.0", "roster": "r.csv", "roster_sha256": "ab" * 32,
              "rows_total": total, "shard": f"{k}/{n}",
              "options": {"language": None, "paper": "a4", "theme": None,
                          "name": "{id}-{patient}", "guide": "Guide 1", **options}}
    (folder / f"manifest-{k}-of-{n}.json").write_text(json.dumps({**header, "rows": entries}))


def merge(run_cli, *args):
    result = run_cli("merge-manifests", "out", *args)
    return result, normalise(result.output)


def test_merge_manifests_says_which_shards_and_rows_are_missing(run_cli, tmp_path):
    shard(tmp_path / "out", 1, 3, [(2, "a", "a.pdf"), (3, "b", "b.pdf")], total=6)
    result, message = merge(run_cli)
    assert result.exit_code == 1 and not (tmp_path / "out" / "manifest.json").exists()
    assert "shard 2 of 3 is missing (manifest-2-of-3.json): run the batch with --shard 2/3" in message
    assert "shard 3 of 3 is missing" in message
    assert "4 of the roster's 6 rows are in none of these manifests" in message
    forced, message = merge(run_cli, "--force")
    assert forced.exit_code == 0 and "warning: shard 2 of 3 is missing" in message
    assert len(json.loads((tmp_path / "out" / "manifest.json").read_text())["rows"]) == 2


def test_merge_manifests_refuses_shards_made_with_other_options(run_cli, tmp_path):
    shard(tmp_path / "out", 1, 2, [(2, "a", "a.pdf")], total=2)
    shard(tmp_path / "out", 2, 2, [(3, "b", "b.pdf")], total=2, language="es")
    result, message = merge(run_cli)
    assert result.exit_code == 1 and "the shards differ in their options (--lang" in message
    assert merge(run_cli, "--force")[0].exit_code == 0


def test_merge_manifests_refuses_two_rows_on_one_file(run_cli, tmp_path):
    shard(tmp_path / "out", 1, 2, [(2, "a", "John-Smith.pdf")], total=2)
    shard(tmp_path / "out", 2, 2, [(3, "b", "john-smith.pdf")], total=2)
    result, message = merge(run_cli, "--force")
    assert result.exit_code == 1
    assert ("manifest-2-of-2.json row 3 (b): john-smith.pdf is also the sheet of "
            "manifest-1-of-2.json row 2 (a)") in message


def test_merge_manifests_merges_only_files_inside_the_folder(run_cli, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"sheet of b")
    shard(tmp_path / "out", 1, 2, [(2, "a", "a.pdf")], total=2)
    shard(tmp_path / "out", 2, 2, [(3, "b", "../secret.pdf")], total=2)
    (tmp_path / "r.csv").write_text("id,patient,exercises\na,A,bridge\nb,B,bridge\n")
    result, message = merge(run_cli, "--roster", "r.csv", "--merge", "all.pdf")
    assert result.exit_code == 1 and not (tmp_path / "all.pdf").exists()
    assert "the file '../secret.pdf' is not inside out; refused" in message


def test_merge_manifests_merges_only_the_files_the_shards_wrote(run_cli, tmp_path):
    shard(tmp_path / "out", 1, 2, [(2, "a", "a.pdf")], total=2)
    shard(tmp_path / "out", 2, 2, [(3, "b", "b.pdf"), (4, "c", "c.pdf")], total=3)
    (tmp_path / "out" / "b.pdf").write_bytes(b"another patient's sheet")
    (tmp_path / "out" / "c.pdf").unlink()
    result, message = merge(run_cli, "--force")
    assert result.exit_code == 1 and not (tmp_path / "out" / "manifest.json").exists()
    assert "b.pdf is not the file shard 2/2 wrote (its size differs" in message
    assert "the sheet c.pdf is missing; run shard 2/2 again" in message


@pytest.mark.parametrize("rows", [[5, "row"], [{"row": "2", "id": "a", "file": 5}]])
def test_merge_manifests_refuses_malformed_entries(run_cli, tmp_path, rows):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "manifest-1-of-1.json").write_text(json.dumps({"rows": rows}))
    result, message = merge(run_cli)
    assert result.exit_code == 1 and "malformed entries; run that shard again" in message


@pytest.mark.parametrize("name, text", [
    ("r.csv", "id,patient,patient_id,exercises\n a1 , Ana García ,,bridge\nb2,,B-77,plank\n"
              "c3,,,bridge\nJose\u0301,  ,J1,plank\nd4,STRASSE,x,bridge\nd4,Other,,plank\n"),
    ("r.json", json.dumps([{"id": 7, "patient": "Tom\u00a0Okafor", "exercises": "bridge"},
                           {"id": "e5", "patient_id": "  E 5 ", "exercises": ["plank"]}])),
    ("r.yaml", "- {id: 012, patient: Mia, exercises: bridge}\n- {id: f6, exercises: plank}\n"),
])
def test_the_roster_marks_are_the_marks_the_batch_stamps(tmp_path, name, text):
    """merge-manifests reads each row's patient mark from the roster's plain values; the
    batch stamps it from the checked row: the two agree on every row the batch renders."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rows = read_roster(path)
    check_rows(rows, GuideSet(None).library, keep=False, compact=True)
    rendered = {r.id: row_key(r) for r in rows if r.ok}
    assert len(rendered) >= 2
    keys = roster_marks(path).keys
    assert {row_id: keys.get(row_id) for row_id in rendered} == rendered


def test_merge_manifests_writes_no_print_file_when_every_sheet_is_refused(run_cli, tmp_path):
    shard(tmp_path / "out", 1, 2, [(2, "a", "a.pdf")], total=2)
    shard(tmp_path / "out", 2, 2, [(3, "b", "b.pdf")], total=2)
    (tmp_path / "r.csv").write_text("id,patient,exercises\na,A,bridge\nb,B,bridge\n")
    for path in (tmp_path / "out").glob("manifest-*.json"):  # made from this roster
        data = json.loads(path.read_text())
        data["roster_sha256"] = hashlib.sha256((tmp_path / "r.csv").read_bytes()).hexdigest()
        path.write_text(json.dumps(data))
    result, message = merge(run_cli, "--roster", "r.csv", "--merge", "all.pdf")
    assert result.exit_code == 1 and "2 sheets refused" in message, message
    assert "no sheet can be merged, so all.pdf was not written" in message
    assert not (tmp_path / "all.pdf").exists()


def test_merge_manifests_refuses_shards_made_with_another_emergency_number(run_cli, tmp_path):
    """The clinic's settings print on every sheet (its emergency number in the Stop box):
    a shard run before they changed does not merge with one run after."""
    first, second = ids_in_shards(2)
    (tmp_path / "r.csv").write_text(f"id,exercises\n{first},bridge\n{second},plank\n")
    for k, number in ((1, "112"), (2, "999")):
        (tmp_path / "guidepress.toml").write_text(f'[clinic]\nemergency_number = "{number}"\n')
        made = run_cli("batch", "r.csv", "--shard", f"{k}/2", "--workers", 1, "--guide", FIXTURE_GUIDE)
        assert made.exit_code == 0, made.output
    result = run_cli("merge-manifests", "output", "--roster", "r.csv")
    assert result.exit_code == 1
    assert "the shards were made from different templates, guides or settings" in normalise(result.output)
    assert not (tmp_path / "output" / "manifest.json").exists()
