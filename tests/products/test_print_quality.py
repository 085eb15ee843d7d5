"""Print quality measured on the rendered PDFs: pages end full, type keeps its
minimum sizes, text keeps its contrast in every theme, cards stay whole."""

from __future__ import annotations

import datetime as dt

import pytest
from printcheck import (SIX, THEMES, bottom_margin, colour_distance, marks_left_of,
                        page_texts, prescription, render, source)
from pypdf import PdfReader

from guidepress.check import measure
from guidepress.config.workspace import Clinic
from guidepress.content.prescription import prescription_from_options
from guidepress.look.resources import Resources

MM = 25.4 / 72


def bare(text: str) -> str:
    """Text without white space, to compare across line breaks (a line breaks anywhere,
    hyphens stay) and no-break spaces (which bounded text extraction drops)."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """Each (product, theme, language) rendered once for the whole session."""
    folder = tmp_path_factory.mktemp("print")
    made: dict[tuple, object] = {}

    def get(kind: str, theme: str = "default", language: str | None = None):
        key = (kind, theme, language)
        if key not in made:
            made[key] = render(kind, folder, theme, language)
        return made[key]

    return get


# Not yet here: contact sheets, where a card that cannot follow the text before it
# (even with its figure at its least) leaves that text's last lines alone on a page.
# The handout keeps its last section before the cards whole (large print included).
PRODUCTS = [("handout", "default", None), ("handout", "default", "es"),
            ("handout", "large-print", None),
            ("routine", "default", None), ("routine", "large-print", None),
            ("contact", "default", None), ("booklet", "default", None)]
NOTES = {None: "Notes", "es": "Notas"}
CONTENTS = {None: "In this guide", "es": "En esta guía"}


@pytest.mark.parametrize("kind, theme, language", PRODUCTS)
def test_no_page_holds_only_a_fragment(pdfs, kind, theme, language):
    """Units are whole and pages planned from them: no page is three-quarters
    empty (a lone tracker week, a legend, a heading), the last page included."""
    pdf = pdfs(kind, theme, language)
    for n, (band, page) in enumerate(zip(measure.empty_bands(pdf, bottom_margin(kind, theme)),
                                         PdfReader(pdf).pages)):
        content = float(page.mediabox.height) * MM - bottom_margin(kind, theme) - 20
        assert band < 0.75 * content, f"{kind} {theme} {language or 'en'}: page {n + 1} {band} mm empty"


@pytest.mark.parametrize("kind, theme, language", PRODUCTS)
def test_at_most_one_notes_area(pdfs, kind, theme, language):
    """Lines to write on are never padding: a product has one notes area at most."""
    texts = page_texts(pdfs(kind, theme, language))
    # a booklet's contents name its notes page: an entry, not a second area
    entries = sum(CONTENTS[language] in text and NOTES[language] in text for text in texts)
    assert entries <= 1
    assert sum(text.count(NOTES[language]) for text in texts) - entries <= 1, texts


@pytest.mark.parametrize("paper, theme", [("a4", "default"), ("letter", "default"),
                                          ("a4", "large-print")])
def test_each_faq_entry_is_whole_on_one_page(tmp_path, paper, theme):
    """A question and its answer are one unit: on one page, never split from each
    other or across pages; the last page holds more than one answer."""
    from guidepress.look.paper import Paper
    from guidepress.products.handout import write_handout

    target = tmp_path / "handout.pdf"
    write_handout(source(), target, paper=Paper(paper), resources=Resources(theme=theme))
    texts = [bare(t) for t in page_texts(target)]
    holding = []
    for entry in source().guide.faq.entries:
        words = entry.answer.split()
        page = next(n for n, text in enumerate(texts) if bare(entry.question) in text)
        for piece in (words[:6], words[-6:]):  # the answer's start and end, on that page
            assert bare("".join(piece)) in texts[page], (paper, theme, entry.question)
        holding.append(page)
    assert holding.count(holding[-1]) >= 2, holding


def test_a_card_alone_on_its_page_grows_its_figure_into_the_room(tmp_path):
    """--per-page 1: a card with its page to itself has a figure as large as the room
    and the card's width allow. Bridge, a wide pose held 25 mm tall with its frames side
    by side, stacks them: each at least 40 mm (80 mm in all). Triangle, whose frames fill
    the card's width side by side, stays so, at least 60 mm tall."""
    from tagged import figure_boxes

    library = source().library
    bridge, triangle = library.resolve("bridge"), library.resolve("triangle")
    rx = prescription(["triangle", "plank", "bridge", "cat-cow"])
    boxes = figure_boxes(render("routine", tmp_path, rx=rx, per_page=1))
    frames = [h for alt, _, h in boxes if alt in (bridge.alt, f"{bridge.name}: Finish")]
    assert len(frames) == 2 and min(frames) >= 40 and sum(frames) >= 80, boxes
    assert [h for alt, _, h in boxes if alt == triangle.alt][0] >= 60, boxes


