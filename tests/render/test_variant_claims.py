"""The archival and print variants are what they claim: PDF/A-2a and 3a (and the
other tagged PDF 1.x variants) also meet and claim PDF/UA-1, and PDF/X-4 carries
the CMYK output intent it requires and draws without error in Ghostscript."""

from __future__ import annotations

import shutil
import subprocess
from xml.etree import ElementTree

import pikepdf
import pytest
from conftest import DATA
from pdfua import validate

from guidepress.look import variants
from guidepress.look.resources import Resources

VARIANTS = ("pdf/a-2a", "pdf/a-3a", "pdf/a-3u", "pdf/x-4")
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
# pdfua 0.1.3's "headings are not empty" rule stops with a ValueError on every heading
# whose /K is an array (it asks a pikepdf Array for an attribute, which pikepdf answers
# with ValueError, not AttributeError), so it reports itself skipped. Our own tests of
# the tags check that headings hold text (tests/render/test_tagging.py).
KNOWN_SKIPS = {"UA-14-001"}
needs_cmyk = pytest.mark.skipif(variants.system_cmyk_profile() is None, reason=(
    "no system CMYK profile (Debian: apt-get install libgs-common) for pdf/x-4"))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[tuple[str, str], object]:
    """The handout and a routine sheet in each variant: (product, variant) -> file."""
    if variants.system_cmyk_profile() is None:
        pytest.skip("no system CMYK profile (Debian: apt-get install libgs-common) for pdf/x-4")
    from guidepress.content.loader import load_guide
    from guidepress.content.prescription import load_prescription
    from guidepress.products.handout import write_handout
    from guidepress.products.routine import write_routine

    out, source = tmp_path_factory.mktemp("claims"), load_guide()
    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", source.library)
    found = {}
    for variant in VARIANTS:
        resources = Resources(pdf_variant=variant)
        for product, write in (("handout", lambda t: write_handout(source, t, resources=resources)),
                               ("lines", lambda t: write_lines(source, t, resources)),
                               ("routine", lambda t: write_routine(source, rx, t,
                                                                  resources=resources))):
            found[product, variant] = out / f"{product}-{variant.replace('/', '-')}.pdf"
            assert write(found[product, variant]).warnings == []
    return found


def write_lines(source, target, resources):
    """A page with lines to write on, drawn as the cards' stylesheet draws them (a
    gradient): which pages of the products have such lines depends on their layout."""
    from guidepress.render.engine import PdfRenderer, pdf_bytes

    renderer = PdfRenderer([source.folder, *resources.roots])
    lines = ("height: 60mm; background: linear-gradient(to bottom, transparent 8.4mm, #767676 "
             "8.4mm, #767676 8.7mm) repeat-y; background-size: 100% 8.7mm")
    html = ('<html lang="en"><head><title>Notes</title></head><body><main>'
            f'<div style="{lines}"><p>Notes</p></div></main></body></html>')
    rendered = renderer.render(html, base_dir=source.folder, stylesheets=[],
                               **variants.variant_options(resources.pdf_variant))
    pdf_bytes(rendered, target)
    return rendered


PRODUCTS = [(p, v) for p in ("handout", "routine") for v in VARIANTS]


@pytest.mark.parametrize("product, variant", PRODUCTS)
def test_pdfua_finds_nothing(files, product, variant):
    report = validate(str(files[product, variant]))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert {outcome.rule_id for outcome in report.skipped} <= KNOWN_SKIPS


@pytest.mark.parametrize("product, variant", PRODUCTS)
def test_xmp_claims_the_variant_and_pdfua(files, product, variant):
    with pikepdf.open(files[product, variant]) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        if variant.startswith("pdf/a"):
            assert meta["pdfaid:part"] == variant[6]
            assert meta["pdfaid:conformance"] == variant[7].upper()
        else:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"


@pytest.mark.parametrize("variant", ["pdf/a-2a", "pdf/a-3u"])
def test_pdfa_declares_the_pdfua_schema_it_uses(files, variant):
    """PDF/A accepts an XMP property outside its own schemas only when an extension
    schema declares it."""
    with pikepdf.open(files["handout", variant]) as pdf:
        xmp = ElementTree.fromstring(pdf.Root.Metadata.read_bytes())
    schema = "{http://www.aiim.org/pdfa/ns/schema#}"
    declared = {(s.findtext(f"{schema}namespaceURI"), s.findtext(f"{schema}prefix"))
                for s in xmp.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")
                if s.find(f"{schema}namespaceURI") is not None}
    assert (PDFUAID, "pdfuaid") in declared
    names = [e.text for e in xmp.iter("{http://www.aiim.org/pdfa/ns/property#}name")]
    assert names == ["part"]


@pytest.mark.parametrize("product", ["handout", "routine"])
def test_pdfx4_has_a_cmyk_output_intent(files, product):
    with pikepdf.open(files[product, "pdf/x-4"]) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) and str(intent.Info)
        profile = intent.DestOutputProfile
        assert profile.read_bytes()[16:20] == b"CMYK" and int(profile.N) == 4


