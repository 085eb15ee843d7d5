"""CSS variables that are constant for a render's stylesheets are resolved once; the
pages come out the same, and variables set anywhere else are left to WeasyPrint."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from conftest import FIXTURE_GUIDE

import guidepress.render.cssvars as cssvars
from guidepress.content.loader import load_guide
from guidepress.look.resources import Resources
from guidepress.products.handout import render_handout
from guidepress.render.cssvars import resolve_variables
from guidepress.render.engine import PdfRenderer, pdf_bytes

TOKENS = ":root { --accent: #123456; --gap: 2mm; --wide: calc(var(--gap) * 2); }\n"


def test_root_variables_are_substituted_and_their_declarations_kept():
    tokens, rules = resolve_variables([TOKENS, "h1 { color: var(--accent); margin: var(--wide) }"])
    assert tokens == TOKENS
    assert rules == "h1 { color: #123456; margin: calc(2mm * 2) }"


def test_the_last_root_value_wins_across_stylesheets():
    *_, rules = resolve_variables([TOKENS, ":root { --accent: red; }", "p { color: var(--accent) }"])
    assert rules == "p { color: red }"


@pytest.mark.parametrize("elsewhere", [
    ".card { --gap: 3mm; }",                       # set on a class: differs per element
    "@media print { :root { --gap: 3mm; } }",      # inside an at-rule
    ":root { --gap: 3mm !important; }",            # important
])
def test_variables_set_anywhere_but_root_are_left_alone(elsewhere):
    *_, rules = resolve_variables([TOKENS, elsewhere, "p { padding: var(--gap); color: var(--accent) }"])
    assert rules == "p { padding: var(--gap); color: #123456 }"


def test_variables_the_document_sets_and_unknown_ones_are_left_alone():
    *_, rules = resolve_variables([TOKENS, "p { color: var(--accent); x: var(--nowhere, 1px) }"],
                                  keep=frozenset({"--accent"}))
    assert rules == "p { color: var(--accent); x: var(--nowhere, 1px) }"


def pages(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=1).to_pil().tobytes() for i in range(len(document))]


def test_pages_are_the_same_with_and_without_resolving(monkeypatch):
    source, resources = load_guide(FIXTURE_GUIDE), Resources(theme="high-contrast")
    resolved = pdf_bytes(render_handout(source, resources=resources,
                                        renderer=PdfRenderer([source.folder, *resources.roots])))
    monkeypatch.setattr(cssvars, "resolve_variables", lambda texts, keep=frozenset(), paths=None: list(texts))
    as_written = pdf_bytes(render_handout(source, resources=resources,
                                          renderer=PdfRenderer([source.folder, *resources.roots])))
    assert pages(resolved) == pages(as_written)


def test_a_clinic_colour_set_by_the_document_still_prints():
    source = load_guide(FIXTURE_GUIDE)
    resources = Resources(colours=(("--color-accent", "#c01060"),))
    pdf = pdf_bytes(render_handout(source, resources=resources))
    image = pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    colours = {colour for _, colour in image.getcolors(1 << 20)}
    assert (0xc0, 0x10, 0x60) in colours  # the title, in the clinic's accent colour
