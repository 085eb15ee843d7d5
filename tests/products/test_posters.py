"""Posters: every design at every size is one page of that size with its text;
bleed and crop marks; QR code; the over-full error; designs validated; the CLI."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import DATA, normalise
from pypdf import PdfReader

from guidepress.check import measure
from guidepress.content.loader import DEFAULT_GUIDE, load_guide
from guidepress.errors import ContentError, UsageError
from guidepress.look.paper import POSTER_SIZES, PT_PER_MM
from guidepress.look.resources import Resources
from guidepress.owned import RECORD
from guidepress.products.posters import render_poster
from guidepress.render.engine import PdfRenderer

OVERFULL = DATA / "guides" / "overfull"


@pytest.fixture(scope="module")
def source():
    return load_guide()


@pytest.fixture(scope="module")
def renderer(source):
    return PdfRenderer([source.folder, *Resources().roots])


def pdf_of(rendered) -> PdfReader:
    return PdfReader(io.BytesIO(rendered.document.write_pdf()))


def design_text(source, design_id: str) -> list[str]:
    """Phrases each design must print, taken from the guide and library."""
    guide = source.guide
    design = next(d for d in guide.posters if d.id == design_id)
    sections = [s for s in guide.all_sections() if s.id in design.sections]
    phrases = [design.title]
    for section in sections:
        if "items" in design.show:
            phrases += [item.lead for item in section.items if item.lead]
        if "exercises" in design.show:
            for ex in map(source.library.resolve, section.exercises):
                phrases += [ex.name, ex.dose.summary()]
    phrases += [guide.faq.entries[n - 1].question for n in design.faq]
    if design.safety:
        phrases += [sign for group in guide.safety.groups for sign in group.signs]
    return [normalise(p) for p in phrases]


def test_the_built_in_guide_has_the_three_designs(source):
    assert [d.id for d in source.guide.posters] == ["core-series", "before-you-run", "when-to-stop"]
    assert len(design_text(source, "core-series")) == 1 + 2 * 5


@pytest.mark.parametrize("size", list(POSTER_SIZES))
@pytest.mark.parametrize("design", ["core-series", "before-you-run", "when-to-stop"])
def test_every_design_at_every_size_is_one_page_of_that_size(source, renderer, design, size):
    reader = pdf_of(render_poster(source, design, size=size, renderer=renderer))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    expected = POSTER_SIZES[size]
    assert float(page.mediabox.width) == pytest.approx(expected.width_mm * PT_PER_MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(expected.height_mm * PT_PER_MM, abs=0.5)
    text = normalise(page.extract_text())
    missing = [p for p in design_text(source, design) if p not in text]
    assert missing == []


@pytest.mark.parametrize("design", ["core-series", "before-you-run", "when-to-stop"])
def test_landscape(source, renderer, design):
    reader = pdf_of(render_poster(source, design, size="a3", landscape=True, renderer=renderer))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1 and float(box.width) > float(box.height)
    text = normalise(reader.pages[0].extract_text())
    assert [p for p in design_text(source, design) if p not in text] == []


@pytest.mark.parametrize("theme", ["large-print", "ink-saver", "high-contrast"])
@pytest.mark.parametrize("design", ["core-series", "before-you-run", "when-to-stop"])
def test_every_design_fits_its_page_in_every_theme(source, design, theme):
    pdf = render_poster(source, design, resources=Resources(theme=theme)).document.write_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = normalise(reader.pages[0].extract_text())
    assert [p for p in design_text(source, design) if p not in text] == []
    if theme == "large-print":
        assert measure.smallest(measure.runs(pdf)) >= 18


def figure_alts(pdf) -> list[str]:
    """The alt text of every figure in the PDF's structure tree."""
    import pikepdf

    found, stack = [], []
    with pikepdf.open(pdf) as document:
        stack.append(document.Root.StructTreeRoot)
        while stack:
            element = stack.pop()
            if element.get("/S") == "/Figure" and "/Alt" in element:
                found.append(str(element.Alt))
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
    return found


