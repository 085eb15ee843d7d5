"""PDF variants: --pdf-variant and guidepress.toml choose PDF/UA, PDF/A or PDF/X; every
variant stays tagged and identifies itself in its XMP metadata."""

from __future__ import annotations

import pikepdf
import pytest
from conftest import normalise
from tagged import heading_levels


@pytest.fixture(scope="module")
def cards(tmp_path_factory) -> dict[str, object]:
    from guidepress.content.loader import load_guide
    from guidepress.look.resources import Resources
    from guidepress.products.posters import write_card

    out, source = tmp_path_factory.mktemp("variants"), load_guide()
    files = {}
    for variant in ("pdf/ua-1", "pdf/a-3a", "pdf/a-3u", "pdf/x-4"):
        files[variant] = out / f"{variant.replace('/', '-')}.pdf"
        written = write_card(source, files[variant], resources=Resources(pdf_variant=variant))
        assert written.warnings == []
    return files


@pytest.mark.parametrize("variant, key, value", [
    ("pdf/ua-1", "pdfuaid:part", "1"),
    ("pdf/a-3a", "pdfaid:part", "3"),
    ("pdf/a-3a", "pdfaid:conformance", "A"),
    ("pdf/a-3u", "pdfaid:conformance", "U"),
    ("pdf/x-4", "pdfxid:GTS_PDFXVersion", "PDF/X-4"),
])
def test_xmp_identifies_the_variant(cards, variant, key, value):
    with pikepdf.open(cards[variant]) as pdf:
        assert pdf.open_metadata()[key] == value


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3a", "pdf/a-3u", "pdf/x-4"])
def test_every_variant_is_tagged(cards, variant):
    with pikepdf.open(cards[variant]) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "en"
        assert heading_levels(pdf)[0] == 1


def test_archival_variant_carries_an_srgb_output_intent(cards):
    with pikepdf.open(cards["pdf/a-3a"]) as pdf:
        assert str(pdf.Root.OutputIntents[0].S) == "/GTS_PDFA1"


def test_poster_with_bleed_says_how_to_get_pdf_x4(run_cli):
    result = run_cli("poster", "--bleed", "3mm", "-o", "p.pdf")
    assert result.exit_code == 0, result.output
    note = normalise(result.stderr)
    assert "--pdf-variant pdf/x-4" in note and "@color-profile device-cmyk" in note
    quiet = run_cli("poster", "--bleed", "3mm", "--pdf-variant", "pdf/x-4", "-o", "x.pdf")
    assert quiet.exit_code == 0 and "pdf/x-4" not in normalise(quiet.stderr)


def test_unknown_variant_is_a_usage_error_listing_the_choices(run_cli):
    result = run_cli("card", "--pdf-variant", "pdf/z-9")
    assert result.exit_code == 2
    message = normalise(result.stderr)
    assert "pdf/z-9" in message and "pdf/ua-1" in message and "pdf/x-4" in message


def test_variant_option_and_workspace_default(run_cli, tmp_path):
    result = run_cli("card", "--pdf-variant", "pdf/a-3u", "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "3"
    (tmp_path / "guidepress.toml").write_text('[defaults]\npdf_variant = "pdf/x-4"\n')
    assert run_cli("card", "-o", "x.pdf").exit_code == 0
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        assert pdf.open_metadata()["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    (tmp_path / "guidepress.toml").write_text('[defaults]\npdf_variant = "pdf/q"\n')
    bad = run_cli("card", "-o", "q.pdf")
    assert bad.exit_code == 1
    assert "pdf_variant" in normalise(bad.stderr) and "pdf/ua-1" in normalise(bad.stderr)
