"""Ctrl-C stops a batch promptly: no more rows handed out, the sheets in flight dropped,
the manifest saved with exactly what it records, and the message says so (exit 130)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.freshness import file_sha256

ROWS = 40


def start_batch(tmp_path: Path, workers: int) -> subprocess.Popen:
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\n" + "".join(
        f"p{i:03},Patient {i},bridge 2x12; plank 3x30s\n" for i in range(ROWS)), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "guidepress", "batch", str(roster), "--out", str(tmp_path / "out"),
         "--guide", str(FIXTURE_GUIDE), "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        # a process started in the background may inherit "ignore Ctrl-C": undo that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def interrupt_when_sheets_exist(proc: subprocess.Popen, out: Path, sheets: int) -> float:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and len(list(out.glob("*.pdf"))) >= sheets:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    return time.monotonic()


@pytest.mark.parametrize("workers, sheets", [(1, 1), (2, 1), (2, 3)])
def test_ctrl_c_stops_at_once_and_says_what_was_recorded(tmp_path, workers, sheets):
    proc = start_batch(tmp_path, workers)
    try:
        sent = interrupt_when_sheets_exist(proc, tmp_path / "out", sheets)
        output, _ = proc.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    assert proc.returncode == 130, output
    assert took < 5, f"took {took:.1f} s to stop"
    assert "Traceback" not in output
    said = re.search(r"stopped: (\d+) of (\d+) sheets written and recorded in manifest.json; "
                     r"run the same command again to finish", output)
    assert said, output
    rows = json.loads((tmp_path / "out" / "manifest.json").read_text())["rows"]
    recorded = [r for r in rows if r["status"] == "written"]
    assert int(said[1]) == len(recorded) < ROWS and int(said[2]) == ROWS
    for row in recorded:  # every recorded sheet is there, whole, as recorded
        assert file_sha256(tmp_path / "out" / row["file"]) == row["sha256"]
