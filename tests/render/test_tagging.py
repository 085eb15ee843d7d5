"""Every product is a tagged PDF/UA-1 file: its structure tree read with pikepdf."""

from __future__ import annotations

import datetime as dt

import pikepdf
import pytest
from conftest import DATA
from tagged import heading_levels, items, marked_content, reachable_mcids, tree

from guidepress.content.loader import load_guide
from guidepress.content.prescription import load_prescription

ALL = ["handout", "booklet", "routine", "fillable", "poster", "card", "card-sheet",
       "contact-sheet", "merged"]


@pytest.fixture(scope="module")
def source():
    return load_guide()


@pytest.mark.parametrize("name", ALL)
def test_tagged_with_language_title_and_pdf_ua_identification(products, name):
    with pikepdf.open(products[name]) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] and str(pdf.docinfo.Title) == meta["dc:title"]


@pytest.mark.parametrize("name", ALL)
def test_headings_start_at_h1_and_never_skip_a_level(products, name):
    with pikepdf.open(products[name]) as pdf:
        levels = heading_levels(pdf)
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


@pytest.mark.parametrize("name", ALL)
def test_every_figure_has_alt_text(products, name, source):
    """Each figure says what it shows; a card alone on its page, its frames stacked,
    says it in its first frame and names the others ("Plank: Finish")."""
    alts = {ex.alt for ex in source.library}
    names = {ex.name for ex in source.library}
    with pikepdf.open(products[name]) as pdf:
        figures = [e for e in tree(pdf) if e.S == "/Figure"]
    assert figures
    for figure in figures:
        alt = str(figure.Alt)
        exercise, _, frame = alt.partition(": ")
        assert alt in alts or alt.startswith("QR code for ") or (exercise in names and frame), alt


@pytest.mark.parametrize("name", ALL)
def test_all_text_is_tagged_or_an_artifact(products, name):
    """Every marked-content id drawn is reached from the tree, and every id the
    tree names is drawn; text outside marked content does not exist."""
    drawn, artifacts = set(), 0
    with pikepdf.open(products[name]) as pdf:
        for page in pdf.pages:
            owners = [page.obj] + [x for x in page.obj.Resources.get("/XObject", {}).values()
                                   if "/StructParents" in x]
            for owner in owners:
                mcids, loose, artifact_count = marked_content(owner)
                assert loose == 0
                drawn |= {(owner.objgen, m) for m in mcids}
                artifacts += artifact_count
        assert drawn == reachable_mcids(pdf)
    assert artifacts > 0  # running headers and footers, borders, cut marks


def test_handout_heading_sequence_follows_the_guide(products, source):
    guide = source.guide
    expected = [1, 2]  # the title, then "Stop and get help" right after the introduction

    def section(s, level):
        expected.append(level)
        for child in s.sections:
            section(child, level + 1)

    for s in guide.sections:
        section(s, 2)
    expected.append(2)  # "Your exercises": the cards, under the sub-section that names them
    for group in (s for s in guide.all_sections() if s.exercises):
        expected.extend([3] + [4] * len(group.exercises))
    expected += [2] + [3] * len(guide.faq.entries)
    with pikepdf.open(products["handout"]) as pdf:
        assert heading_levels(pdf) == expected


def test_an_exercise_card_reads_title_dose_figure_then_steps(products):
    with pikepdf.open(products["routine"]) as pdf:
        card = next(e for e in tree(pdf) if e.S == "/Art")
        order = [str(e.S) for e in _descendants(card) if str(e.S) in ("/H2", "/P", "/Figure", "/L")]
    runs = [tag for i, tag in enumerate(order) if i == 0 or order[i - 1] != tag]
    # the drawing and its QR code, then what it is for, then the steps
    assert runs[:5] == ["/H2", "/P", "/Figure", "/P", "/L"]


def _descendants(element):
    for kid in items(element.get("/K")):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _descendants(kid)


def test_sheet_header_facts_are_items_with_a_label_and_a_body(products):
    """The header's patient, clinician, date, programme and follow-up (a description
    list grouped in divs) read as five items, each its label then its value."""
    with pikepdf.open(products["routine"]) as pdf:
        facts = next(e for e in tree(pdf) if e.S == "/L")
        kids = [k for k in items(facts.K) if isinstance(k, pikepdf.Dictionary)]
        assert [str(k.S) for k in kids] == ["/LI"] * 5
        assert all([str(part.S) for part in items(k.K)] == ["/Lbl", "/LBody"] for k in kids)


def test_tracker_header_cells_have_scope(products):
    with pikepdf.open(products["routine"]) as pdf:
        elements = tree(pdf)
        heads = [e for e in elements if e.S == "/THead"]
        column = {c.objgen for h in heads for c in _descendants(h) if c.S == "/TH"}
        cells = [e for e in elements if e.S == "/TH"]
        scopes = {e.objgen: str(e.A.Scope) for e in cells}
    # four weeks: days down, weeks across (a "Day" head and four week heads), one table
    # on one page, so the heads are not repeated; seven day rows
    assert len(heads) == 1 and len(column) == 5 and len(cells) == len(column) + 7
    assert all(scopes[c] == "/Column" for c in column)
    assert sorted(scopes[e.objgen] for e in cells if e.objgen not in column) == ["/Row"] * 7


