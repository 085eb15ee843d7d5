"""What guidepress writes: never the HTML over the PDF, no crash on a damaged
file at a sheet's place, file names from plain fields only, stylesheets that
import themselves refused."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.content.loader import load_guide
from guidepress.errors import ResourceError, UsageError
from guidepress.files import fill_name
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout


def test_html_never_replaces_the_pdf(run_cli, tmp_path):
    result = run_cli("handout", "-g", FIXTURE_GUIDE, "-o", "out/x.html", "--html")
    assert result.exit_code == 1
    assert "would replace the PDF" in result.output
    assert not (tmp_path / "out" / "x.html").exists()


def test_html_beside_a_pdf_still_works(run_cli, tmp_path):
    result = run_cli("handout", "-g", FIXTURE_GUIDE, "-o", "out/x.pdf", "--html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "x.pdf").read_bytes().startswith(b"%PDF")
    assert "<html" in (tmp_path / "out" / "x.html").read_text()


def damaged_pdf() -> bytes:
    """A PDF whose metadata sits in an 'object stream' that is not a stream (pypdf
    raises AttributeError reading it)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for num, body in ((1, b"<< /Type /Catalog >>"), (2, b"<< /Type /ObjStm /N 1 /First 4 >>")):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    xref_at = len(out)
    rows = bytes([0, 0, 0, 1, offsets[1], 0, 1, offsets[2], 0, 2, 2, 0, 1, xref_at, 0])
    out += (b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 1 1] /Root 1 0 R /Info 3 0 R /Length %d >>\n"
            b"stream\n" % len(rows)) + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def test_a_damaged_pdf_at_the_target_is_refused_not_a_crash(run_cli, tmp_path):
    (tmp_path / "ana.pdf").write_bytes(damaged_pdf())
    result = run_cli("routine", "--patient", "Ana", "-e", "bridge 2x12", "-o", "ana.pdf")
    assert result.exit_code == 1
    assert "not this patient's sheet" in result.output
    assert (tmp_path / "ana.pdf").read_bytes() == damaged_pdf()


def test_a_damaged_pdf_under_the_default_name_is_kept(run_cli, tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "Ana-routine.pdf").write_bytes(damaged_pdf())
    result = run_cli("routine", "--patient", "Ana", "-e", "bridge 2x12")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "Ana-routine-2.pdf").exists()
    assert (tmp_path / "output" / "Ana-routine.pdf").read_bytes() == damaged_pdf()


FIELDS = {"id": "a1", "patient": "Ana", "clinician": "Dr Lee"}


@pytest.mark.parametrize("template", [
    "{id:>99999999999}", "{id.__class__}", "{id.__class__.__mro__}", "{id[0]}", "{id!r}",
    "{patient:{id}}", "{0}", "{}", "{nobody}", "{", "x}",
])
def test_name_templates_allow_plain_fields_only(template):
    with pytest.raises(UsageError, match="plain fields"):
        fill_name(template, FIELDS)


def test_name_templates_fill_plain_fields():
    assert fill_name("{id}-{patient} ({clinician}) {{x}}", FIELDS) == "a1-Ana (Dr Lee) {x}"


@pytest.mark.parametrize("template", ["{id:>99999999999}", "{id.__class__}"])
def test_batch_refuses_a_name_template_with_more_than_fields(run_cli, tmp_path, template):
    (tmp_path / "r.csv").write_text("id,patient,exercises\na1,Ana,bridge\n")
    result = run_cli("batch", "r.csv", "--name", template, "--workers", 1)
    assert result.exit_code == 1
    assert "plain fields" in result.output
    assert not list(tmp_path.glob("output/*.pdf"))


def test_a_stylesheet_importing_itself_is_an_error(tmp_path, no_weasyprint_warnings):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "custom.css").write_text('@import "custom.css";\nbody { color: #222; }\n')
    with pytest.raises(ResourceError, match="custom.css.*imports itself"):
        write_handout(load_guide(FIXTURE_GUIDE), tmp_path / "h.pdf", resources=Resources((), (styles,)))
    assert not (tmp_path / "h.pdf").exists()
    no_weasyprint_warnings.records.clear()  # WeasyPrint's own log line, turned into the error above
