"""Clinic details as a clinic writes them: an address of several lines, web addresses
that break only at slashes or dots."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from guidepress.look.filters import web_address

WEBSITE = "https://www.riverside-physio-and-sports-injury-clinic.example.org/home-exercises"


@pytest.fixture
def branded(tmp_path):
    (tmp_path / "guidepress.toml").write_text(
        '[clinic]\nname = "Riverside Physiotherapy"\n'
        'address = ["Unit 4, The Old Mill Business Park", "12 River Road, Springfield SP1 2AB"]\n'
        f'phone = "+44 1632 960 123"\nwebsite = "{WEBSITE}"\n')
    return tmp_path


def lines_of(path) -> list[str]:
    return [line.strip() for page in PdfReader(path).pages[:1]
            for line in page.extract_text(extraction_mode="layout").splitlines() if line.strip()]


@pytest.mark.parametrize("command", ["handout", "routine"])
def test_a_two_line_address_keeps_its_lines_and_the_url_breaks_only_at_slashes_or_dots(
        run_cli, branded, command):
    """On the handout an address of two lines prints as two; across the top of a
    routine sheet they run on after a comma, each line whole."""
    extra = ["--patient", "Ann", "-e", "bridge"] if command == "routine" else []
    assert run_cli(command, *extra, "-o", "ann.pdf").exit_code == 0
    lines = lines_of(branded / "ann.pdf")
    first = next(i for i, line in enumerate(lines) if "Unit 4, The Old Mill Business Park" in line)
    if command == "handout":
        assert lines[first].endswith("Unit 4, The Old Mill Business Park")
        assert lines[first + 1].startswith("12 River Road, Springfield SP1 2AB")
    else:
        assert "Unit 4, The Old Mill Business Park, 12 River Road" in " ".join(lines[first:first + 2])
        assert any("12 River Road, Springfield SP1 2AB" in line for line in lines[first:first + 2])
    url_lines = [line.split()[-1] for line in lines if any(
        piece in line for piece in ("https://", "physio", "example", "home-exercises"))]
    assert "".join(url_lines).endswith(WEBSITE.removeprefix("https://"))
    for piece in url_lines[:-1]:
        assert piece.endswith((".", "/")), url_lines  # never at a hyphen, never mid-word
    assert "+44 1632 960 123" in " ".join(lines)  # the phone number stays on one line


def test_an_address_with_line_breaks_and_one_as_a_list_are_the_same(run_cli, tmp_path):
    from guidepress.config.workspace import Clinic

    listed = Clinic(address=["12 River Road", " Springfield ", ""])
    written = Clinic(address="12 River Road\nSpringfield\n")
    assert listed.address == written.address == "12 River Road\nSpringfield"


def test_a_bad_address_says_how_to_write_it(run_cli, tmp_path):
    (tmp_path / "guidepress.toml").write_text('[clinic]\naddress = [1, 2]\n')
    result = run_cli("routine", "--patient", "Ann", "-e", "bridge", "-o", "ann.pdf")
    assert result.exit_code == 1 and "clinic.address" in result.output
    assert 'address = ["12 River Road", "Springfield SP1 2AB"]' in " ".join(result.output.split())


@pytest.mark.parametrize("address, pieces", [
    # "www." keeps the name after it when that is short; a long one may start a line
    ("https://www.example-clinic.org/a-b", ["https://www.example-clinic.", "org/", "a-b"]),
    ("https://www.stbartholomew-community-physio.org", ["https://www.", "stbartholomew-community-physio.", "org"]),
    ("info@example-clinic.org", ["info@", "example-clinic.", "org"]),
    ("example.org", ["example.", "org"]),
])
def test_a_web_address_breaks_only_after_a_slash_dot_or_at(address, pieces):
    html = str(web_address(address))
    assert html.split("<wbr>") == [f'<span class="phrase">{p}</span>' for p in pieces]


def test_the_disclaimer_follows_the_document_language(run_cli, tmp_path):
    (tmp_path / "guidepress.toml").write_text(
        '[clinic]\nname = "Riverside"\n[clinic.disclaimer]\n'
        'en = "This sheet supports your clinician\'s advice."\n'
        'es = "Esta hoja acompaña el consejo de su profesional."\n')
    for lang, own, other in (("en", "This sheet supports", "Esta hoja"), ("es", "Esta hoja", "This sheet")):
        done = run_cli("routine", "--patient", "Ann", "-e", "bridge", "--lang", lang, "-o", f"{lang}.pdf")
        assert done.exit_code == 0, done.output
        text = " ".join(pdf_text_of(tmp_path / f"{lang}.pdf").split())
        assert own in text and other not in text


def pdf_text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages).replace("\xa0", " ")


def test_a_poster_footer_breaks_the_web_address_only_at_slashes_or_dots(run_cli, branded):
    assert run_cli("poster", "--design", "when-to-stop", "-o", "p.pdf").exit_code == 0
    lines = lines_of(branded / "p.pdf")
    pieces = [line.split()[-1] for line in lines if "physio-and" in line or "injury-clinic" in line]
    assert pieces and all(not piece.endswith("-") for piece in pieces), pieces


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
        '<rect width="60" height="60" rx="8" fill="#1d5b86"/>'
        '<text x="70" y="30" font-family="sans-serif" font-size="20">Riverside</text>'
        '<text x="70" y="50" font-family="sans-serif" font-size="9">PHYSIO &amp; SPORTS</text></svg>')


@pytest.mark.parametrize("product", [("routine", "--patient", "Ann", "-e", "bridge"), ("handout",),
                                     ("card", "--sheet"), ("poster",)],  # the sheet: four logos
                         ids=["routine", "handout", "card sheet", "poster"])
def test_a_logo_with_small_text_is_reported_as_the_logos_text(run_cli, branded, product):
    """The logo's tiny words are named as the logo's, with the advice; the body-size
    figures are of the document's own text."""
    (branded / "logo.svg").write_text(LOGO)
    with (branded / "guidepress.toml").open("a") as settings:
        settings.write('logo = "logo.svg"\n')
    assert run_cli(*product, "-o", "out.pdf").exit_code == 0
    report = " ".join(run_cli("check", "out.pdf").output.split())
    assert 'the logo\'s text is' in report and '("PHYSIO & SPORTS"), below 8 pt' in report
    assert "use a logo without small text, or a larger logo" in report
    body = next(line for line in report.split(" type size: ")[1:] if line.startswith("smallest"))
    assert float(body.split()[1]) >= 8 and "PHYSIO" not in body


