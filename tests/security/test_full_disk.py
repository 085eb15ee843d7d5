"""A full disk outside batch, and a batch that cannot even lock its manifest: a clear
message naming the file, exit 1, and no partial file left behind (on a small tmpfs,
mounted when the tests run as root)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE, folded

FILLER = "filler"
FULL = "not written, the disk is full; nothing was left half-written"


@pytest.fixture
def small_disk(tmp_path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    (folder / FILLER).write_bytes(b"x" * 40_000)  # about 8 kB left: less than any PDF
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")
                  if p.name != FILLER and not p.name.startswith(".guidepress-written"))


@pytest.mark.parametrize("command", [
    ("handout", "-g", FIXTURE_GUIDE, "-o", "small/h.pdf"),
    ("handout", "-g", FIXTURE_GUIDE, "--booklet", "-o", "small/b.pdf"),
    ("card", "-o", "small/c.pdf"),
], ids=["handout", "booklet", "card"])
def test_a_full_disk_is_a_message_and_leaves_nothing(run_cli, small_disk, command):
    result = run_cli(*command)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert FULL in folded(result.output) and command[-1] in folded(result.output)
    assert leftovers(small_disk) == []


def test_figures_cut_short_by_a_full_disk_leave_none_of_the_set(run_cli, small_disk):
    result = run_cli("exercises", "--figures", "small/figs", "--png")
    assert result.exit_code == 1 and FULL in folded(result.output)
    assert leftovers(small_disk) in ([], ["figs"])


def test_a_build_on_a_full_disk_leaves_no_product_and_no_manifest(run_cli, small_disk):
    result = run_cli("build", "-g", FIXTURE_GUIDE, "--out", "small/out")
    assert result.exit_code == 1 and FULL in folded(result.output)
    assert leftovers(small_disk) in ([], ["out"])


def fill_up(folder: Path) -> None:
    """Write into ``folder`` until not another byte fits."""
    with open(folder / FILLER, "ab", buffering=0) as handle:
        try:
            while handle.write(b"x" * 1024):
                pass
        except OSError:
            pass


def test_a_batch_that_cannot_even_lock_its_manifest_is_a_message(run_cli, small_disk, tmp_path):
    (tmp_path / "r.csv").write_text("id,patient,exercises\np001,Ana García,plank\n",
                                    encoding="utf-8")
    (small_disk / "out").mkdir()
    fill_up(small_disk)
    result = run_cli("batch", "r.csv", "--out", "small/out", "--workers", 1, "--guide",
                     FIXTURE_GUIDE)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert FULL in folded(result.output) and ".manifest.json.lock" in folded(result.output)
    assert leftovers(small_disk) == ["out"]