def test_one_card_a_page_shows_every_figure_stacked_and_large(tmp_path):
    """--per-page 1, six exercises: every card has its page to itself, so every figure
    has its frames one above the other (one sheet, one look) and each frame is at least
    55 mm tall (Cat-Cow and Knee to Chest stayed side by side at 44-52 mm, half their
    pages empty, while stacked frames stopped at 110 mm in all)."""
    from tagged import figure_boxes

    library = source().library
    boxes = figure_boxes(render("routine", tmp_path, rx=prescription(SIX), per_page=1))
    for name in SIX:
        exercise = library.resolve(name)
        frames = [h for alt, _, h in boxes
                  if alt == exercise.alt or alt.startswith(f"{exercise.name}: ")]
        assert len(frames) == 2 and min(frames) >= 55, (name, boxes)


def test_a_handout_whose_cards_end_it_ends_full(tmp_path):
    """The plain edition has no FAQ after its cards: the last page of cards does not
    end half empty (its figures grow into the room, or lines for notes take it)."""
    from guidepress.content.loader import load_guide
    from guidepress.products.handout import write_handout

    target = tmp_path / "plain.pdf"
    write_handout(load_guide(edition="plain"), target)
    found = measure.empty_bands(target, bottom_margin("handout", "default"))
    assert found[-1] <= 50, found


@pytest.mark.parametrize("theme", ["default", "large-print"])
@pytest.mark.parametrize("per_page", [1, 2, 6])
def test_the_stop_box_is_on_the_first_or_second_page(tmp_path, theme, per_page):
    if theme == "large-print" and per_page == 6:
        pytest.skip("large print has no compact list")
    pdf = render("routine", tmp_path, theme, per_page=per_page)
    texts = page_texts(pdf)
    assert next(n for n, text in enumerate(texts) if "Stop and get help" in text) <= 1


def test_the_booklet_keeps_its_contents_and_stop_box_whole(pdfs):
    """On the booklet's small pages the contents and the Stop box each stay on one
    page (the Stop box on the first spread); neither is cut between two pages. The
    covers, the outside of the fold, carry no folio."""
    guide = source().guide
    texts = [" ".join(t.split()) for t in page_texts(pdfs("booklet"))]

    def whole(anchor, *lines):
        """The first page holding ``anchor`` holds every one of ``lines`` too."""
        page = next(n for n, text in enumerate(texts) if " ".join(anchor.split()) in text)
        assert all(" ".join(line.split()) in texts[page] for line in lines), (page, lines)
        return page

    whole("In this guide", guide.sections[0].heading, guide.faq.heading)
    signs = [sign for group in guide.safety.groups for sign in group.signs]
    assert whole(signs[0], guide.safety.heading, signs[-1]) <= 2
    assert f"of {len(texts)}" in texts[-2] and f"of {len(texts)}" not in texts[-1]  # no folio on the back
    assert f"2 of {len(texts)}" in texts[1] and f"of {len(texts)}" not in texts[0]  # nor the front