def runs_of(path, page: int) -> list:
    import pypdfium2 as pdfium

    from guidepress.check.glyphs import page_glyphs

    document = pdfium.PdfDocument(str(path))
    runs = [(run.text, run.box) for run in page_glyphs(document[page], page + 1)]
    document.close()
    return runs


def test_the_logo_and_the_address_lock_up_cleanly(run_cli, branded):
    """On the handout's cover the details keep a column beside the logo (no line runs
    back under it); on the booklet's back cover the address stands below the logo."""
    (branded / "logo.svg").write_text(LOGO)
    with (branded / "guidepress.toml").open("a") as settings:
        settings.write('logo = "logo.svg"\n')
    assert run_cli("handout", "-o", "h.pdf").exit_code == 0
    runs = runs_of(branded / "h.pdf", 0)
    logo = [box for text, box in runs if text.strip() and text.strip() in "RiversidePHYSIO & SPORTS"
            and box[1] > 700]
    details = [box for text, box in runs if any(w in text for w in ("12 River", "Unit 4", "physio-and"))]
    assert logo and details
    assert min(box[0] for box in details) > max(box[2] for box in logo)  # beside, never under
    assert run_cli("handout", "--booklet", "-o", "b.pdf").exit_code == 0
    runs = runs_of(branded / "b.pdf", 0)  # the first sheet: the back cover beside the front
    back = [(text, box) for text, box in runs if box[2] < PdfReader(branded / "b.pdf").pages[0].mediabox.width / 2]
    logo = [box for text, box in back if "PHYSIO" in text or text.strip() in "PHYSIO & SPORTS"]
    address = [box for text, box in back if "Unit 4" in text or "12 River Road" in text]
    assert logo and address and max(box[3] for box in address) < min(box[1] for box in logo)


@pytest.mark.parametrize("product", [("routine", "--patient", "Ann", "-e", "bridge"), ("handout",),
                                     ("card",), ("poster",)], ids=["routine", "handout", "card", "poster"])
def test_a_logo_without_a_clinic_name_is_still_described(run_cli, tmp_path, product):
    """A workspace that gives a logo and no name: the picture is described ("Clinic
    logo") for a screen reader, as PDF/UA asks (WeasyPrint warned of no alt text)."""
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" '
                                       'height="20"><rect width="20" height="20"/></svg>')
    (tmp_path / "guidepress.toml").write_text('[clinic]\nlogo = "logo.svg"\n')
    result = run_cli(*product, "-o", "out.pdf")
    assert result.exit_code == 0, result.output
    assert "Clinic logo" in alt_texts(tmp_path / "out.pdf")


def alt_texts(path) -> str:
    """Every /Alt of the PDF's structure elements, joined."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return " ".join(str(obj.get("/Alt")) for obj in pdf.objects
                        if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj)
