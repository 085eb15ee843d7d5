"""``guidepress check`` on guides: the built-in guide passes; a guide with a very hard
sentence or without its safety part is reported with the file, line and problem."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURE_GUIDE, FIXTURE_SAFETY as SAFETY, normalise

HARD = ("Postoperative immobilisation necessitates meticulous adherence to individualised "
        "physiotherapeutic recommendations regarding cardiovascular conditioning.")


@pytest.fixture
def guide(tmp_path):
    """The small fixture guide with a safety part, as a folder to break."""
    target = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, target)
    path = target / "guide.yaml"
    path.write_text(path.read_text(encoding="utf-8") + SAFETY, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_built_in_guide_passes(run_cli, lang):
    result = run_cli("check", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert "passed: 0 errors" in normalise(result.stdout)


def test_a_grade_18_sentence_is_named_with_its_line_and_fails_a_strict_check(run_cli, guide):
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("      Keep your hand **above", f"      {HARD}\n      Keep your hand **above", 1),
                     encoding="utf-8")
    line = guide.read_text(encoding="utf-8").splitlines().index(f"      {HARD}") + 1
    relaxed = run_cli("check", "--guide", guide.parent)
    report = normalise(relaxed.stdout)
    assert "Postoperative immobilisation" in report and f"guide.yaml line {line}" in report
    assert relaxed.exit_code == 0  # one hard sentence is a warning...
    strict = run_cli("check", "--guide", guide.parent, "--strict", "--json")
    assert strict.exit_code == 1  # ...that fails a strict check
    found = json.loads(strict.stdout)
    [sentence] = [f for f in found["findings"] if f["check"] == "sentence"]
    assert float(sentence["message"].split()[1].rstrip(",")) > 18
    assert sentence["where"] == f"guide.yaml line {line}, sections[0].body"
    assert found["passed"] is False


def test_a_guide_without_its_safety_part_fails(run_cli, guide):
    guide.write_text(guide.read_text(encoding="utf-8").replace(SAFETY, ""), encoding="utf-8")
    result = run_cli("check", "--guide", guide.parent)
    assert result.exit_code == 1
    report = normalise(result.stdout)
    assert "safety-missing" in report and "Stop and get help" in report and "guide.yaml" in report


def test_text_quoted_from_a_pdf_cannot_print_lines_of_its_own():
    """A font named with line breaks would print lines that look like the report's own
    ("passed: 0 errors"): each finding stays on one line, its breaks shown as \\n."""
    import io

    from rich.console import Console

    from guidepress.check.report import Finding, print_report

    out = io.StringIO()
    print_report(Console(file=out, width=200), "doc.pdf", [Finding(
        "fonts", "error", "font X\n  passed: 0 errors, 0 warnings\r is not embedded", "pages 1\n")])
    lines = out.getvalue().splitlines()
    assert not any(line.lstrip().startswith("passed") for line in lines)
    assert "font X\\n  passed: 0 errors, 0 warnings\\x0d is not embedded" in out.getvalue()
    assert lines[-1].strip().startswith("failed: 1 error")
