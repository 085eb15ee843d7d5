"""What batch never does: replace a file it did not write, share a manifest with a
running batch, delete others' temporary files, leave workers behind, or lose the
record of finished sheets."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE, normalise, pdf_text

from guidepress.files import atomic_path
from guidepress.owned import RECORD

GUIDE = ("--guide", FIXTURE_GUIDE)


def batch(run_cli, rows: list[str], *args, roster="r.csv"):
    Path(roster).write_text("id,patient,exercises\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli("batch", roster, "--workers", 1, *GUIDE, *args)
    return result, normalise(result.output)


def rows_of(folder: Path, name="manifest.json") -> dict:
    return {r["id"]: r for r in json.loads((folder / name).read_text(encoding="utf-8"))["rows"]}


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- never replace a file the batch did not write --------------------------------------

def test_batch_leaves_a_file_it_did_not_write(run_cli, tmp_path):
    (tmp_path / "output").mkdir()
    mine = tmp_path / "output" / "a1-Ana.pdf"
    mine.write_text("my own notes")
    result, message = batch(run_cli, ["a1,Ana,bridge", "a2,Bob,plank"])
    assert result.exit_code == 1 and mine.read_text() == "my own notes"
    assert "a1-Ana.pdf already exists and is not a sheet this batch made for this row" in message
    assert rows_of(tmp_path / "output")["a2"]["status"] == "written"


def test_batch_leaves_another_patients_sheet_of_the_same_name(run_cli, tmp_path):
    first, _ = batch(run_cli, ["1,John Smith,bridge"], "--name", "{patient}", roster="mon.csv")
    assert first.exit_code == 0
    second, message = batch(run_cli, ["7,John Smith,plank"], "--name", "{patient}", roster="tue.csv")
    assert second.exit_code == 1 and "John-Smith.pdf already exists" in message
    text = pdf_text(tmp_path / "output" / "John-Smith.pdf")
    assert "Bridge" in text and "Plank" not in text


def test_merge_never_replaces_a_sheet_or_the_manifest(run_cli, tmp_path):
    result, message = batch(run_cli, ["a1,Ana,bridge"], "--merge", "output/a1-Ana.pdf")
    assert result.exit_code == 1 and "that is one of the sheets" in message
    assert not (tmp_path / "output" / "a1-Ana.pdf").exists()  # refused before rendering
    (tmp_path / "output").mkdir(exist_ok=True)
    (tmp_path / "output" / "manifest.json").write_text('{"rows": []}')
    result, message = batch(run_cli, ["a1,Ana,bridge"], "--merge", "output/manifest.json")
    assert result.exit_code == 1 and "is not a print file guidepress merged" in message
    assert (tmp_path / "output" / "manifest.json").read_text() == '{"rows": []}'


def test_batch_never_replaces_a_device_or_pipe(run_cli, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    result, message = batch(run_cli, ["a1,Ana,bridge"], "--merge", "pipe")
    assert result.exit_code == 1 and "pipe is a device or other special file" in message
    result, message = batch(run_cli, ["a1,Ana,bridge"], "-o", "pipe")
    assert result.exit_code == 1 and "--out pipe: exists and is not a folder" in message
    assert (tmp_path / "pipe").is_fifo()


# --- one run per manifest, and only our own temporary files cleaned up ----------------------

def this_host() -> str:
    from guidepress.files import HOST

    return HOST


def lock(folder: Path, pid: int, name="manifest.json", hold=False) -> Path:
    """A lock file naming ``pid``; with ``hold``, flocked by this test as a live run would."""
    folder.mkdir(exist_ok=True)
    path = folder / f".{name}.lock"
    path.write_text(json.dumps({"host": "clinic-pc", "pid": pid, "command": "guidepress batch",
                                "started": "2026-03-02 09:00:00"}))
    if hold:
        handle = open(path, "rb")  # kept open (and locked) until the test's end
        fcntl.flock(handle, fcntl.LOCK_EX)
        HELD.append(handle)
    return path


HELD: list = []


@pytest.fixture(autouse=True)
def _release_held_locks():
    yield
    while HELD:
        HELD.pop().close()


def test_a_second_run_on_a_manifest_in_use_says_which_run_holds_it(run_cli, tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "manifest.json").write_text('{"rows": [], "guidepress": "x"}')
    lock(tmp_path / "output", 4242, hold=True)
    result, message = batch(run_cli, ["a1,Ana,bridge"])
    assert result.exit_code == 1
    assert ("output/manifest.json is in use by another guidepress run (process 4242 on "
            'clinic-pc, started 2026-03-02 09:00:00, running "guidepress batch")') in message
    assert (tmp_path / "output" / "manifest.json").read_text() == '{"rows": [], "guidepress": "x"}'
    assert not (tmp_path / "output" / "a1-Ana.pdf").exists()


@pytest.mark.parametrize("pid", [os.getpid(), 1], ids=["a live process", "init"])
def test_a_lock_file_nobody_holds_is_not_in_use(run_cli, tmp_path, pid):
    """The file alone proves nothing (a pid reused after a crash, another machine's run
    long gone): only the flock the system holds for a live run counts."""
    lock(tmp_path / "output", pid)
    result, _ = batch(run_cli, ["a1,Ana,bridge"])
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "output")["a1"]["status"] == "written"
    assert not (tmp_path / "output" / ".manifest.json.lock").exists()


def test_shards_still_run_side_by_side_and_a_dead_runs_lock_is_taken_over(run_cli, tmp_path):
    held = lock(tmp_path / "output", os.getpid(), hold=True)  # a live whole-roster run
    stale = lock(tmp_path / "output", dead_pid(), name="manifest-1-of-1.json")
    result, _ = batch(run_cli, ["a1,Ana,bridge"], "--shard", "1/1")
    assert result.exit_code == 0, result.output
    assert held.exists() and not stale.exists()
    assert rows_of(tmp_path / "output", "manifest-1-of-1.json")["a1"]["status"] == "written"


def test_clean_up_removes_only_our_own_dead_temporary_files(run_cli, tmp_path):
    out, host = tmp_path / "output", this_host()
    out.mkdir()
    keep = [out / ".notes.part", out / f".a1-Ana.pdf.gp{host}-{os.getpid()}-abcd1234.part",
            out / f".b.pdf.gp{'0' * 8 if host != '0' * 8 else '1' * 8}-{dead_pid()}-abcd1234.part"]
    gone = out / f".c.pdf.gp{host}-{dead_pid()}-abcd1234.part"
    for path in [*keep, gone]:
        path.write_text("x")
    result, _ = batch(run_cli, ["a1,Ana,brige"])  # a bad row: nothing to render
    assert result.exit_code == 1
    assert all(p.exists() for p in keep) and not gone.exists()


# --- a killed parent takes its workers with it -------------------------------------------

def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _workers(parent: int) -> list[int]:
    """The batch's worker processes: forked from its fork server (a child of the batch),
    or spawned by the batch itself; the fork server is counted with them."""
    parents, found = {}, []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline:
            parents[int(stat.parent.name)] = ppid
    for pid, ppid in parents.items():
        if ppid == parent or parents.get(ppid) == parent:
            found.append(pid)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\n" + "".join(f"k{i},P {i},bridge\n" for i in range(12)))
    command = [sys.executable, "-m", "guidepress", "batch", str(roster), "--workers", "2",
               "--guide", str(FIXTURE_GUIDE)]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "output").glob("k*.pdf")):
            workers = _workers(proc.pid) or workers
            time.sleep(0.05)
        workers = _workers(proc.pid) or workers
        assert workers, "no worker processes seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_state(w) not in (None, "Z") for w in workers):
            time.sleep(0.1)
        assert all(_state(w) in (None, "Z") for w in workers)
    finally:
        for pid in workers:
            if _state(pid) not in (None, "Z"):
                os.kill(pid, signal.SIGKILL)


# --- the record of finished sheets is kept, whatever happens -------------------------------

def test_a_date_near_9999_fails_its_row_and_the_others_are_recorded(run_cli, tmp_path):
    Path("r.csv").write_text("id,patient,exercises,start\na1,Ana,bridge,\n"
                             "a2,Bob,bridge,9999-12-20\n")
    result = run_cli("batch", "r.csv", "--workers", 1, *GUIDE)
    assert result.exit_code == 1 and "9999-12-20 is not a plausible date" in normalise(result.output)
    rows = rows_of(tmp_path / "output")
    assert rows["a1"]["status"] == "written" and rows["a2"]["status"] == "failed"


def test_a_full_disk_stops_the_run_and_records_what_finished(run_cli, tmp_path, monkeypatch):
    import guidepress.render.product as product

    real, calls = product.write_document, []

    def fills_up(rendered, target):
        calls.append(target)
        if len(calls) == 1:
            return real(rendered, target)
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"%PDF-1.7 half a sheet")
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(product, "write_document", fills_up)
    result, message = batch(run_cli, ["a1,Ana,bridge", "a2,Bob,bridge", "a3,Cy,bridge"])
    assert result.exit_code == 1 and "not written: the disk is full" in message
    assert len(calls) == 2  # the third row was not tried
    rows = rows_of(tmp_path / "output")
    assert [rows[i]["status"] for i in ("a1", "a2", "a3")] == ["written", "failed", "failed"]
    left = sorted(p.name for p in (tmp_path / "output").iterdir())
    assert left == [RECORD, "a1-Ana.pdf", "manifest.json"]  # no half sheet


@pytest.mark.parametrize("content", ["[]", '"rows"', "{not json"])
def test_a_manifest_that_is_not_ours_is_named_not_replaced(run_cli, tmp_path, content):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "manifest.json").write_text(content)
    result, message = batch(run_cli, ["a1,Ana,bridge"])
    assert result.exit_code == 1 and "output/manifest.json: not a guidepress manifest" in message
    assert (tmp_path / "output" / "manifest.json").read_text() == content


def test_malformed_manifest_entries_and_deleted_sheets_are_rendered_again(run_cli, tmp_path):
    assert batch(run_cli, ["a1,Ana,bridge", "a2,Bob,plank"])[0].exit_code == 0
    manifest = tmp_path / "output" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["rows"][0]["file"] = 5  # a row of the wrong types
    data["rows"].append("junk")
    manifest.write_text(json.dumps(data))
    (tmp_path / "output" / "a2-Bob.pdf").unlink()
    result, message = batch(run_cli, ["a1,Ana,bridge", "a2,Bob,plank"])
    assert result.exit_code == 0 and "2 written, 0 unchanged" in message
    assert "2 malformed entries ignored" in message


# --- the fingerprint -----------------------------------------------------------------------

def test_an_output_folder_inside_the_guide_does_not_make_every_run_render_again(
        run_cli, guide_copy):
    out = guide_copy / "sheets"
    Path("r.csv").write_text("id,patient,exercises\na1,Ana,bridge\n")
    args = ("batch", "r.csv", "--workers", 1, "--guide", guide_copy, "-o", out,
            "--merge", guide_copy / "all.pdf")
    assert run_cli(*args).exit_code == 0
    assert "0 written, 1 unchanged" in run_cli(*args).output


def test_the_fingerprint_reads_large_files_in_chunks(guide_copy):
    from guidepress.batch.manifest import fingerprint

    with open(guide_copy / "scan.tif", "wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    try:
        fingerprint([guide_copy])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024
