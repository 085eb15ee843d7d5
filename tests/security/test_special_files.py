"""A pipe (FIFO) or a device in place of a file guidepress reads is refused at once:
it never blocks a run waiting for a writer, nor fills memory reading /dev/zero.

Each case runs under an alarm, so a read that blocks fails the test instead of
hanging the suite; cases that run a whole command run it in a child process with
its memory capped and a time limit, so a read that never ends fails there too.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_GUIDE

from guidepress.builtin import BUILTIN_LIBRARY
from guidepress.content.loader import load_guide
from guidepress.content.prescription import load_prescription
from guidepress.content.roster import read_roster
from guidepress.errors import GuidepressError
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout

SECONDS = 10


@pytest.fixture
def deadline():
    """Fail (rather than hang) a test whose read blocks for over SECONDS (not by an
    OSError, such as TimeoutError, which the code under test may take for a bad file)."""
    def expired(*_):
        raise AssertionError(f"blocked for over {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def fifo(path: Path) -> Path:
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return path


def _capped():
    """In the child: at most 1.5 GB of memory, so reading /dev/zero cannot go on for long."""
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))


def guidepress(folder: Path, *args) -> subprocess.CompletedProcess:
    """Run the command in a child process of capped memory, for at most a minute (a read
    that blocks ends the test there, never the test run)."""
    return subprocess.run([sys.executable, "-m", "guidepress", *map(str, args)],
                          capture_output=True, text=True, timeout=60, cwd=folder,
                          preexec_fn=_capped, env={**os.environ, "GUIDEPRESS_CACHE_DIR": "off"})


def refused_naming(call, path: Path) -> str:
    with pytest.raises(GuidepressError) as caught:
        call()
    message = str(caught.value)
    assert path.name in message and "not a file" in message, message
    return message


def test_a_fifo_as_guide_file_is_refused(tmp_path, guide_copy, deadline):
    refused_naming(lambda: load_guide(guide_copy), fifo(guide_copy / "guide.yaml"))


def test_a_fifo_as_translation_is_refused(tmp_path, guide_copy, deadline):
    (guide_copy / "guide.yaml").write_text(
        (guide_copy / "guide.yaml").read_text().replace("language: en-GB", "language: en"))
    refused_naming(lambda: load_guide(guide_copy, "es"), fifo(guide_copy / "guide.es.yaml"))


def test_a_fifo_as_exercise_file_is_refused(tmp_path, guide_copy, deadline):
    shutil.copytree(BUILTIN_LIBRARY, guide_copy / "exercises")
    refused_naming(lambda: load_guide(guide_copy), fifo(guide_copy / "exercises" / "aaa.yaml"))


def test_a_fifo_as_prescription_is_refused(tmp_path, deadline):
    library = load_guide().library
    path = fifo(tmp_path / "ana.yaml")
    refused_naming(lambda: load_prescription(path, library), path)


@pytest.mark.parametrize("name", ["patients.csv", "patients.json", "patients.yaml"])
def test_a_fifo_as_roster_is_refused(tmp_path, deadline, name):
    path = fifo(tmp_path / name)
    refused_naming(lambda: read_roster(path), path)


def test_a_fifo_as_batch_manifest_is_refused(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\nh1,Ana,bridge\n", encoding="utf-8")
    (tmp_path / "output").mkdir()
    manifest = fifo(tmp_path / "output" / "manifest.json")
    result = guidepress(tmp_path, "batch", roster, "--workers", "1")
    assert result.returncode == 1 and "manifest.json" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output" / "h1-Ana.pdf").exists()
    assert manifest.exists()


def test_a_fifo_as_build_manifest_is_not_read(tmp_path, deadline):
    from guidepress.products.build import load_build_manifest

    (tmp_path / "out").mkdir()
    fifo(tmp_path / "out" / "build-manifest.json")
    start = time.perf_counter()
    assert load_build_manifest(tmp_path / "out") == ("", {})  # as if none: everything is built
    assert time.perf_counter() - start < 2


def test_a_fifo_in_the_guide_folder_does_not_block_a_batch(tmp_path, guide_copy):
    fifo(guide_copy / "notes.txt")  # not content: the batch fingerprint lists it, never reads it
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\nh1,Ana,bridge\n", encoding="utf-8")
    result = guidepress(tmp_path, "batch", roster, "--guide", guide_copy, "--workers", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "output" / "h1-Ana.pdf").exists()


@pytest.mark.parametrize("name,folder", [("handout.html", "templates"), ("custom.css", "styles")])
def test_a_fifo_as_template_or_stylesheet_is_refused(tmp_path, deadline, name, folder):
    for sub in ("templates", "styles"):
        (tmp_path / sub).mkdir()
    path = fifo(tmp_path / folder / name)
    resources = Resources((tmp_path / "templates",), (tmp_path / "styles",))
    refused_naming(lambda: write_handout(load_guide(FIXTURE_GUIDE), tmp_path / "h.pdf",
                                         resources=resources), path)
    assert not (tmp_path / "h.pdf").exists()


@pytest.mark.parametrize("args", [
    ["routine", "/dev/zero"],
    ["batch", "/dev/zero", "--workers", "1"],
    ["handout", "--guide", "{guide}"],
    ["routine", "{tmp}/rx.yaml"],
])
def test_dev_zero_is_refused_promptly(tmp_path, guide_copy, args):
    (guide_copy / "guide.yaml").unlink()
    (guide_copy / "guide.yaml").symlink_to("/dev/zero")
    (tmp_path / "rx.yaml").symlink_to("/dev/zero")
    result = guidepress(tmp_path, *[a.format(guide=guide_copy, tmp=tmp_path) for a in args])
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "not a file" in result.stderr or "outside the folders" in result.stderr, result.stderr


def test_a_prescription_file_of_the_test_data_still_reads(deadline):
    # the same reader reads an ordinary file as before
    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", load_guide().library)
    assert rx.items
