"""Shared fixtures: warnings from WeasyPrint fail the test; PDFs are rendered once."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from guidepress.cli import app

DATA = Path(__file__).parent / "data"
FIXTURE_GUIDE = DATA / "guides" / "hand-care"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden HTML snapshots in tests/golden from the current templates.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@pytest.fixture(autouse=True)
def no_weasyprint_warnings():
    """Fail any test during which WeasyPrint logs a warning (font, CSS, image...)."""
    recorder = _Recorder()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(recorder)
    yield recorder
    logger.removeHandler(recorder)
    assert not recorder.records, f"WeasyPrint warned: {recorder.records}"


@pytest.fixture
def run_cli(monkeypatch, tmp_path):
    """Run the CLI in a fresh folder; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def guide_copy(tmp_path) -> Path:
    """An editable copy of the small fixture guide."""
    target = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, target)
    return target


def pdf_text(path: Path) -> str:
    """All text of a PDF with white space folded and apostrophes unified."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return normalise(text)


def body_text(path: Path, margin_pt: float = 50) -> str:
    """The text of every page without the running header and footer (the page
    margins) and without list numbers, so sentences that cross pages join up."""
    parts: list[str] = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font_dict, font_size):
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if margin_pt < y < height - margin_pt and not re.fullmatch(r"\s*\d+\.\s*", text):
                parts.append(text)

        page.extract_text(visitor_text=visit)
    return normalise(" ".join(parts))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def outline_titles(reader: PdfReader) -> list:
    """The outline as nested lists of titles."""
    def walk(items):
        return [walk(i) if isinstance(i, list) else i.title for i in items]
    return walk(reader.outline)


def folded(text: str) -> str:
    """CLI output with Rich's box-drawing borders and line wrapping folded away."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())
