"""Batch export: bad rows, names, merging, incremental re-runs, shards, interruption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import normalise, outline_titles, pdf_text
from pypdf import PdfReader


def write_csv(path: Path, rows: list[str], header="id,patient,exercises", newline="\n",
              bom=False) -> Path:
    text = newline.join([header, *rows]) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def manifest(folder: Path, name="manifest.json") -> dict:
    data = json.loads((folder / name).read_text(encoding="utf-8"))
    return {row["id"]: row for row in data["rows"]}


def test_bad_rows_are_reported_and_good_rows_rendered(run_cli, tmp_path):
    roster = write_csv(tmp_path / "week.csv", [
        "a1,Ana García,plank 3x30s; bridge 2x12 2/day,",
        "a2,Bob,brige 2x10,",
        "a3,Cleo,plank 11x30s,",
        ",Dan,bridge,",
        "a1,Eve,bridge,",
        "a6,Fay,bridge,oops",
        "a7,Gus,cat-cow; childs-pose 2x30s,",
    ], header="id,patient,exercises,exercize")
    result = run_cli("batch", roster, "--workers", 1)
    assert result.exit_code == 1
    message = normalise(result.stderr)
    assert 'week.csv row 3: column "exercises", dose 1: dose "brige 2x10": unknown exercise "brige"' in message
    assert "week.csv row 4:" in message and "sets must be within 1-10" in message
    assert 'week.csv row 5: column "id": missing' in message
    assert 'week.csv row 6: column "id": "a1" is also used by row 2' in message
    assert 'week.csv row 7: column "exercize": unknown column (did you mean "exercises"?)' in message
    assert "5 rows failed" in message
    data = json.loads((tmp_path / "output" / "manifest.json").read_text(encoding="utf-8"))
    by_row = {row["row"]: row for row in data["rows"]}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 8]
    assert [by_row[n]["status"] for n in sorted(by_row)] == ["written"] + ["failed"] * 5 + ["written"]
    rows = {by_row[n]["id"]: by_row[n] for n in (2, 3, 8)}
    assert sorted(p.name for p in (tmp_path / "output").glob("*.pdf")) == ["a1-Ana-García.pdf",
                                                                        "a7-Gus.pdf"]
    assert rows["a2"]["status"] == "failed" and "brige" in rows["a2"]["error"]
    for row in ("a1", "a7"):
        entry = rows[row]
        pdf = tmp_path / "output" / entry["file"]
        assert entry["pages"] == len(PdfReader(pdf).pages)
        assert entry["bytes"] == pdf.stat().st_size and len(entry["sha256"]) == 64


def test_strict_renders_nothing(run_cli, tmp_path):
    roster = write_csv(tmp_path / "r.csv", ["a1,Ana,bridge", "a2,Bob,brige"])
    result = run_cli("batch", roster, "--strict", "--workers", 1)
    assert result.exit_code == 1 and "--strict" in result.stderr
    assert not list((tmp_path / "output").glob("*.pdf")) if (tmp_path / "output").exists() else True


def test_awkward_names_give_distinct_files_inside_the_output_folder(run_cli, tmp_path):
    long_name = "Ñ" * 300
    roster = tmp_path / "r.json"
    roster.write_text(json.dumps([
        {"id": "x1", "patient": "../../escape", "exercises": "bridge"},
        {"id": "x2", "patient": "CON", "exercises": "bridge"},
        {"id": "x3", "patient": "   ", "exercises": "bridge"},
        {"id": "x4", "patient": long_name, "exercises": "bridge"},
        {"id": "x5", "patient": "Sam Lee", "exercises": "bridge"},
        {"id": "x6", "patient": "Sam Lee", "exercises": "plank"},
    ]), encoding="utf-8")
    result = run_cli("batch", roster, "--name", "{patient}", "--workers", 1)
    assert result.exit_code == 0, result.output
    out = (tmp_path / "output").resolve()
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 6
    assert all(f.resolve().parent == out for f in files)
    assert not (tmp_path / "escape.pdf").exists() and not (tmp_path.parent / "escape.pdf").exists()
    names = {f.name for f in files}
    assert {"escape.pdf", "_CON.pdf", "x3.pdf", "Sam-Lee.pdf", "Sam-Lee-2.pdf"} <= names
    assert all(len(n.encode()) < 255 for n in names)
    assert "Sam-Lee.pdf is taken by row 5; named Sam-Lee-2.pdf" in normalise(result.stderr)
    assert "Sam Lee" in pdf_text(out / "Sam-Lee-2.pdf")


def test_merged_file_has_an_outline_entry_and_page_labels_per_patient(run_cli, tmp_path):
    roster = write_csv(tmp_path / "r.csv", ["b2,Zed,bridge", "b1,Amy,plank; cat-cow", "b3,Kim,bridge"])
    result = run_cli("batch", roster, "--merge", "print.pdf", "--workers", 1)
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "print.pdf")
    assert outline_titles(reader) == ["Zed (b2)", "Amy (b1)", "Kim (b3)"]
    sheets = [len(PdfReader(tmp_path / "output" / n).pages) for n in ("b2-Zed.pdf", "b1-Amy.pdf", "b3-Kim.pdf")]
    assert len(reader.pages) == sum(sheets)
    assert reader.page_labels[0] == "b2 1" and reader.page_labels[sheets[0]] == "b1 1"
    assert "Zed" in reader.pages[0].extract_text()


def test_rerun_renders_only_what_changed(run_cli, tmp_path):
    rows = ["c1,Ana,bridge", "c2,Bob,plank", "c3,Cy,cat-cow"]
    roster = write_csv(tmp_path / "r.csv", rows)
    assert run_cli("batch", roster, "--workers", 1).exit_code == 0
    out = tmp_path / "output"
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}

    again = run_cli("batch", roster, "--workers", 1)
    assert "0 written, 3 unchanged" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == first

    write_csv(roster, [rows[0], "c2,Bob,plank 2x20s", rows[2]])
    changed = run_cli("batch", roster, "--workers", 1)
    assert "1 written, 2 unchanged" in changed.stdout
    assert [r["id"] for r in manifest(out).values() if r["status"] == "written"] == ["c2"]
    now = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    assert [n for n in now if now[n] != first[n]] == ["c2-Bob.pdf"]

    forced = run_cli("batch", roster, "--workers", 1, "--force")
    assert "3 written, 0 unchanged" in forced.stdout


def test_a_template_change_rerenders_everything(run_cli, tmp_path):
    roster = write_csv(tmp_path / "r.csv", ["c1,Ana,bridge", "c2,Bob,plank"])
    templates = tmp_path / "templates"
    templates.mkdir()
    assert run_cli("batch", roster, "--workers", 1, "--templates", templates).exit_code == 0
    (templates / "routine.html").write_text(
        '{% extends "builtin/routine.html" %}{% block notes %}<p>Bring this sheet.</p>{% endblock %}')
    result = run_cli("batch", roster, "--workers", 1, "--templates", templates)
    assert "2 written, 0 unchanged" in result.stdout
    assert "Bring this sheet." in pdf_text(tmp_path / "output" / "c1-Ana.pdf")


def test_shards_are_disjoint_and_cover_the_roster(run_cli, tmp_path):
    ids = [f"s{i}" for i in range(9)]
    roster = write_csv(tmp_path / "r.csv", [f"{i},P {i},bridge" for i in ids])
    seen = []
    for k in (1, 2, 3):
        result = run_cli("batch", roster, "--shard", f"{k}/3", "--workers", 1)
        assert result.exit_code == 0, result.output
        seen.append(set(manifest(tmp_path / "output", f"manifest-{k}-of-3.json")))
    assert set.union(*seen) == set(ids)
    assert sum(len(s) for s in seen) == len(ids)
    merged = run_cli("merge-manifests", "output", "--roster", roster, "--merge", "all.pdf")
    assert merged.exit_code == 0, merged.output
    assert set(manifest(tmp_path / "output")) == set(ids)
    assert len(PdfReader(tmp_path / "all.pdf").pages) == 2 * len(ids)


@pytest.mark.parametrize("kind", ["csv-bom-semicolon-crlf", "json", "yaml"])
def test_roster_formats(run_cli, tmp_path, kind):
    if kind.startswith("csv"):
        roster = write_csv(tmp_path / "r.csv", ["f1;Ana García;bridge 2x12; plank 3x30s"],
                           header="id;patient;exercises", newline="\r\n", bom=True)
        # a semicolon roster keeps its exercises in one quoted cell
        roster.write_bytes(b"\xef\xbb\xbfid;patient;exercises\r\nf1;Ana Garc\xc3\xada;\"bridge 2x12; plank 3x30s\"\r\n")
    elif kind == "json":
        roster = tmp_path / "r.json"
        roster.write_text(json.dumps([{"id": "f1", "patient": "Ana García",
                                       "exercises": ["bridge 2x12", "plank 3x30s"], "weeks": 2}]))
    else:
        roster = tmp_path / "r.yaml"
        roster.write_text("- id: f1\n  patient: Ana García\n  weeks: 2\n"
                          "  exercises: bridge 2x12; plank 3x30s\n", encoding="utf-8")
    result = run_cli("batch", roster, "--workers", 1)
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "output" / "f1-Ana-García.pdf")
    assert "Ana García" in text and "2 sets of 12" in text and "3 sets, hold 30 s" in text


def test_two_workers_and_a_killed_run_that_resumes(tmp_path):
    roster = write_csv(tmp_path / "r.csv", [f"k{i},Patient {i},bridge; plank" for i in range(10)])
    command = [sys.executable, "-m", "guidepress", "batch", str(roster), "--workers", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = tmp_path / "output"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("k*.pdf"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = list(out.glob("k*.pdf"))
    assert 2 <= len(finished) < 10
    for pdf in finished:  # no partial PDF: every file that exists is complete
        assert len(PdfReader(pdf).pages) >= 1
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    rows = manifest(out)
    assert len(rows) == 10 and all(r["status"] in ("written", "unchanged") for r in rows.values())
    assert len(list(out.glob("k*.pdf"))) == 10 and not list(out.glob(".*.part"))