def test_contents_links_say_where_they_go_and_are_not_nested(products, source):
    headings = [s.heading for s in source.guide.sections] + [source.guide.safety.heading,
                                                             source.guide.faq.heading,
                                                             "Your exercises"]  # the cards' pages
    with pikepdf.open(products["handout"]) as pdf:
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
        elements = [e for e in tree(pdf) if e.S == "/Link"]
        nested = [e for e in elements if any(k.S == "/Link" for k in _descendants(e))]
        objrs = [k for e in elements for k in items(e.K) if isinstance(k, pikepdf.Dictionary)
                 and k.get("/Type") == "/OBJR"]
    internal = [a for a in links if "/Dest" in a]
    # the contents entries, and each section's references to its exercise cards
    cards = {source.library.resolve(n).name for s in source.guide.all_sections() for n in s.exercises}
    assert {str(a.Contents) for a in internal} == set(headings) | cards
    assert not nested
    assert len(elements) >= len(headings)  # one link element per entry (plus links in the text)
    assert len(objrs) == len(links)  # each annotation belongs to exactly one link element


def test_fillable_tracker_fields_have_unique_spoken_names_and_appearances(products, source):
    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", source.library)
    with pikepdf.open(products["fillable"]) as pdf:
        fields = list(pdf.Root.AcroForm.Fields)
        names = [str(f.TU) for f in fields]
        tabs = {str(p.obj.get("/Tabs")) for p in pdf.pages if "/Annots" in p.obj}
        boxes = [f for f in fields if f.FT == "/Btn"]
        texts = [f for f in fields if f.FT == "/Tx"]
        assert all({"/on", "/Off"} <= set(f.AP.N.keys()) for f in boxes)
        assert all(isinstance(f.AP.N, pikepdf.Stream) for f in texts)
    # 28 days: a tick for each of the two sessions of the 2/day exercise and a pain box;
    # the notes box where the sheet has room for it (it never takes a page of its own)
    notes = [f for f in fields if str(f.T) == "notes"]
    assert len(fields) == 28 * 3 + len(notes) and len(set(names)) == len(fields)
    tuesday = rx.start + dt.timedelta(days=(1 - rx.start.weekday()) % 7 + 7)  # in week 2
    day = f"Week 2, Tuesday {tuesday.day} {tuesday:%b}"
    assert f"{day}: done (1)" in names and f"{day}: done (2)" in names
    assert f"{day}: pain 0 to 10" in names
    assert tabs == {"/S"}


def test_merged_file_keeps_each_sheets_tags_as_a_part(products):
    with pikepdf.open(products["merged"]) as pdf, pikepdf.open(products["routine"]) as one:
        parts = [e for e in items(pdf.Root.StructTreeRoot.K[0].K)]
        page_keys = [int(p.StructParents) for p in pdf.pages]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        ids = [str(e.ID) for e in tree(pdf) if "/ID" in e]
        assert [str(p.S) for p in parts] == ["/Part", "/Part"]
        assert [str(p.T) for p in parts] == ["Ana (a1)", "Ana again (a2)"]
        assert heading_levels(pdf) == 2 * heading_levels(one)
        assert len(set(page_keys)) == len(pdf.pages) and set(page_keys) <= set(nums[::2])
        assert ids and len(set(ids)) == len(ids)
        assert sorted(str(k) for k in pdf.Root.StructTreeRoot.IDTree.Names[::2]) == sorted(ids)


@pytest.mark.parametrize("name, original", [("booklet", "handout"), ("card-sheet", "card")])
def test_imposed_sheets_keep_the_documents_reading_order(products, name, original):
    """The sheets' tree reads the document in its own order, not the sheets' order."""
    with pikepdf.open(products[name]) as pdf, pikepdf.open(products[original]) as plain:
        # the booklet ends with its own pages (plan, record, notes where it would have
        # blank ones) and its back cover, the clinic's details: each a level-2 heading
        own = heading_levels(pdf)[len(heading_levels(plain)):]
        assert heading_levels(pdf)[:len(heading_levels(plain))] == heading_levels(plain)
        assert own == ([2] * len(own) if name == "booklet" else []) and len(own) <= 4
        assert own or name == "card-sheet"
        if name == "card-sheet":  # the same pages (the booklet's are A5: split elsewhere)
            assert [str(e.S) for e in tree(pdf)] == [str(e.S) for e in tree(plain) if e.S != "/Link"]
        references = [k for e in tree(pdf) for k in items(e.get("/K"))
                      if isinstance(k, pikepdf.Dictionary) and "/MCID" in k]
        assert references and all("/Stm" in k for k in references)