@pytest.mark.parametrize("language", [None, "es"])
def test_the_booklet_has_no_blank_page(pdfs, language):
    """A booklet's pages come in fours: the pages that would be left blank before
    the back cover take its plan, record or notes instead; every page holds text."""
    texts = page_texts(pdfs("booklet", "default", language))
    assert len(texts) % 4 == 0, len(texts)
    assert all(text.strip() for text in texts), [n + 1 for n, t in enumerate(texts) if not t.strip()]


@pytest.mark.parametrize("theme", ["default", "large-print"])
def test_the_daily_tracker_is_one_table_on_one_page_with_its_legend(pdfs, theme):
    texts = page_texts(pdfs("routine", theme))
    pages = [n for n, text in enumerate(texts) if "Week 1" in text or "Week 4" in text
             or "Pain 0-10" in text]
    assert len(set(pages)) == 1, pages


def test_six_exercises_two_to_a_page_take_four_pages(tmp_path):
    """Six cards two to a page, the Stop box, the daily tracker (days down, weeks
    across) and the notes box print on four pages: the notes box, when the header
    gives the next appointment, is left out rather than printed on a page alone."""
    from guidepress.products.routine import write_routine

    doses = ["plank 3x30s", "bird-dog 2x8 2/day", "bridge 2x12", "cat-cow 1x10 2/day",
             "side-plank 2x20s", "hamstring-stretch 2x30s"]
    rx = prescription(doses, patient="Margaret O'Sullivan-Fernández", clinician="Dr Priya Raman",
                      follow_up=dt.date(2026, 12, 29))
    target = tmp_path / "routine.pdf"
    write_routine(source(), rx, target, per_page=2)
    texts = page_texts(target)
    assert len(texts) <= 4, [t[:60] for t in texts]
    assert "Pain 0-10" in texts[-1] and "Week 4" in texts[-1]


@pytest.mark.parametrize("kind, theme, language, date", [
    ("handout", "large-print", None, "26 November 2026"),
    ("routine", "large-print", None, "26 November 2026"),
    ("contact", "large-print", "es", "26 de noviembre de 2026"),
    ("card", "default", None, "26 November 2026"),
    ("card", "default", "es", "26 de noviembre de 2026")])
def test_dates_never_wrap_inside_themselves(pdfs, kind, theme, language, date):
    """The footer's date (and the title's) is whole on one line of every page."""
    for number, page in enumerate(PdfReader(pdfs(kind, theme, language)).pages, start=1):
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        assert any(date in line for line in lines), f"page {number}: {lines[-4:]}"


@pytest.mark.parametrize("kind", ["handout", "routine"])
def test_default_type_keeps_its_minimums(pdfs, kind):
    runs = measure.runs(pdfs(kind))
    assert measure.smallest(runs) >= 9  # page furniture
    # under 10 pt only the running heads and footers, in the page margins
    small = [r for r in runs if r.size < 10 - 0.05]
    for run in small:
        assert run.box[1] < 25 / MM or run.box[3] > (297 - 22) / MM, run.text
    # running text keeps to 60-70 characters a line
    assert max(len(line) for line in measure.line_lengths(pdfs(kind), 12)) <= 72


@pytest.mark.parametrize("kind", ["handout", "routine"])
def test_large_print_sets_every_glyph_at_18pt_or_more(pdfs, kind):
    assert measure.smallest(measure.runs(pdfs(kind, "large-print"))) >= 18


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", ["handout", "routine", "poster", "card"])
def test_text_contrast_against_what_is_behind_it(pdfs, kind, theme):
    if kind == "card" and theme == "large-print":
        pytest.skip("the pocket card has no large-print form: it cannot hold 18 pt type")
    need = 7.0 if theme == "high-contrast" else 4.5
    found = measure.text_contrast(pdfs(kind, theme))
    assert found
    worst = min(found, key=lambda m: m.ratio)
    assert worst.ratio >= need, (f"{kind} {theme}: {worst.run.text!r} {worst.run.colour} on "
                                 f"{worst.background}: {worst.ratio}:1")


