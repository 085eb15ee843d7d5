"""``--html``: the HTML written beside a PDF makes the same document with the
``weasyprint`` command alone (same pages, same fonts, same text)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURE_GUIDE
from pypdf import PdfReader


def fonts(reader: PdfReader) -> set[str]:
    """Base names of the fonts used, without the subset prefix."""
    found = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def by_weasyprint(html, tmp_path):
    """The PDF the weasyprint command makes from ``html`` alone."""
    target = tmp_path / f"{html.stem}-by-weasyprint.pdf"
    subprocess.run([sys.executable, "-m", "weasyprint", str(html), str(target)], check=True,
                   capture_output=True, cwd=tmp_path)
    return target


def assert_same_document(ours, theirs):
    a, b = PdfReader(ours), PdfReader(theirs)
    assert len(a.pages) == len(b.pages)
    assert fonts(a) == fonts(b) and "Guide-Sans" in fonts(a)
    for page, (x, y) in enumerate(zip(a.pages, b.pages), start=1):
        assert x.extract_text() == y.extract_text(), f"page {page} differs"


@pytest.mark.parametrize("command", [
    ["handout", "--guide", FIXTURE_GUIDE, "-o", "out/handout.pdf"],
    ["routine", "--patient", "Ana García", "-e", "bridge 2x10", "-e", "plank", "-e", "cat-cow",
     "--theme", "large-print", "-o", "out/sheet.pdf"],
])
def test_the_html_alone_makes_the_same_pdf(run_cli, tmp_path, command):
    result = run_cli(*command, "--html")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / command[-1]
    html = pdf.with_suffix(".html")
    assert '<link rel="stylesheet"' in html.read_text(encoding="utf-8")
    assert_same_document(pdf, by_weasyprint(html, tmp_path))


def test_batch_writes_one_html_beside_each_sheet(run_cli, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\nh1,Ana,bridge; plank\nh2,Bob,cat-cow\n",
                      encoding="utf-8")
    result = run_cli("batch", roster, "--workers", 1, "--html")
    assert result.exit_code == 0, result.output
    out = tmp_path / "output"
    assert sorted(p.name for p in out.glob("*.html")) == ["h1-Ana.html", "h2-Bob.html"]
    assert_same_document(out / "h2-Bob.pdf", by_weasyprint(out / "h2-Bob.html", tmp_path))
