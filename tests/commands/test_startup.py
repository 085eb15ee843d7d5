"""Start-up: commands that render nothing never import WeasyPrint, WeasyPrint's
libraries load without probing, and the garbage-collector settings are put back."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import FIXTURE_GUIDE

import guidepress
from guidepress.cli import app
from guidepress.render.collector import RENDER_THRESHOLDS, one_off, rendering

SOURCE = Path(guidepress.__file__).resolve().parents[1]

# Runs the command as `python -m guidepress` does, then records what was imported.
RUN = """
import json, runpy, sys
args, report = json.loads(sys.argv[1]), sys.argv[2]
sys.argv = ["guidepress", *args]
code = 0
try:
    runpy.run_module("guidepress", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
with open(report, "w") as handle:
    json.dump({"code": code, "weasyprint": "weasyprint" in sys.modules,
               "pypdf": "pypdf" in sys.modules, "yaml": "yaml" in sys.modules,
               "models": sorted(m for m in sys.modules if m.startswith("guidepress.content.")
                                and m != "guidepress.content.choices")}, handle)
"""


def run_command(args: list, cwd: Path) -> tuple[dict, subprocess.CompletedProcess]:
    report = cwd / "imports.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SOURCE), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps([str(a) for a in args]),
                           str(report)], cwd=cwd, env=env, capture_output=True, text=True)
    return json.loads(report.read_text()), done


def command_names() -> set[str]:
    return set(typer.main.get_command(app).commands)


@pytest.mark.parametrize("args", [
    ["--help"], ["build", "--help"], ["batch", "--help"], ["exercises", "--json"],
    ["schema"], ["languages"],
])
def test_commands_that_render_nothing_do_not_import_weasyprint(args, tmp_path):
    found, done = run_command(args, tmp_path)
    assert found["code"] == 0, done.stderr
    assert not found["weasyprint"], f"guidepress {' '.join(args)} imported WeasyPrint"
    assert not found["pypdf"], f"guidepress {' '.join(args)} imported pypdf"


@pytest.mark.parametrize("args", [["--help"], ["batch", "--help"], ["watch", "--help"]])
def test_help_loads_no_content_models(args, tmp_path):
    """Declaring the options needs only the choices they offer, not the content
    models or YAML (the models and their loading cost 60-70 ms)."""
    found, done = run_command(args, tmp_path)
    assert found["code"] == 0, done.stderr
    assert not found["yaml"] and not found["models"], found


def test_check_on_content_does_not_import_weasyprint(tmp_path):
    if "check" not in command_names():
        pytest.skip("this version has no check command")
    found, done = run_command(["check", "--guide", FIXTURE_GUIDE], tmp_path)
    assert found["code"] in (0, 1), done.stderr  # 1: the check found something to report
    assert not found["weasyprint"]


def test_no_change_batch_and_build_do_not_import_weasyprint(run_cli, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\na1,Ana,bridge\na2,Bob,plank\n", encoding="utf-8")
    assert run_cli("batch", roster, "--workers", 1, "--guide", FIXTURE_GUIDE).exit_code == 0
    assert run_cli("build", "--guide", FIXTURE_GUIDE).exit_code == 0

    found, done = run_command(["batch", roster, "--workers", 2, "--guide", FIXTURE_GUIDE], tmp_path)
    assert found["code"] == 0 and "0 written, 2 unchanged" in done.stdout, done.stderr
    assert not found["weasyprint"] and not found["pypdf"]
    # answered from the manifest: the roster and guide models are not even imported
    heavy = {"guidepress.content." + m for m in ("loader", "guide", "exercises", "roster",
                                                 "prescription", "doses")}
    assert not found["yaml"] and not heavy & set(found["models"]), found

    found, done = run_command(["build", "--guide", FIXTURE_GUIDE], tmp_path)
    assert found["code"] == 0 and "unchanged output/hand-care-handout.pdf" in done.stdout, done.stderr
    assert not found["weasyprint"] and not found["pypdf"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sonames are a Linux matter")
def test_weasyprint_libraries_load_without_running_a_program(tmp_path):
    script = (
        "import subprocess, sys\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    started.append(args)\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "from guidepress.versions import harfbuzz_subset_available, load_weasyprint\n"
        "load_weasyprint()\n"
        "from weasyprint.text.ffi import pango\n"
        "print(len(started), pango.pango_version() > 0, harfbuzz_subset_available())\n")
    env = {**os.environ, "PYTHONPATH": str(SOURCE)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=tmp_path, check=True)
    started, pango, subset = done.stdout.split()
    assert started == "0" and pango == "True"
    # the soname route finds HarfBuzz subsetting exactly when the usual probe does
    usual = subprocess.run([sys.executable, "-c", "from weasyprint.text import ffi;"
                            "print(ffi.harfbuzz_subset is not None)"],
                           capture_output=True, text=True, check=True)
    assert subset == usual.stdout.strip()


def test_render_thresholds_are_put_back():
    before = gc.get_threshold()
    with rendering():
        assert gc.get_threshold() == RENDER_THRESHOLDS
    assert gc.get_threshold() == before


def test_one_off_commands_turn_the_collector_off_and_back_on():
    assert gc.isenabled()
    with one_off():
        assert not gc.isenabled()
    assert gc.isenabled()
