"""Editions of the built-in guide: the plain-language edition, parity, corrected Spanish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import normalise, pdf_text

from guidepress.check import check_guide, guide_score
from guidepress.check.parity import parity_findings
from guidepress.content.exercises import builtin_library_dir
from guidepress.content.guide import Guide
from guidepress.content.loader import DEFAULT_GUIDE, guide_editions, guide_files, load_guide
from guidepress.content.yamlfile import load_model
from guidepress.errors import UsageError
from guidepress.products.handout import write_handout

# Phrases issue 13 found in the Spanish files; none may come back.
SPANISH_PHRASES = ["Invierta en un buen calzado", "invertir en un buen calzado", "urgente de inmediato",
                   "Mantenga 3 segundos", "Mantenga cada estiramiento", "doble los dedos de los pies",
                   "Póngale más acolchado", "se le hunde", "Si no llega,", "Si correr ayuda",
                   "es fundamental", "Ejercicios de core", "Core fuerte", "psoas (", "distensiones",
                   "pinzamiento", "dolor agudo", "No tire", "tire de", "largos", "donde no cubre",
                   "glúteo", "Profesional", "Revisado", "series de 20 s", "series de 30 s"]


@pytest.fixture(scope="module", params=["en", "es"])
def plain(request):
    return load_guide(language=request.param, edition="plain")


def test_the_guide_has_an_article_and_a_plain_edition():
    assert guide_editions() == ["article", "plain"]
    assert sorted(guide_files(DEFAULT_GUIDE)) == [("article", ""), ("article", "es"),
                                                  ("plain", ""), ("plain", "es")]


def test_plain_edition_reads_at_grade_5_or_lower(plain):
    found = guide_score(plain.guide)  # the same numbers guidepress check reports
    assert found.grade <= 5
    assert found.words_per_sentence <= 11
    assert plain.guide.reading_grade == 5


def test_plain_edition_passes_its_checks_and_opens_with_you_and_its_message(plain):
    findings = check_guide(plain)
    assert [f for f in findings if f.level == "error"] == []
    assert [f.message for f in findings if f.code in ("opening", "jargon", "red-flag-missing")] == []
    assert [f.message for f in findings if f.code == "sentence"] == []  # none above grade 10 or 20 words


def test_article_edition_passes_but_is_told_its_message_comes_late():
    findings = check_guide(load_guide())
    assert [f for f in findings if f.level == "error"] == []
    late = [f for f in findings if f.code == "opening" and "main message" in f.message]
    assert late and late[0].line  # points at the message: line in guide.yaml


def test_plain_edition_keeps_every_exercise_and_precaution_of_the_article():
    article, plain = load_guide().guide, load_guide(edition="plain").guide
    assert plain.exercise_ids() == article.exercise_ids()
    leads = [i.lead for s in plain.all_sections() if s.id == "precautions" for i in s.items]
    for word in ["doctor", "shoes", "slowly", "stretch"]:  # the article's four precautions
        assert any(word in lead.lower() for lead in leads), word
    text = " ".join(s.body for s in plain.all_sections()).lower()
    for word in ["yoga", "core", "swimming", "spine", "shoes", "stretch"]:
        assert word in text, word


def test_every_edition_and_language_carries_the_same_sections():
    assert parity_findings(DEFAULT_GUIDE, lambda p: load_model(Guide, p)) == []


def test_an_edition_missing_a_section_is_a_parity_error(tmp_path):
    folder = tmp_path / "guide"
    shutil.copytree(DEFAULT_GUIDE, folder)
    plain = folder / "editions" / "plain" / "guide.yaml"
    text = plain.read_text(encoding="utf-8")
    start = text.index("      - id: swimming")
    plain.write_text(text[:start] + text[text.index("  - id: conclusion"):], encoding="utf-8")
    found = parity_findings(folder, lambda p: load_model(Guide, p))
    assert any(f.file == plain and "missing swimming" in f.message for f in found)


def test_unknown_edition_lists_the_editions(run_cli):
    with pytest.raises(UsageError, match='no edition "simple"; editions: article, plain'):
        load_guide(edition="simple")
    result = run_cli("handout", "--edition", "simple")
    assert result.exit_code == 1
    assert "editions: article, plain" in result.output


def test_safety_comes_urgent_first_with_how_and_when_in_every_file():
    for path in guide_files(DEFAULT_GUIDE).values():
        safety = load_model(Guide, path).safety
        assert safety.groups[0].urgent, path
        assert "emergenc" in safety.groups[0].heading.lower(), path
        assert any(w in safety.groups[1].heading for w in ("within a day or two", "uno o dos días")), path
        assert all(s.count(".") == 1 for g in safety.groups for s in g.signs), path  # one sign a line


def test_spanish_files_carry_none_of_the_phrases_issue_13_listed():
    files = [p for (_, lang), p in guide_files(DEFAULT_GUIDE).items() if lang == "es"]
    files += sorted((builtin_library_dir() / "es").glob("*.yaml"))
    files.append(Path(__file__).parents[2] / "src" / "guidepress" / "messages" / "es.yaml")
    for path in files:
        # aliases are search names a clinician may type ("Puente de glúteos"), never printed
        text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.startswith("aliases:"))
        for phrase in SPANISH_PHRASES:  # whole words: "Estire despacio" is not "tire de"
            assert not re.search(rf"\b{re.escape(phrase)}", text), f"{path.name}: {phrase}"


def test_built_in_exercises_carry_no_third_party_links():
    for path in builtin_library_dir().glob("*.yaml"):
        assert "\nlink:" not in path.read_text(encoding="utf-8"), path.name


@pytest.fixture(scope="module")
def plain_handout(tmp_path_factory):
    target = tmp_path_factory.mktemp("plain") / "plain.pdf"
    written = write_handout(load_guide(edition="plain"), target)
    assert written.warnings == []
    return target


def test_plain_handout_points_to_the_safety_box_on_page_1(plain_handout):
    from pypdf import PdfReader

    pages = [normalise(p.extract_text()) for p in PdfReader(plain_handout).pages]
    assert "Warning signs and when to get help: Stop and get help, page " in pages[0]
    number = int(pages[0].split("Stop and get help, page ")[1].split()[0])
    assert "Get help now. Call your local emergency number" in pages[number - 1]
    assert number <= 2


def test_plain_handout_names_every_exercise(plain_handout):
    text = pdf_text(plain_handout)
    source = load_guide(edition="plain")
    for ex in map(source.library.resolve, source.guide.exercise_ids()):
        assert normalise(ex.name) in text, ex.name
    assert text.index("Stop and get help") < text.index("Can running help your back?")