@pytest.mark.parametrize("theme", THEMES)
def test_safety_parts_keep_a_heavy_rule_and_a_warning_symbol(pdfs, theme):
    """Measured on the page: left of the Stop box's heading, its left rule (heavier than
    the 0.9 pt box rules; 3.5 pt in ink-saver, which has no tint) and the warning
    triangle; the triangle before each card's "Stop if" too."""
    pdf = pdfs("routine", theme)
    (rule, _), *symbol = marks_left_of(pdf, source().guide.safety.heading)[0]
    assert rule >= (1.1 if theme == "ink-saver" else 0.6), f"{theme}: the rule is {rule} mm"
    heading_em = marks_left_of(pdf, source().guide.safety.heading)[1]
    assert sum(width for width, _ in symbol) >= 0.4 * heading_em, f"{theme}: no warning symbol"
    stop, em = marks_left_of(pdf, "Stop if")
    assert sum(width for width, _ in stop) >= 0.4 * em, f"{theme}: no symbol before Stop if"


def test_the_safety_box_stays_apart_from_a_brand_colour(tmp_path):
    """A raspberry accent close to the alert red: the Stop box keeps the alert colour
    (rule, symbol, heading), and the clinic is told the colours are close."""
    accent = "#9c2f5c"
    resources = branded(colours=[("--color-accent", accent)])
    assert any("close to the alert colour" in w for w in resources.brand_warnings())
    pdf = render("routine", tmp_path, resources=resources)
    heading = source().guide.safety.heading
    marks, _ = marks_left_of(pdf, heading)
    alert, brand = (164, 22, 26), tuple(int(accent[i:i + 2], 16) for i in (1, 3, 5))
    for _, colour in marks:
        assert colour_distance(colour, alert) < 20 and colour_distance(colour, brand) > 60
    run = next(r for r in measure.runs(pdf) if heading in r.text)
    assert colour_distance(run.colour[:3], alert) < 20


def test_large_print_sheet_keeps_each_card_on_one_page(tmp_path):
    four = ["plank", "bridge", "bird-dog", "cat-cow"]
    pdf = render("routine", tmp_path, "large-print", rx=prescription(four))
    texts = page_texts(pdf)
    library = source().library
    for number, name in enumerate(four, start=1):
        ex = library.resolve(name)
        pages = [i for i, text in enumerate(texts) if f"{number} {ex.name}" in text]
        assert len(pages) == 1, f"{ex.name} is on pages {pages}"
        page = texts[pages[0]]
        for words in (ex.steps[-1], ex.stop_if[-1], ex.purpose):
            assert " ".join(words.split()[-3:]) in page, f"{ex.name}: {words!r} is not on its page"
        # one card a page
        assert sum(f"{n} {library.resolve(other).name}" in page
                   for n, other in enumerate(four, start=1)) == 1


@pytest.mark.parametrize("kind, language", [("handout", None), ("handout", "es"), ("library", "es")])
def test_large_print_cards_stay_whole_in_the_library_and_handout(pdfs, tmp_path, kind, language):
    """Every exercise of the library, the longest cards (in Spanish) included, on one
    page at 18 pt: the handout's, and every other one on a routine sheet of them all
    (the contact sheet prints compact rows)."""
    guide = source(language)
    if kind == "library":
        others = [ex.id for ex in guide.library if ex.id not in guide.guide.exercise_ids()]
        rx = prescription_from_options({"patient": "Ana", "exercises": others, "weeks": 1,
                                        "start": dt.date(2026, 12, 1)}, guide.library)
        pdf = render("routine", tmp_path, "large-print", language, rx=rx)
    else:
        pdf = pdfs(kind, "large-print", language)
    texts = page_texts(pdf)
    checked = 0
    for ex in guide.library:
        starts = [i for i, text in enumerate(texts) if " ".join(ex.purpose.split()) in text]
        if not starts:
            continue  # the handout prints only the guide's exercises
        page = texts[starts[0]]
        for words in (ex.steps[-1], ex.stop_if[-1], ex.harder or ex.easier or ex.steps[-1]):
            assert " ".join(words.split()[-3:]) in page, f"{ex.name}: {words!r} is not on its page"
        checked += 1
    assert checked >= 10


