"""Partial translations: refused unless asked, then printed with the missing parts in
the guide's own language, marked; check warns instead of failing when it is intended."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURE_GUIDE, FIXTURE_SAFETY, pdf_text
from pypdf import PdfReader
from tagged import text_by_language

from guidepress.check.guide import check_guide
from guidepress.content.loader import load_guide
from guidepress.errors import ContentError

# a Spanish translation of the hand-care guide with one section of two, no FAQ and no
# safety part: a sheet made from it alone would have no Stop box
PARTIAL_ES = """
title: Cuidado de las manos tras una cirugía de muñeca
language: es
version: "0.3"
reviewed: 2026-10-01
author: Riverside Hand Therapy
sections:
  - id: swelling
    heading: Cómo bajar la hinchazón
    body: |
      Mantenga la mano **por encima del corazón** la primera semana.
    items:
      - lead: Descanso
        text: Apoye el brazo en dos almohadas cuando esté sentado.
      - text: Mueva los dedos cada hora mientras esté despierto.
"""


@pytest.fixture
def guide(tmp_path):
    folder = tmp_path / "hand"
    shutil.copytree(FIXTURE_GUIDE, folder)
    with (folder / "guide.yaml").open("a") as text:
        text.write(FIXTURE_SAFETY)
    (folder / "guide.es.yaml").write_text(PARTIAL_ES)
    return folder


def flat(path) -> str:
    return " ".join(pdf_text(path).replace("\xa0", " ").split())


def test_a_partial_translation_is_refused_naming_what_it_leaves_out(guide):
    with pytest.raises(ContentError) as caught:
        load_guide(guide, "es")
    message = str(caught.value)
    assert message.startswith(f"{guide / 'guide.es.yaml'}: this translation leaves out ")
    assert 'the safety part (the Stop box), section "warning-signs", the FAQ' in message
    assert "--allow-partial" in message and "partial: true" in message


def test_a_partial_handout_is_refused_then_printed_with_its_stop_box(run_cli, guide, tmp_path):
    refused = run_cli("handout", "--guide", guide, "--lang", "es", "-o", "es.pdf")
    assert refused.exit_code == 1 and "--allow-partial" in refused.output
    assert not (tmp_path / "es.pdf").exists()
    done = run_cli("handout", "--guide", guide, "--lang", "es", "--allow-partial", "-o", "es.pdf")
    assert done.exit_code == 0, done.output
    text = flat(tmp_path / "es.pdf")
    assert "Cómo bajar la hinchazón" in text  # the translated section
    assert "Numbness in your fingers that spreads" in text  # the Stop box, in English
    assert "When to Call Us" in text and "Can I get the dressing wet?" in text
    assert text.count("Esta parte aún no está traducida") == 3  # safety, a section, the FAQ


def test_the_parts_printed_untranslated_carry_their_language_in_the_tags(run_cli, guide, tmp_path):
    """A screen reader reads the English parts of a Spanish handout in English: their
    structure elements say /Lang en-GB; the Spanish text and notes carry none of their own."""
    done = run_cli("handout", "--guide", guide, "--lang", "es", "--allow-partial", "-o", "es.pdf")
    assert done.exit_code == 0, done.output
    assert str(PdfReader(tmp_path / "es.pdf").trailer["/Root"]["/Lang"]) == "es"
    by_language = text_by_language(tmp_path / "es.pdf")
    english, spanish = by_language["en-GB"], by_language[""]
    for words in ("Numbness in your fingers that spreads", "When to Call Us",
                  "Can I get the dressing wet?", "Frequently asked questions"):
        assert words in english and words not in spanish
    assert "Cómo bajar la hinchazón" in spanish and "Esta parte aún no está traducida" in spanish
    assert "hinchazón" not in english and "traducida" not in english
    assert set(by_language) == {"", "en-GB"}


def test_a_routine_sheet_in_a_partial_translation_keeps_the_stop_box(run_cli, guide, tmp_path):
    args = ["routine", "--guide", guide, "--lang", "es", "--patient", "Ana", "-e", "bridge", "-o", "a.pdf"]
    assert run_cli(*args).exit_code == 1
    assert run_cli(*args, "--allow-partial").exit_code == 0
    assert "Numbness in your fingers that spreads" in flat(tmp_path / "a.pdf")


def test_partial_on_purpose_prints_and_check_warns_instead_of_failing(run_cli, guide):
    base = check_guide(load_guide(guide), parity=True)
    assert [f.level for f in base if f.code == "parity"] and all(
        f.level == "error" for f in base if f.code == "parity")
    (guide / "guide.es.yaml").write_text(PARTIAL_ES.replace("language: es\n", "language: es\npartial: true\n"))
    source = load_guide(guide, "es")  # asked for in the file: no option needed
    assert source.guide.safety.language == "en-GB"
    found = check_guide(load_guide(guide), parity=True)
    parity = [f for f in found if f.code == "parity"]
    assert parity and all(f.level == "warning" for f in parity)
    spanish = check_guide(source, parity=False)
    assert [f.level for f in spanish if f.code == "safety-untranslated"] == ["warning"]



def test_a_guide_that_names_no_exercise_prints_no_empty_exercises_heading(run_cli, tmp_path):
    # the hand-care guide names none: neither language prints "Your exercises" over nothing
    for lang, heading in (("en", "Your exercises"), ("es", "Sus ejercicios")):
        folder = tmp_path / lang
        shutil.copytree(FIXTURE_GUIDE, folder)
        (folder / "guide.es.yaml").write_text(PARTIAL_ES)
        done = run_cli("handout", "--guide", folder, "--lang", lang, "--allow-partial", "-o", f"{lang}.pdf")
        assert done.exit_code == 0, done.output
        assert heading not in flat(tmp_path / f"{lang}.pdf")
