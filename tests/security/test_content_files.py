"""Content files a user writes: every mistake is one message, never last-wins, never a crash."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURE_GUIDE, pdf_text
from PIL import Image
from pypdf import PdfReader

from guidepress.content.guide import Guide
from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, load_prescription
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError
from guidepress.products.handout import write_handout

GUIDE = (FIXTURE_GUIDE / "guide.yaml").read_text()
RX = "patient: Ana\nexercises: [bridge 2x12]\n"


def _load(tmp_path, model, text):
    path = tmp_path / "file.yaml"
    path.write_text(text)
    return load_model(model, path)


@pytest.mark.parametrize("model, text, line", [
    (Guide, GUIDE + "title: Another title\n", 34),
    (Guide, GUIDE.replace("    heading: Keeping Swelling Down\n",
                          "    heading: Keeping Swelling Down\n    heading: Swelling\n"), 20),
    (PrescriptionFile, RX + "patient: Bob\n", 3),
], ids=["guide-top", "guide-section", "prescription"])
def test_duplicate_keys_are_errors_not_last_wins(tmp_path, model, text, line):
    with pytest.raises(ContentError, match=rf"file.yaml line {line}, .*duplicate key"):
        _load(tmp_path, model, text)


@pytest.mark.parametrize("model, text, key", [
    (Guide, GUIDE.replace("reviewed: 2026-10-01", "reviewed: 2026-02-30"), "reviewed"),
    (Guide, GUIDE.replace("reviewed: 2026-10-01", "reviewed: 9999-12-31"), "reviewed"),
    (PrescriptionFile, RX + "start: 2026-02-30\n", "start"),
    (PrescriptionFile, RX + "follow_up: 2025-13-01\n", "follow_up"),
    (PrescriptionFile, RX + "start: 9999-12-30\n", "start"),
    (PrescriptionFile, RX + "date: 0001-01-01\n", "date"),
], ids=["guide-feb-30", "guide-9999", "rx-feb-30", "rx-month-13", "rx-9999", "rx-year-1"])
def test_impossible_and_far_dates_are_our_error(tmp_path, model, text, key):
    with pytest.raises(ContentError, match=rf"line \d+, {key}: "):
        _load(tmp_path, model, text)


def test_a_routine_starting_near_9999_is_an_error_not_an_overflow(run_cli):
    result = run_cli("routine", "--patient", "Ana", "-e", "bridge 2x12", "--start", "9999-12-30")
    assert result.exit_code == 1
    assert "plausible date" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("model, text", [
    (Guide, GUIDE + "keywords: " + "[" * 400 + "]" * 400 + "\n"),
    (PrescriptionFile, RX.replace("[bridge 2x12]", "[" * 400 + "]" * 400)),
    (Guide, GUIDE + "extra:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 400))),
], ids=["guide-brackets", "rx-brackets", "guide-indented"])
def test_deep_nesting_is_our_error(tmp_path, model, text):
    with pytest.raises(ContentError):
        _load(tmp_path, model, text)


@pytest.mark.parametrize("model, text", [
    (Guide, GUIDE.replace('version: "0.3"', "version: " + "9" * 5000)),
    (PrescriptionFile, RX + "weeks: " + "1" * 4400 + "\n"),
], ids=["guide", "prescription"])
def test_numbers_over_4300_digits_are_our_error(tmp_path, model, text):
    with pytest.raises(ContentError, match="digits"):
        _load(tmp_path, model, text)


def test_a_huge_text_field_is_refused(tmp_path):
    text = GUIDE.replace("intro: |\n", "intro: |\n  " + "word " * 6000 + "\n\n", 1)
    with pytest.raises(ContentError, match="intro: [0-9,]+ characters is more than the 20,000 this key may hold"):
        _load(tmp_path, Guide, text)


def test_a_20_mb_content_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "ana.yaml"
    path.write_text(RX + "notes: " + "x" * 20_000_000 + "\n")
    library = load_guide(FIXTURE_GUIDE).library
    with pytest.raises(ContentError, match="over 5 MB"):
        load_prescription(path, library)


def test_a_long_note_in_a_prescription_is_refused(tmp_path):
    with pytest.raises(ContentError, match="notes: 30,000 characters is more than the"):
        _load(tmp_path, PrescriptionFile, RX + "notes: " + "x" * 30_000 + "\n")


@pytest.fixture(scope="module")
def accented_guide(tmp_path_factory):
    folder = tmp_path_factory.mktemp("accents") / "guide"
    shutil.copytree(FIXTURE_GUIDE, folder)
    for name, colour in (("café.png", "navy"), ("hand on pillow.png", "teal")):
        Image.new("RGB", (40, 30), colour).save(folder / name)
    text = (folder / "guide.yaml").read_text().replace(
        "![A raised hand resting on a pillow](raised-hand.svg)",
        "![A raised hand](café.png)\n\n  ![A hand on a pillow](<hand on pillow.png>)")
    (folder / "guide.yaml").write_text(text)
    return folder


def test_image_names_with_accents_and_spaces_are_found(accented_guide, tmp_path):
    write_handout(load_guide(accented_guide), tmp_path / "h.pdf")
    sizes = {(int(image.image.width), int(image.image.height))
             for page in PdfReader(tmp_path / "h.pdf").pages for image in page.images}
    colours = {image.image.getpixel((0, 0)) for page in PdfReader(tmp_path / "h.pdf").pages
               for image in page.images}
    assert (40, 30) in sizes and {(0, 0, 128), (0, 128, 128)} <= colours


def test_a_missing_accented_image_is_named_as_written(accented_guide, tmp_path):
    folder = tmp_path / "guide"
    shutil.copytree(accented_guide, folder)
    (folder / "café.png").unlink()
    with pytest.raises(ContentError, match='image "café.png" not found'):
        load_guide(folder)


DEEP = {"quotes": "> " * 30 + "Call us at once.",
        "lists": "".join("  " * i + "- step\n" for i in range(12)) + "  " * 12 + "- Call us at once.\n",
        "tabs": "".join("\t" * i + "1. step\n" for i in range(10)) + "\t" * 10 + "1. Call us at once.\n"}


def _with_body(tmp_path, text: str):
    """A copy of the fixture guide whose second section's body is ``text``."""
    import yaml

    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    data = yaml.safe_load((guide / "guide.yaml").read_text())
    data["sections"][1]["body"] = text
    (guide / "guide.yaml").write_text(yaml.safe_dump(data))
    return guide


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_markdown_nested_too_deep_to_print_is_refused_by_file_and_key(tmp_path, text):
    """The parser leaves out what is nested past its bound without a word: such a text
    is refused, naming the file and key, rather than printed without its words."""
    guide = _with_body(tmp_path, text)
    with pytest.raises(ContentError, match=r"guide.yaml, sections\[1\].body: quotes or lists are "
                                           r"nested more than 10 levels deep.*nest them less"):
        load_guide(guide)


def test_markdown_nested_a_few_levels_still_prints(tmp_path):
    guide = _with_body(tmp_path, "> " * 6 + "Quoted.\n\n" + "".join("  " * i + f"- step{i}\n" for i in range(8)))
    text = pdf_text(write_handout(load_guide(guide), tmp_path / "h.pdf").path)
    assert "Quoted." in text and "step7" in text, text