def test_fillable_tracker_has_a_tick_per_session_in_boxes_big_enough(tmp_path):
    rx = prescription(["plank 3x30s", "bird-dog 2x8 2/day"], weeks=2)
    pdf = render("routine", tmp_path, rx=rx, fillable=True)
    reader = PdfReader(pdf)
    fields = reader.get_fields()
    for week in (1, 2):
        for day in range(1, 8):
            for session in (1, 2):
                assert fields[f"week{week}-day{day}-done-{session}"]["/FT"] == "/Btn"
            assert fields[f"week{week}-day{day}-pain"]["/FT"] == "/Tx"
    assert sum(name.startswith("week") and "-done-" in name for name in fields) == 2 * 7 * 2
    sizes = {}
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            name = widget.get("/T") or widget.get("/Parent", {}).get("/T")
            left, bottom, right, top = (float(v) for v in widget["/Rect"])
            sizes[str(name)] = (abs(right - left) * MM, abs(top - bottom) * MM)
    ticks = [size for name, size in sizes.items() if "-done" in name]
    pains = [size for name, size in sizes.items() if name.endswith("-pain")]
    assert ticks and min(min(w, h) for w, h in ticks) >= 8 - 0.1
    assert pains and min(w for w, _ in pains) >= 12 - 0.1 and min(h for _, h in pains) >= 8 - 0.1


LONG = {
    "name": "St Bartholomew-the-Great Community Physiotherapy and Sports Injury Rehabilitation Centre",
    "address": "Unit 14B, The Old Cotton Exchange Buildings, 221-229 Riverside Embankment Road, "
               "Kingston upon Thames, Greater London KT1 2QJ, United Kingdom",
    "phone": "+44 (0)20 8123 4567 extension 2345 (Monday to Friday)",
    "website": "https://www.stbartholomewthegreatcommunityphysiotherapy.example.org.uk/patients/"
               "home-exercise-programmes",
    "emergency_number": "999",
}


def branded(theme: str = "default", colours=(), **clinic) -> Resources:
    return Resources(theme=theme, clinic=Clinic(**{**LONG, **clinic}), colours=tuple(colours))


def running_heads(pdf, band_mm: float) -> list[str]:
    """The text printed in each page's top band (its running heads), white space folded."""
    import pypdfium2 as pdfium

    heads = []
    for page in pdfium.PdfDocument(str(pdf)):
        width, height = page.get_size()
        heads.append(" ".join(page.get_textpage().get_text_bounded(0, height - band_mm / MM,
                                                                   width, height).split()))
    return heads


@pytest.mark.parametrize("theme, short", [("default", ""), ("large-print", ""),
                                          ("large-print", "St Bart's Physio")])
def test_the_routine_running_head_never_cuts_the_clinic_name(tmp_path, theme, short):
    """The clinic's name in the running head is whole: its short form when given,
    else the guide's title when the name is too long for two lines (never an ellipsis)."""
    pdf = render("routine", tmp_path, resources=branded(theme, short_name=short))
    head = f"Ana García {short or source().guide.title}"  # printcheck.prescription()
    assert set(running_heads(pdf, 15)) == {head}


