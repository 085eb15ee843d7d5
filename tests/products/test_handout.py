"""The built-in handout: every sentence of the article, structure, metadata, fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_GUIDE, body_text, normalise, outline_titles, pdf_text
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.look.paper import Paper
from guidepress.products.handout import write_handout

LEFTOVERS = ["Running, muscles, pain.", "Running, Lower Back, Exercise.",
             "Running muscles precautions", "Keep Reading"]


def article_sentences() -> list[str]:
    """Every sentence of the seed article's body (headings included)."""
    sentences = []
    for line in (DATA / "back-in-action.txt").read_text(encoding="utf-8").splitlines():
        line = normalise(line.replace("\u2022", ""))
        if not line or line in LEFTOVERS:
            continue
        if line == "Back in Action: Running and Lower Back Pain":
            sentences += ["Back in Action", "Running and Lower Back Pain"]  # title and subtitle
            continue
        sentences += [s for s in re.split(r"(?<=[.?!])\s+", line) if s]
    return sentences


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("handout") / "handout.pdf"
    written = write_handout(load_guide(), target)
    assert written.warnings == []
    return target


def test_every_sentence_of_the_article_is_printed(handout):
    text = body_text(handout)
    sentences = article_sentences()
    assert len(sentences) > 80
    missing = [s for s in sentences if s not in text]
    assert missing == []


def test_web_page_leftovers_are_not_printed(handout):
    text = pdf_text(handout)
    for leftover in LEFTOVERS:
        assert leftover not in text


def test_outline_has_every_top_level_section(handout):
    guide = load_guide().guide
    titles = outline_titles(PdfReader(handout))
    top = [t for t in titles if isinstance(t, str)]
    # the safety box comes first, right after the introduction; the cards come together
    # under "Your exercises", after the guide's own sections
    assert top == ([guide.safety.heading] + [s.heading for s in guide.sections]
                   + ["Your exercises", guide.faq.heading])
    # sub-sections nest below their section
    exercises = titles[titles.index("Exercises to Improve Lower Back Pain") + 1]
    assert exercises == ["Yoga", "Core Exercises", "Swimming"]
    # the cards sit under the heading of the sub-section that names them
    cards = titles[titles.index("Your exercises") + 1]
    groups = [s for s in guide.all_sections() if s.exercises]
    assert [t for t in cards if isinstance(t, str)] == [s.heading for s in groups]
    library = load_guide().library
    for group in groups:
        names = [library.resolve(n).name for n in group.exercises]
        assert cards[cards.index(group.heading) + 1] == names


def test_metadata(handout):
    reader = PdfReader(handout)
    meta = reader.metadata
    assert meta.title == "Back in Action: Running and Lower Back Pain"
    assert meta.author == "Back in Action authors"
    assert "lower back pain" in meta.subject
    assert "running" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_page_furniture(handout):
    reader = PdfReader(handout)
    n = len(reader.pages)
    assert n >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = normalise(page.extract_text())
        assert f"Page {number} of {n}" in text
        assert "Version 1.0" in text
        if number > 1:
            assert "Back in Action" in text  # running header


def test_shipped_font_is_embedded(handout):
    fonts = set()
    for page in PdfReader(handout).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    # "Guide Sans" exists only through the package's @font-face rules (Noto Sans files);
    # no system font was needed as a fallback
    assert fonts == {"Guide-Sans", "Guide-Sans-Bold"}


@pytest.mark.parametrize("paper", list(Paper))
def test_page_size(paper, tmp_path):
    target = tmp_path / "h.pdf"
    write_handout(load_guide(FIXTURE_GUIDE), target, paper=paper)
    for page in PdfReader(target).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(paper.sheet.points, abs=0.5)


def test_second_guide_on_another_topic(tmp_path):
    target = tmp_path / "hand.pdf"
    written = write_handout(load_guide(FIXTURE_GUIDE), target)
    text = pdf_text(target)
    assert written.pages >= 1
    assert "Caring for Your Hands After Wrist Surgery" in text
    assert "Keep your hand above the level of your heart" in text
    assert "Back in Action" not in text
    assert PdfReader(target).trailer["/Root"]["/Lang"] == "en-GB"
    # the guide's own picture is drawn as vector art
    assert any("/XObject" in p["/Resources"] for p in PdfReader(target).pages)


def test_safety_box_comes_from_the_guide(handout):
    text = pdf_text(handout)
    safety = load_guide().guide.safety
    assert safety.heading in text
    for group in safety.groups:
        assert group.heading in text
        assert all(sign in text for sign in group.signs)
