"""The Spanish guide, exercise texts and labels; language choice and its errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FIXTURE_GUIDE, normalise, pdf_text
from pypdf import PdfReader

from guidepress.builtin import MESSAGES
from guidepress.content import labels as labels_module
from guidepress.content.doses import parse_dose
from guidepress.content.exercises import ExerciseText, builtin_library_dir, load_library
from guidepress.content.labels import Labels
from guidepress.content.loader import guide_languages, load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.errors import ContentError, UsageError
from guidepress.products.routine import write_routine

ANA = DATA / "prescriptions" / "ana.yaml"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture(scope="module")
def english():
    return load_guide()


@pytest.fixture(scope="module")
def spanish():
    return load_guide(language="es")


@pytest.fixture
def ana_es(tmp_path) -> Path:
    """Ana's prescription with the clinician's words in Spanish and mixed exercise names."""
    data = yaml.safe_load(ANA.read_text(encoding="utf-8"))
    data.update(notes="Camine también 20 minutos cada día.", clinician="Dra. López",
                clinic="Fisioterapia del Río")
    data["exercises"] = ["plancha 3x30s 5/week", "bird-dog 2x8 2/day",
                         {"dose": "puente 2x12", "note": "Apriete los glúteos arriba."},
                         "gato-vaca", "Postura del nino 2x30s", "knee-to-chest 2x30s 2/day"]
    path = tmp_path / "ana-es.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _english_only(english, spanish) -> list[str]:
    """Headings of the English guide that its Spanish translation does not share."""
    pairs = zip(english.guide.all_sections(), spanish.guide.all_sections())
    found = [en.heading for en, es in pairs if en.heading != es.heading]
    return found + [english.guide.faq.heading, english.guide.safety.heading]


# The guide and the library in Spanish

def test_spanish_guide_has_the_same_structure(english, spanish):
    en, es = english.guide, spanish.guide
    assert (es.language, es.version, es.reviewed) == ("es", en.version, en.reviewed)
    assert spanish.file.name == "guide.es.yaml" and spanish.slug == "back-in-action-es"
    assert [s.id for s in es.all_sections()] == [s.id for s in en.all_sections()]
    for a, b in zip(en.all_sections(), es.all_sections()):
        assert b.exercises == a.exercises, a.id
        assert len(b.items) == len(a.items), a.id
        assert [bool(i.lead) for i in b.items] == [bool(i.lead) for i in a.items], a.id
        assert b.heading != a.heading or a.heading == "Yoga", a.id
    assert len(es.faq.entries) == len(en.faq.entries)
    assert [(g.urgent, len(g.signs)) for g in es.safety.groups] == \
           [(g.urgent, len(g.signs)) for g in en.safety.groups]
    strip = {"title", "intro"}
    assert [p.model_dump(exclude=strip) for p in getattr(es, "posters", [])] == \
           [p.model_dump(exclude=strip) for p in getattr(en, "posters", [])]


def test_every_exercise_is_translated(english, spanish):
    assert spanish.library.warnings == []
    assert set(spanish.library.ids) == set(english.library.ids)
    for ex in spanish.library:
        base = english.library.get(ex.id)
        assert ex.name != base.name or ex.name == "Superman", ex.id
        assert len(ex.steps) == len(base.steps), ex.id
        assert (ex.dose, ex.figure, ex.category, ex.link) == (base.dose, base.figure, base.category,
                                                               base.link)


@pytest.mark.parametrize("name, id_", [
    ("puente 2x10", "bridge"), ("bridge 2x10", "bridge"), ("Postura del niño", "childs-pose"),
    ("postura del nino", "childs-pose"), ("Child's Pose", "childs-pose"),
    ("perro boca abajo 2x20s", "downward-dog"), ("PLANCHA LATERAL", "side-plank"),
    ("estiramiento del psoas", "hip-flexor-stretch"), ("natación 1x15min", "swimming"),
])
def test_names_of_both_languages_resolve(spanish, name, id_):
    assert parse_dose(name, spanish.library).exercise.id == id_


def test_language_tag_uses_its_base_language():
    source = load_guide(language="es-MX")
    assert source.guide.language == "es" and source.library.get("plank").name == "Plancha"
    assert load_guide(language="en").file.name == "guide.yaml"


def test_guide_languages():
    assert guide_languages() == ["en", "es"]
    assert guide_languages(FIXTURE_GUIDE) == ["en"]  # its guide.yaml says en-GB


# Printed products

def test_spanish_handout_has_spanish_words_only(run_cli, tmp_path, english, spanish):
    result = run_cli("handout", "--lang", "es", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    text = pdf_text(tmp_path / "h.pdf")
    for words in ["De nuevo en marcha", "En esta guía", "Cómo afecta correr al dolor lumbar",
                  "Pare y pida ayuda", "Preguntas frecuentes", "Página 1 de", "Pare si",
                  "Consejos", "Más fácil", "Inicio", "Final", "2 series, mantenga 30 s, cada lado, a diario",
                  "Revisión del 26 de noviembre de 2026", "Postura del niño"]:
        assert words in text, words
    for words in [*_english_only(english, spanish), "Back in Action", "In this guide", "Page ",
                  "Stop if", "Tips:", "Start", "Finish", "sets of", "every day", "each side",
                  "Reviewed"]:
        assert normalise(words) not in text, words
    assert PdfReader(tmp_path / "h.pdf").trailer["/Root"]["/Lang"] == "es"


def test_spanish_routine_has_spanish_words_only(run_cli, tmp_path, ana_es, english, spanish):
    # (the notes box, left out when the header gives the next appointment and it
    # would print alone, is not asked for here)
    result = run_cli("routine", ana_es, "--lang", "es", "-o", "r.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "r.pdf")
    for words in ["Su programa de ejercicios en casa", "Paciente", "Le atiende", "Próxima cita",
                  "4 semanas, del 1 dic 2026 al 28 dic 2026", "Plancha", "Puente",
                  "3 series, mantenga 30 s, 5 días a la semana", "2 series de 8, cada lado, dos veces al día",
                  "Pare si", "Su progreso", "Semana 4", "Mar", "Hecho", "Dolor 0-10",
                  "Nota de Dra. López.", "Página 1 de", "Elaborado el", "Pare y pida ayuda"]:
        assert words in text, words
    for words in [*_english_only(english, spanish), "Your home exercise programme", "Patient",
                  "Clinician", "Next appointment", "Page ", "Stop if", "Week", "Your progress",
                  "Done", "Pain", "Notes", "Made ", "sets", "hold", "every day", "twice a day",
                  "Tue", "Dec", "Start", "Finish"]:
        assert words not in text, words
    assert PdfReader(tmp_path / "r.pdf").trailer["/Root"]["/Lang"] == "es"


@pytest.mark.parametrize("per_page", [1, 2, 6])
def test_spanish_sheet_keeps_each_card_whole(run_cli, tmp_path, per_page, ana_es):
    result = run_cli("routine", ana_es, "--lang", "es", "--per-page", per_page, "-o", "es.pdf")
    assert result.exit_code == 0, result.output
    pages = [normalise(page.extract_text()) for page in PdfReader(tmp_path / "es.pdf").pages]
    for name in ("Plancha", "Puente"):
        assert sum(name in text for text in pages) == 1, name


def test_twelve_long_spanish_exercises_as_a_compact_list(run_cli, tmp_path, spanish):
    names = [e.id for e in sorted(spanish.library, key=lambda e: -len(" ".join(e.steps)))][:12]
    args = [a for name in names for a in ("-e", name)]
    result = run_cli("routine", "--lang", "es", "--patient", "A", *args, "--per-page", 6, "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    assert len(PdfReader(tmp_path / "a.pdf").pages) <= 5  # rows, then tracker, safety box, notes


def test_build_in_spanish_does_not_overwrite_english(run_cli, tmp_path):
    result = run_cli("build", "--lang", "es", "-o", "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "back-in-action-es-handout.pdf").is_file()


# Message catalogs

def _catalog(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(p for p in MESSAGES.glob("*.yaml") if p.stem != "en"),
                         ids=lambda p: p.name)
def test_every_catalog_has_every_key_with_its_placeholders(path):
    english, other = _catalog(MESSAGES / "en.yaml"), _catalog(path)
    assert not set(english) - set(other), f"missing in {path.name}"
    assert not set(other) - set(english), f"{path.name} has keys en.yaml does not"
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(str(other[key]))) == set(PLACEHOLDER.findall(str(text))), key


def test_missing_label_falls_back_to_english_with_a_warning(monkeypatch, tmp_path, spanish):
    real = labels_module._catalog

    def without_stop_if(language):
        words = dict(real(language))
        if language == "es":
            words.pop("stop_if")
        return words

    monkeypatch.setattr(labels_module, "_catalog", without_stop_if)
    assert Labels("es")["stop_if"] == "Stop if"
    rx = resolve(PrescriptionFile(patient="A", exercises=["puente"], per_page=2), spanish.library, "{i}")
    written = write_routine(spanish, rx, tmp_path / "a.pdf")
    assert 'label "stop_if" is missing from messages/es.yaml; printed in English' in written.warnings
    text = pdf_text(tmp_path / "a.pdf")
    assert "Stop if" in text and "Su progreso" in text


# Unknown languages and faulty translations

@pytest.mark.parametrize("command", [["handout"], ["routine", ANA], ["build"], ["exercises"]])
def test_unknown_language_lists_the_available_ones(run_cli, command):
    result = run_cli(*command, "--lang", "fr")
    assert result.exit_code == 1
    assert 'the guide is not available in "fr" (no guide.fr.yaml); languages: en, es' in result.stderr


def test_a_language_tag_must_look_like_one():
    with pytest.raises(UsageError, match='"../es" is not a language tag'):
        load_guide(language="../es")


def test_languages_command(run_cli):
    result = run_cli("languages")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "guide (back-in-action): en (English), es (español)"
    assert "exercises: en (English), es (español)" in lines
    assert "labels: en (English), es (español)" in lines


@pytest.fixture
def library(tmp_path) -> Path:
    """An editable copy of the built-in library with its Spanish texts."""
    target = tmp_path / "exercises"
    shutil.copytree(builtin_library_dir(), target)
    return target


def test_untranslated_exercise_falls_back_with_a_warning(library):
    (library / "es" / "plank.yaml").unlink()
    lib = load_library(library, "es")
    assert lib.get("plank").name == "Plank" and lib.get("bridge").name == "Puente"
    assert lib.warnings == [f'{library / "es" / "plank.yaml"}: not found; "plank" printed in English']


def test_library_without_the_language_warns_once(library):
    shutil.rmtree(library / "es")
    lib = load_library(library, "es")
    assert lib.get("bridge").name == "Bridge" and len(lib.warnings) == 1
    assert "no exercise texts in this language" in lib.warnings[0]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(dose={"sets": 2, "reps": 5}), " line 32, dose: unknown key (allowed keys:"),
    (lambda d: d.pop("easier"), ", easier: the base file"),
    (lambda d: d.pop("short_steps"), ", short_steps: the base file"),
    (lambda d: d["steps"].append(" ".join(["palabra"] * 26)),
     "steps[5]: this step has 26 words; keep each step to 25 words or fewer"),
    (lambda d: d.update(aliases=["Plank"]), ': the name "Plank" is also used by "plank"'),
])
def test_faulty_translation_names_file_and_key(library, change, message):
    path = library / "es" / "bridge.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_library(library, "es")
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_translation_of_an_unknown_exercise_is_an_error(library):
    shutil.copy(library / "es" / "bridge.yaml", library / "es" / "brige.yaml")
    with pytest.raises(ContentError, match=r'es/brige\.yaml: there is no exercise "brige" .*"bridge"'):
        load_library(library, "es")


def test_translated_steps_may_be_a_little_longer():
    text = _catalog(builtin_library_dir() / "es" / "bridge.yaml")
    text["steps"][0] = " ".join(["palabra"] * 25)
    assert ExerciseText.model_validate(text).steps[0].count(" ") == 24