def test_before_you_run_shows_a_picture_beside_every_point(source, renderer, tmp_path):
    """Not a wall of boxes: each precaution and benefit has its icon, tagged with its lead."""
    from guidepress.render.product import write_product

    pdf = tmp_path / "poster.pdf"
    write_product(render_poster(source, "before-you-run", renderer=renderer), pdf)
    sections = [s for s in source.guide.all_sections() if s.id in ("precautions", "benefits")]
    leads = [item.lead for section in sections for item in section.items]
    assert len(leads) == 8 and all(item.picture for s in sections for item in s.items)
    assert sorted(a for a in figure_alts(pdf) if a in leads) == sorted(leads)


def heading_lines(pdf: bytes) -> list[tuple[float, float, str]]:
    """(size, bottom, words) of each printed line set larger than the body text: runs of
    one size whose boxes' bottoms lie within a third of that size are one line (a word
    with a descender sits lower than one without)."""
    runs = measure.runs(pdf)
    body = max((r.size for r in runs), key=lambda size: sum(len(r.text) for r in runs if r.size == size))
    lines: list[list] = []
    for run in sorted((r for r in runs if r.size > 1.3 * body and r.text.strip()),
                      key=lambda r: (r.page, round(r.size, 1), r.box[1], r.box[0])):
        size = round(run.size, 1)
        line = next((ln for ln in lines if ln[0] == (run.page, size) and abs(ln[1] - run.box[1]) < size / 3), None)
        if line is None:
            lines.append([(run.page, size), run.box[1], [run]])
        else:
            line[2].append(run)
    return [(key[1], base, " ".join(r.text.strip() for r in sorted(found, key=lambda r: r.box[0])))
            for key, base, found in lines]


@pytest.mark.parametrize("size", ["a4", "a3"])
@pytest.mark.parametrize("design", ["core-series", "before-you-run", "when-to-stop"])
def test_headlines_never_leave_one_word_on_a_line(source, renderer, design, size):
    """A heading that runs to two lines or more has two words or more on each."""
    lines = heading_lines(render_poster(source, design, size=size, renderer=renderer).document.write_pdf())
    assert lines
    for n, (size_pt, base, text) in enumerate(lines):
        # a line of the same heading sits within 1.6 line heights above or below
        neighbours = [other for other in lines[:n] + lines[n + 1:]
                      if other[0] == size_pt and abs(other[1] - base) < 1.6 * size_pt]
        if neighbours:
            assert len(text.split()) >= 2, f"{design} {size}: {text!r} alone on its line"


def test_type_scales_with_the_paper(source, renderer):
    def title_size(size):
        sizes = []
        reader = pdf_of(render_poster(source, "when-to-stop", size=size, renderer=renderer))
        reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, font, fs: sizes.append(
            fs * abs(tm[0]) * abs(cm[0]) if "When to stop" in text else 0))
        return max(sizes)

    assert title_size("a2") == pytest.approx(2 * title_size("a4"), rel=0.02)


def test_bleed_and_marks_set_trim_and_bleed_boxes(run_cli, tmp_path):
    result = run_cli("poster", "--design", "when-to-stop", "--size", "a2", "--bleed", "3mm", "--marks",
                     "-o", "p.pdf")
    assert result.exit_code == 0, result.output
    page = PdfReader(tmp_path / "p.pdf").pages[0]
    a2, bleed = POSTER_SIZES["a2"], 3 * PT_PER_MM
    trim = [float(v) for v in page.trimbox]
    assert trim == pytest.approx([0, 0, a2.width_mm * PT_PER_MM, a2.height_mm * PT_PER_MM], abs=0.5)
    bleed_box = [float(v) for v in page.bleedbox]
    assert bleed_box == pytest.approx([-bleed, -bleed, trim[2] + bleed, trim[3] + bleed], abs=0.5)
    assert [float(v) for v in page.mediabox] == pytest.approx(bleed_box, abs=0.5)


def test_no_bleed_means_trim_box_is_the_page(source, renderer):
    page = pdf_of(render_poster(source, "when-to-stop", size="a4", renderer=renderer)).pages[0]
    assert [float(v) for v in page.trimbox] == [float(v) for v in page.mediabox]


