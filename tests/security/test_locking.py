"""Concurrency is locked, not hoped: one flock per manifest held by the system for a
run's life; two runs never both hold it, whatever lock files are lying around."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from guidepress.batch.guard import ManifestLock
from guidepress import owned
from guidepress.errors import GuidepressError, UsageError
from guidepress.locks import FileLock


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _contend(manifest: str, start: float, rounds: int, results) -> None:
    """Take the lock ``rounds`` times; inside it, a marker file created exclusively
    proves nobody else is inside too."""
    while time.time() < start:
        time.sleep(0.001)
    marker = Path(manifest).with_name("inside")
    for _ in range(rounds):
        try:
            with ManifestLock(Path(manifest), wait=30):
                try:
                    fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                except FileExistsError:
                    results.put("two holders")
                    continue
                time.sleep(0.002)
                os.close(fd)
                os.unlink(marker)
                results.put("held")
        except GuidepressError as exc:
            results.put(f"refused: {exc}")


def _stale_lock(folder: Path, pid: int) -> None:
    (folder / ".manifest.json.lock").write_text(json.dumps(
        {"host": "clinic-pc", "hostid": "0" * 8, "pid": pid, "started": "2026-01-01 08:00:00"}))


@pytest.mark.parametrize("left_behind", ["nothing", "a dead run's lock file"])
def test_runs_at_once_never_both_hold_the_lock(tmp_path, left_behind):
    if left_behind != "nothing":
        _stale_lock(tmp_path, _dead_pid())
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start, rounds = time.time() + 0.5, 15
    procs = [context.Process(target=_contend, args=(str(tmp_path / "manifest.json"), start,
                                                     rounds, results)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    outcomes = [results.get(timeout=5) for _ in range(4 * rounds)]
    assert outcomes.count("held") == 4 * rounds, [o for o in outcomes if o != "held"][:3]


def test_a_second_run_names_the_holder_after_waiting_briefly(tmp_path):
    manifest = tmp_path / "manifest.json"
    with ManifestLock(manifest):
        started = time.monotonic()
        with pytest.raises(UsageError) as caught:
            with ManifestLock(manifest, wait=0.5):
                pass
        assert 0.5 <= time.monotonic() - started < 5
    message = str(caught.value)
    assert f"in use by another guidepress run (process {os.getpid()} on" in message
    assert "running" in message


@pytest.mark.parametrize("pid", ["live", "dead"])
def test_a_lock_file_alone_never_blocks_a_run(tmp_path, pid):
    _stale_lock(tmp_path, os.getpid() if pid == "live" else _dead_pid())
    with ManifestLock(tmp_path / "manifest.json") as held:
        assert json.loads(held.path.read_text())["pid"] == os.getpid()
    assert not held.path.exists()


def test_a_killed_holder_releases_the_lock_at_once(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from guidepress.batch.guard import ManifestLock\n"
         f"with ManifestLock(Path({str(tmp_path / 'manifest.json')!r})):\n"
         "    print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(UsageError, match=f"process {holder.pid} "):
            with ManifestLock(tmp_path / "manifest.json", wait=0.2):
                pass
        holder.kill()
        holder.wait(timeout=10)
        with ManifestLock(tmp_path / "manifest.json", wait=0.2):
            pass
    finally:
        holder.kill()


@pytest.mark.parametrize("kind", ["link", "fifo", "hard link", "another user's"])
def test_a_planted_lock_path_is_refused_not_followed(tmp_path, kind):
    """Never written through, never unlinked: a hard link is the user's own file under
    the lock's name, and another user's file is theirs."""
    lock = tmp_path / ".manifest.json.lock"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    if kind == "link":
        lock.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(lock)
    elif kind == "hard link":
        os.link(victim, lock)
    else:
        if os.geteuid() != 0:
            pytest.skip("giving a file to another user needs root")
        lock.write_text("keep me")
        os.chown(lock, 65534, 65534)
    with pytest.raises(GuidepressError, match="manifest.json.lock"):
        with ManifestLock(tmp_path / "manifest.json", wait=0.2):
            pass
    assert victim.read_text() == "keep me" and lock.exists()
    assert kind in ("link", "fifo") or lock.read_text() == "keep me"


# --- the record of written files: locked on a private file, never waited on forever ---------

def _write_in_thread(target: Path) -> tuple[threading.Thread, list]:
    outcome: list = []

    def write() -> None:
        try:
            owned.write_bytes(target, b"sheet")
            outcome.append("written")
        except GuidepressError as exc:
            outcome.append(exc)
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread, outcome


def test_a_reader_locking_the_record_never_holds_up_a_write(tmp_path):
    """Anyone who may read the record (mode 644) could flock it: the lock is elsewhere."""
    owned.write_bytes(tmp_path / "a.pdf", b"first")
    fd = os.open(tmp_path / owned.RECORD, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        thread, outcome = _write_in_thread(tmp_path / "b.pdf")
        thread.join(timeout=10)
        assert outcome == ["written"], "a write waited on a lock taken by a mere reader"
    finally:
        os.close(fd)
        thread.join(timeout=10)
    assert sorted(owned.recorded(tmp_path)) == ["a.pdf", "b.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [owned.RECORD, "a.pdf", "b.pdf"]


def test_the_lock_file_can_be_opened_by_its_owner_alone(tmp_path):
    lock = tmp_path / ".x.lock"
    lock.write_text("")
    lock.chmod(0o644)  # as locks were made before
    with FileLock(lock, 1, "x", "wait"):
        assert lock.stat().st_mode & 0o777 == 0o600
        if os.geteuid() == 0:  # another user of the machine cannot open it, so cannot hold it
            child = os.fork()
            if child == 0:
                os.setuid(65534)
                try:
                    os.open(lock, os.O_RDONLY)
                    os._exit(1)
                except PermissionError:
                    os._exit(0)
            assert os.waitpid(child, 0)[1] == 0


def test_a_write_waits_for_a_stuck_run_then_names_it(tmp_path, monkeypatch):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time; from pathlib import Path; from guidepress import owned\n"
         f"with owned._locked(Path({str(tmp_path / owned.RECORD)!r})):\n"
         "    print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(owned, "RECORD_WAIT", 0.3)
        started = time.monotonic()
        thread, outcome = _write_in_thread(tmp_path / "b.pdf")
        thread.join(timeout=20)
        assert time.monotonic() - started < 10 and len(outcome) == 1
        message = str(outcome[0])
        assert "record of the files guidepress wrote is in use by another guidepress run" in message
        assert f"process {holder.pid} on" in message and "wait for it to finish" in message
        assert not (tmp_path / "b.pdf").exists()
        assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    finally:
        holder.kill()
        holder.wait(timeout=10)