def test_the_large_print_handout_running_heads_are_whole(tmp_path):
    """A long section title in a running head wraps to two lines, never cut short."""
    guide = source().guide
    pdf = render("handout", tmp_path, "large-print")
    titles = [s.heading for s in guide.sections] + [guide.faq.heading, "Your exercises"]
    whole = {"", bare(guide.title)} | {bare(f"{guide.title} {t}") for t in titles}
    heads = {bare(head) for head in running_heads(pdf, 17)}
    assert heads <= whole, heads - whole
    # and a head on two lines stays on the paper: no glyph within 5 mm of its top or bottom
    gaps = edge_gaps(pdf)
    assert min(top for top, _ in gaps) >= 5 and min(bottom for _, bottom in gaps) >= 5, gaps


def edge_gaps(pdf) -> list[tuple[float, float]]:
    """Each page's space, in mm, between its paper's top edge and its highest glyph, and
    between its lowest glyph and the bottom edge."""
    import pypdfium2 as pdfium

    gaps = []
    for page in pdfium.PdfDocument(str(pdf)):
        text, height = page.get_textpage(), page.get_height()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        boxes = [b for b in boxes if b[2] > b[0]]
        gaps.append(((height - max(b[3] for b in boxes)) * MM, min(b[1] for b in boxes) * MM))
    return gaps


@pytest.mark.parametrize("kind", ["routine", "handout", "poster", "card"])
def test_a_long_clinic_contact_stays_inside_the_page(tmp_path, kind):
    pdf = render(kind, tmp_path, resources=branded(), design="when-to-stop")
    edge = 5 / MM  # nothing printed within 5 mm of the paper's edge
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    for run in measure.runs(pdf):
        assert run.box[0] >= edge and run.box[2] <= width - edge, (kind, run.text)
    text = " ".join(page_texts(pdf))
    assert "KT1 2QJ" in text or kind in ("poster", "card")  # the address is on sheets and handouts
    assert "2345" in text.replace(" ", "")  # the phone, whole


@pytest.mark.parametrize("kind", ["routine", "poster", "card"])
def test_emergency_number_and_clinic_phone_in_the_safety_parts(tmp_path, kind):
    pdf = render(kind, tmp_path, resources=branded(), design="when-to-stop")
    text = " ".join(page_texts(pdf))
    assert "In an emergency, call 999." in text
    assert "+44 (0)20 8123 4567" in text


def test_the_placeholder_clinic_name_is_never_printed(tmp_path):
    resources = branded(name="Your Clinic Name")
    pdf = render("routine", tmp_path, resources=resources)
    assert "Your Clinic Name" not in " ".join(page_texts(pdf))
    assert any("placeholder" in w for w in resources.brand_warnings())


@pytest.mark.parametrize("theme, need", [("default", 4.5), ("high-contrast", 7.0)])
def test_a_pale_brand_colour_is_darkened_until_it_reads(tmp_path, theme, need):
    resources = branded(theme, colours=[("--color-accent", "#f2c14e")])
    assert any("colors.accent: #f2c14e" in w and "darkened" in w for w in resources.brand_warnings())
    pdf = render("routine", tmp_path, theme, resources=resources)
    assert min(m.ratio for m in measure.text_contrast(pdf)) >= need


@pytest.mark.parametrize("colour", ["#f2c811", "#1f5f8b"])
def test_the_pocket_cards_safety_title_reads_on_its_red_band_whatever_the_brand(tmp_path, colour):
    """The card's back is the safety side: its band is the alert red, and its title
    keeps the alert's own text colour, not a pale brand's dark band text."""
    resources = branded(colours=[("--color-accent", colour)])
    pdf = render("card", tmp_path, resources=resources)
    assert min(m.ratio for m in measure.text_contrast(pdf)) >= 4.5


def test_no_content_team_credit_on_branded_output(tmp_path):
    pdf = render("handout", tmp_path, resources=branded())
    text = " ".join(page_texts(pdf))
    assert "content team" not in text and LONG["name"][:20] in text