def test_bad_bleed_and_size_are_usage_errors(source):
    with pytest.raises(UsageError, match='"3cm" is not a length; give millimetres') as bad_bleed:
        render_poster(source, size="a4", bleed="3cm")
    assert bad_bleed.value.option == "bleed"  # the CLI reports it as a usage error of --bleed
    with pytest.raises(UsageError, match='unknown poster size "b0"'):
        render_poster(source, size="b0")
    with pytest.raises(UsageError, match='no poster design "nope"; choose core-series'):
        render_poster(source, "nope")


def test_poster_carries_a_qr_code_to_the_guides_link(tmp_path, renderer):
    folder = tmp_path / "linked"
    shutil.copytree(DEFAULT_GUIDE, folder)
    text = (folder / "guide.yaml").read_text(encoding="utf-8")
    (folder / "guide.yaml").write_text(
        text.replace('version: "1.0"', 'version: "1.0"\nlink: https://example.org/guide', 1), encoding="utf-8")
    source = load_guide(folder)
    rendered = render_poster(source, "core-series", size="a4",
                             renderer=PdfRenderer([folder, *Resources().roots]))
    reader = pdf_of(rendered)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "https://example.org/guide" in text and "Scan for the whole guide" in text
    # the QR code is vector paths drawn in the title band, not an image
    assert "/Image" not in str(reader.pages[0]["/Resources"].get("/XObject", {}))


def test_overfull_design_is_refused_naming_design_and_size(run_cli, tmp_path):
    result = run_cli("poster", "--guide", OVERFULL, "-o", "p.pdf")
    assert result.exit_code == 1
    assert 'poster "everything" does not fit on one a2 page' in result.stderr
    assert not (tmp_path / "p.pdf").exists()
    with pytest.raises(ContentError, match='"everything" does not fit on one letter landscape page'):
        render_poster(load_guide(OVERFULL), size="letter", landscape=True)


@pytest.mark.parametrize("posters, message", [
    ("[{id: a, sections: [nowhere]}]", 'poster "a": no section has the id "nowhere"'),
    ("[{id: a, faq: [9]}]", 'poster "a": faq 9 does not exist'),
    ("[{id: a, sections: [swelling]}, {id: a, sections: [swelling]}]", 'poster "a" is defined twice'),
    ("[{id: a}]", 'poster "a": give sections, faq or safety'),
    ("[{id: a, sections: [swelling], size: b0}]", "size"),
])
def test_designs_are_checked_when_the_guide_loads(guide_copy, posters, message):
    path = guide_copy / "guide.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"posters: {posters}\n", encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        load_guide(guide_copy)


def test_list_names_the_designs(run_cli):
    result = run_cli("poster", "--list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["core-series", "before-you-run", "when-to-stop"]
    assert "card front" in lines[0] and "card back" in lines[2]


def test_poster_command_default_name(run_cli, tmp_path):
    result = run_cli("poster", "-d", "before-you-run", "-s", "A4")
    assert result.exit_code == 0, result.output
    assert "wrote output/back-in-action-poster-before-you-run-a4.pdf (1 page)" in result.stdout


def test_build_in_large_print_leaves_out_the_pocket_card(run_cli, tmp_path):
    result = run_cli("build", "--theme", "large-print")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "output").iterdir())
    assert "back-in-action-card.pdf" not in names
    assert "back-in-action-handout.pdf" in names and "back-in-action-poster-before-you-run-a3.pdf" in names


def test_build_writes_handout_posters_and_card(run_cli, tmp_path):
    result = run_cli("build", "--paper", "letter")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "output").iterdir())
    assert names == [RECORD, "back-in-action-card.pdf", "back-in-action-handout-plain.pdf", "back-in-action-handout.pdf",
                     "back-in-action-poster-before-you-run-tabloid.pdf",
                     "back-in-action-poster-core-series-tabloid.pdf",
                     "back-in-action-poster-when-to-stop-tabloid.pdf", "build-manifest.json"]
    card = PdfReader(tmp_path / "output" / "back-in-action-card.pdf")
    assert len(card.pages) == 2
    assert float(card.pages[0].mediabox.width) == pytest.approx(4.25 * 72, abs=0.5)