def _components(space) -> int:
    if isinstance(space, pikepdf.Name):
        return {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}[str(space)]
    assert str(space[0]) == "/ICCBased"
    return int(space[1].N)


def _outputs(function) -> int:
    if "/C0" in function:
        return len(function.C0)
    return _outputs(function.Functions[0])


@pytest.mark.parametrize("product, variant", PRODUCTS + [("lines", v) for v in VARIANTS])
def test_every_gradient_matches_its_colour_space(files, product, variant):
    """A shading's colour function returns as many values as its colour space has
    components (WeasyPrint builds RGB gradients but names the CMYK default space)."""
    with pikepdf.open(files[product, variant]) as pdf:
        shadings = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                    and "/ShadingType" in o]
        if product == "lines":
            assert shadings, "the lines to write on are a gradient: expected one"
        for shading in shadings:
            assert _outputs(shading.Function) == _components(shading.ColorSpace)


def ghostscript_errors(path) -> list[str]:
    """What Ghostscript reports as errors or repairs while drawing every page of ``path``."""
    done = subprocess.run(["gs", "-dPDFSTOPONERROR", "-dNOPAUSE", "-dBATCH",
                           "-sDEVICE=nullpage", str(path)], capture_output=True, text=True)
    # Ghostscript 10 repairs what it can and still exits 0, and -dQUIET would hide
    # its summary of what it repaired: read the summary
    said = (done.stdout + done.stderr).splitlines()
    problems = [line.strip() for line in said if "error" in line.lower() or "****" in line]
    return problems + ([f"exit code {done.returncode}"] if done.returncode else [])


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not installed")
@pytest.mark.parametrize("product, variant", PRODUCTS)
def test_ghostscript_draws_every_page_without_error(files, product, variant):
    assert ghostscript_errors(files[product, variant]) == []


@needs_cmyk
def test_pdfx_adds_sRGB_as_the_default_rgb_space(files):
    """Colours set as RGB in a CMYK print file are characterised, as PDF/X asks."""
    with pikepdf.open(files["handout", "pdf/x-4"]) as pdf:
        space = pdf.pages[0].Resources.ColorSpace.DefaultRGB
        assert str(space[0]) == "/ICCBased" and space[1].read_bytes()[16:20] == b"RGB "


@pytest.fixture(scope="module")
def cards(tmp_path_factory) -> dict[str, object]:
    """The pocket card in every variant: variant -> file."""
    if variants.system_cmyk_profile() is None:
        pytest.skip("no system CMYK profile (Debian: apt-get install libgs-common) for pdf/x")
    from guidepress.content.loader import load_guide
    from guidepress.products.posters import write_card

    out, source = tmp_path_factory.mktemp("cards"), load_guide()
    found = {}
    for variant in variants.VARIANTS:
        found[variant] = out / f"{variant.replace('/', '-')}.pdf"
        assert write_card(source, found[variant], resources=Resources(pdf_variant=variant)) \
            .warnings == []
    return found


@pytest.mark.parametrize("variant", variants.VARIANTS)
def test_every_variant_claims_pdfua_1_where_it_applies(cards, variant):
    """PDF/UA-1 is defined on PDF 1.7: PDF 2.0 variants (PDF/UA-2, PDF/A-4) do not claim it."""
    with pikepdf.open(cards[variant]) as pdf:
        claimed = pdf.open_metadata().get("pdfuaid:part")
        assert claimed == ("2" if variant == "pdf/ua-2" else None if variant.startswith("pdf/a-4")
                           else "1")
        if claimed == "1":
            assert str(pdf.pdf_version) < "2.0"
    if claimed == "1":
        report = validate(str(cards[variant]))
        assert [(f.rule_id, f.message) for f in report.findings] == []
        assert {outcome.rule_id for outcome in report.skipped} <= KNOWN_SKIPS


@pytest.mark.parametrize("variant, version", [("pdf/x-4", "1.6"), ("pdf/a-3a", "1.7")])
def test_a_merged_print_file_keeps_the_sheets_claims(files, tmp_path, variant, version):
    from guidepress.pdf.merge import merge_sheets

    sheet = files["routine", variant]
    merge_sheets([("Ana (a1)", "a1", sheet), ("Ana again (a2)", "a2", sheet)], tmp_path / "m.pdf")
    with pikepdf.open(tmp_path / "m.pdf") as pdf, pikepdf.open(sheet) as one:
        assert pdf.pdf_version == version == one.pdf_version
        assert pdf.Root.OutputIntents[0].S == one.Root.OutputIntents[0].S
        assert pdf.docinfo.get("/Trapped") == one.docinfo.get("/Trapped")
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
    assert [f.rule_id for f in validate(str(tmp_path / "m.pdf")).findings] == []
