"""``guidepress check FILE.pdf``: guidepress's own products pass; PDFs with accessibility
faults fail with a message naming the problem and where it is."""

from __future__ import annotations

import json

import pytest
from conftest import normalise

from guidepress.check.contrast import contrast_ratio
from guidepress.check.pdf import check_pdf

PAGE = "<style>@page { size: A5; margin: 15mm } body { font: 12pt sans-serif }</style>"


def weasyprint_pdf(path, body: str, **options):
    """A PDF made by WeasyPrint alone, from plain HTML: a PDF guidepress did not make."""
    from weasyprint import HTML

    html = f'<!DOCTYPE html><html lang="en"><head><title>Test</title>{PAGE}</head><body>{body}</body></html>'
    HTML(string=html).write_pdf(path, **options)
    return path


def errors(findings, check: str | None = None) -> list:
    return [f for f in findings if f.level == "error" and (check is None or f.check == check)]


@pytest.mark.parametrize("name", ["handout", "booklet", "routine", "fillable", "poster", "card",
                                  "card-sheet", "contact-sheet", "merged"])
def test_every_product_passes(products, name):
    findings = check_pdf(products[name])
    assert errors(findings) == []
    passed = {f.check for f in findings if f.level == "ok"}
    assert {"tagged", "alt text", "headings", "fonts", "contrast"} <= passed


def test_an_untagged_pdf_fails_naming_what_is_missing(tmp_path):
    path = weasyprint_pdf(tmp_path / "plain.pdf", "<h1>Back care</h1><p>Keep moving.</p>")
    messages = [f.message for f in errors(check_pdf(path), "tagged")]
    assert any("no structure tree" in m for m in messages)
    assert any("MarkInfo" in m for m in messages)
    assert any("DisplayDocTitle" in m for m in messages)


def test_white_text_on_a_white_band_fails_with_page_and_text(tmp_path):
    band = ('<p>Plain words.</p><div style="background: #fff; padding: 5mm">'
            '<p style="color: #fff">Call us today</p></div>'
            '<div style="background: #1d5b86; color: #fff; padding: 5mm">Readable band</div>'
            '<p style="color: #f4d35e">Pale brand colour</p>')
    path = weasyprint_pdf(tmp_path / "band.pdf", band, pdf_variant="pdf/ua-1")
    found = errors(check_pdf(path), "contrast")
    texts = " ".join(f.message for f in found)
    assert "Call us today" in texts and "#ffffff on #ffffff: 1.0:1" in texts
    assert "Pale brand colour" in texts
    assert "Readable band" not in texts and "Plain words" not in texts
    assert {f.where for f in found} == {"page 1"}


def test_a_pale_brand_colour_is_darkened_so_the_poster_passes_the_check(run_cli, tmp_path):
    """The check finds pale text (above); a pale brand colour never gets that far: it is
    darkened with a warning naming the setting, and the poster passes."""
    (tmp_path / "guidepress.toml").write_text('[colors]\naccent = "#f4d35e"\n')
    made = run_cli("poster", "-o", "pale.pdf")
    assert made.exit_code == 0
    assert "colors.accent: #f4d35e" in made.stderr and "darkened" in made.stderr
    result = run_cli("check", "pale.pdf")
    assert result.exit_code == 0, result.stdout
    assert "#f4d35e" not in result.stdout


def test_skipped_heading_level_is_named(tmp_path):
    path = weasyprint_pdf(tmp_path / "skip.pdf", "<h1>Back care</h1><h3>Bridge</h3><p>Lift.</p>",
                          pdf_variant="pdf/ua-1")
    found = errors(check_pdf(path), "headings")
    assert [normalise(f.message) for f in found] == ['jumps from H1 to H3: "Bridge"']
    assert found[0].where == "page 1"


def test_link_text_that_is_an_id_and_nested_links_fail(tmp_path):
    body = ('<style>a::after { content: " (" target-counter(attr(href), page) ")" }</style>'
            '<p><a href="#part-two">Part two</a></p><h1 id="part-two">Part two</h1>')
    path = weasyprint_pdf(tmp_path / "links.pdf", body, pdf_variant="pdf/ua-1")
    messages = [f.message for f in errors(check_pdf(path), "link text")]
    assert 'link described by an id: "part-two"' in messages
    assert any(m.startswith("a link inside a link") for m in messages)


def test_form_fields_sharing_a_tooltip_fail(tmp_path):
    body = "".join(f'<p>Day {d} <input type="checkbox" name="d{d}" title="Done"></p>' for d in (1, 2, 3))
    path = weasyprint_pdf(tmp_path / "form.pdf", body, pdf_variant="pdf/ua-1", pdf_forms=True)
    messages = [f.message for f in errors(check_pdf(path), "form fields")]
    assert '3 fields share the tooltip "Done"' in messages
    assert any("no appearance for /Off" in m for m in messages)


def test_figure_without_alt_text_fails(tmp_path, no_weasyprint_warnings):
    svg = "data:image/svg+xml," + "%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='20'/%3E"
    path = weasyprint_pdf(tmp_path / "figure.pdf", f'<h1>Figure</h1><img src="{svg}" alt="">',
                          pdf_variant="pdf/ua-1")
    # WeasyPrint itself says so while writing this deliberately faulty file
    assert any("no required alt description" in r for r in no_weasyprint_warnings.records)
    no_weasyprint_warnings.records.clear()
    found = errors(check_pdf(path), "alt text")
    assert [(f.message, f.where) for f in found] == [("figure without alt text", "page 1")]


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    assert contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_check_command_reports_and_exits_1_on_errors(run_cli, tmp_path, products):
    bad = weasyprint_pdf(tmp_path / "plain.pdf", "<h1>Back care</h1>")
    result = run_cli("check", bad)
    assert result.exit_code == 1
    assert "no structure tree" in normalise(result.stdout) and "failed" in result.stdout
    good = run_cli("check", products["card"], "--json")
    assert good.exit_code == 0, good.output
    report = json.loads(good.stdout)
    assert report["passed"] is True and report["errors"] == 0
    assert {"check", "level", "message", "where"} == set(report["findings"][0])


def test_check_command_refuses_a_file_that_is_not_a_pdf(run_cli, tmp_path):
    (tmp_path / "notes.pdf").write_text("not a pdf")
    result = run_cli("check", tmp_path / "notes.pdf")
    assert result.exit_code == 1
    assert "cannot read this PDF" in normalise(result.stderr)
