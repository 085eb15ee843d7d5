"""The reading-level engine on texts whose scores were worked out by hand."""

from __future__ import annotations

import math

import pytest

from guidepress.check import score, syllables
from guidepress.check.english import in_dictionary, rule_syllables
from guidepress.check.readability import huerta_grade
from guidepress.check.text import sentences


def test_easy_english_text_by_hand():
    # 2 sentences, 12 words; syllables the 1 cat 1 sat 1 on 1 the 1 mat 1 | it 1 was 1
    # a 1 very 2 happy 2 cat 1 = 14; no word of three syllables
    found = score("The cat sat on the mat. It was a very happy cat.")
    assert (found.sentence_count, found.words, found.syllables, found.polysyllables) == (2, 12, 14, 0)
    assert found.flesch_kincaid == pytest.approx(0.39 * 6 + 11.8 * 14 / 12 - 15.59)  # 0.52
    assert found.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 14 / 12)
    assert found.smog == pytest.approx(3.1291)
    assert found.grade == found.flesch_kincaid


def test_hard_english_sentence_by_hand():
    # cardiovascular 6, exercise 3, improves 2, circulation 4: 15 syllables, 4 words
    found = score("Cardiovascular exercise improves circulation.")
    assert (found.sentence_count, found.words, found.syllables, found.polysyllables) == (1, 4, 15, 3)
    assert found.grade == pytest.approx(30.22)
    assert found.smog == pytest.approx(1.0430 * math.sqrt(90) + 3.1291)  # 13.02


def test_syllables_come_from_the_pronouncing_dictionary():
    assert [syllables(w) for w in ["every", "cardiovascular", "yoga", "Child’s", "poses"]] == [3, 6, 2, 1, 2]
    assert syllables("cat-cow") == 2  # hyphenated: part by part


def test_rule_based_count_only_for_unknown_words():
    unknown = ["blorpes", "zandle", "flubbed", "snarted", "glorbing"]
    assert not any(in_dictionary(w) for w in unknown)
    # silent -es, a kept consonant + le, silent -ed, a sounded -ted, -ing
    assert [syllables(w) for w in unknown] == [1, 2, 1, 2, 2]
    assert rule_syllables("stone") == 1 and rule_syllables("table") == 2


def test_list_items_end_sentences_and_labels_are_left_out():
    text = """Here is what to do:

- Stand up tall
- Breathe in slowly through your nose
- Plank

Then rest."""
    found = sentences(text)
    assert [s.text for s in found] == ["Here is what to do:", "Stand up tall",
                                       "Breathe in slowly through your nose", "Then rest."]
    assert [s.line for s in found] == [0, 2, 3, 6]
    assert [s.text for s in sentences("- Plank", labels=True)] == ["Plank"]


def test_sentences_split_on_end_marks_but_not_after_abbreviations():
    text = "See Dr. Lee today. Is it 2.5 km? ¿Le duele? Pare. Use e.g. ice."
    assert [s.text for s in sentences(text)] == ["See Dr. Lee today.", "Is it 2.5 km?", "¿Le duele?",
                                                 "Pare.", "Use e.g. ice."]


def test_markdown_is_read_for_its_words_and_lines_are_kept():
    text = "First line of a **bold** paragraph.\nIt goes [on here](https://example.org). And ends.\n"
    found = sentences(text)
    assert [s.words for s in found] == [("First", "line", "of", "a", "bold", "paragraph"),
                                        ("It", "goes", "on", "here"), ("And", "ends")]
    assert [s.line for s in found] == [0, 1, 1]


def test_spanish_text_by_hand():
    # el 1 pe-rro 2 co-me 2 | la 1 guí-a 2 es 1 ú-til 2: 11 syllables, 7 words, 2 sentences
    found = score("El perro come. La guía es útil.", "es")
    assert (found.sentence_count, found.words, found.syllables) == (2, 7, 11)
    assert found.fernandez_huerta == pytest.approx(206.84 - 60 * 11 / 7 - 1.02 * 3.5)  # 108.98
    assert found.szigriszt_pazos == pytest.approx(206.835 - 62.3 * 11 / 7 - 3.5)
    assert found.inflesz == "muy fácil"
    assert found.grade == 4.0


def test_hard_spanish_sentence_by_hand():
    # la 1, re-ha-bi-li-ta-ción 6, car-dio-vas-cu-lar 5, es 1, fun-da-men-tal 4 = 17 in 5 words
    found = score("La rehabilitación cardiovascular es fundamental.", "es-MX")
    assert found.syllables == 17
    assert found.fernandez_huerta == pytest.approx(206.84 - 60 * 17 / 5 - 1.02 * 5)  # -2.26
    assert found.inflesz == "muy difícil"
    assert found.grade == 16.0


def test_huerta_grades_follow_the_published_bands():
    assert huerta_grade(100) == 4.0
    assert huerta_grade(85) == 5.0
    assert huerta_grade(70) == pytest.approx(6.75)  # halfway between 6th (75) and 7th-8th (65)
    assert huerta_grade(-10) == 16.0


def test_scores_add_up():
    a, b = score("Lie on your back."), score("Bend your knees slowly.")
    both = a + b
    assert (both.sentence_count, both.words, both.syllables) == (2, 8, a.syllables + b.syllables)
