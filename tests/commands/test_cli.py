"""The command line: build, handout, schema, --version and help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FIXTURE_GUIDE, folded, pdf_text
from pypdf import PdfReader


def test_build_with_no_arguments_writes_the_handout_into_output(run_cli, tmp_path):
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    target = tmp_path / "output" / "back-in-action-handout.pdf"
    pages = len(PdfReader(target).pages)
    assert f"wrote output/back-in-action-handout.pdf ({pages} pages)" in result.stdout


def test_build_options(run_cli, tmp_path):
    result = run_cli("build", "--guide", FIXTURE_GUIDE, "--out", "pdfs", "--paper", "LETTER")
    assert result.exit_code == 0, result.output
    page = PdfReader(tmp_path / "pdfs" / "hand-care-handout.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)


def test_unknown_paper_is_a_usage_error(run_cli):
    result = run_cli("handout", "--paper", "a5")
    assert result.exit_code == 2
    assert "'a5' is not one of 'a4', 'letter'" in folded(result.stderr)


def test_schema_is_json_schema_of_the_guide(run_cli):
    result = run_cli("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Guide"
    assert {"title", "sections", "faq", "version"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_version_lists_the_rendering_stack(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    for name in ("guidepress", "WeasyPrint", "pypdf", "Pango", "HarfBuzz subsetting",
                 "web server (guidepress serve)"):
        assert f"{name}: " in result.stdout


def test_help_lists_commands(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("build", "handout", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["handout", "routine", "batch", "check", "poster", "watch"])
def test_help_shows_a_value_only_for_options_that_take_one(run_cli, command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line an option
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    rows = {line.split()[1]: line for line in result.stdout.splitlines()
            if line.startswith("│ --")}
    assert "<bool>" not in result.stdout and "list[" not in rows.get("--templates", "")
    flag = {"handout": "--html", "routine": "--fillable", "batch": "--force", "check": "--json",
            "poster": "--landscape", "watch": "--help"}[command]
    assert "<" not in rows[flag]  # an on/off flag: nothing to type after it
    assert "<file>" in rows["--config"]


def test_python_dash_m(tmp_path):
    done = subprocess.run([sys.executable, "-m", "guidepress", "--version"],
                          capture_output=True, text=True, cwd=tmp_path, check=True)
    assert done.stdout.startswith("guidepress: ")


def test_routine_reads_the_workspace_short_dates_and_warns_of_a_dose_slip(run_cli, tmp_path):
    args = ["routine", "--patient", "Ann", "-e", "plank 3x30", "--start", "07/12/2026",
            "--follow-up", "04/01/2027", "-o", "ann.pdf"]
    refused = run_cli(*args)
    assert refused.exit_code == 1
    assert "2026-12-07 (YYYY-MM-DD)" in refused.output and "[defaults]" in refused.output
    (tmp_path / "guidepress.toml").write_text('[defaults]\nlocale = "en_GB"\n')
    done = run_cli(*args)
    assert done.exit_code == 0, done.output
    assert 'did you mean "plank 3x30s"?' in done.output
    text = " ".join(pdf_text(tmp_path / "ann.pdf").replace("\xa0", " ").split())
    assert "7 Dec 2026 to 3 Jan 2027" in text and "Next appointment: 4 Jan 2027" in text
    strict = run_cli(*args, "--strict", "--force")
    assert strict.exit_code == 1 and 'did you mean "plank 3x30s"?' in strict.output


def test_version_prints_each_line_as_written(run_cli, monkeypatch):
    """A line with square brackets (the install command of an extra) is text, not markup."""
    import guidepress.versions as versions

    monkeypatch.setattr(versions, "report", lambda: [
        ("web server (guidepress serve)", 'not installed: pip install "guidepress[serve]"')])
    result = run_cli("--version")
    assert 'pip install "guidepress[serve]"' in result.stdout
