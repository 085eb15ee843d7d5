"""Reading-level scores of English and Spanish text.

English: Flesch-Kincaid grade, Flesch Reading Ease and SMOG, with syllables from
the CMU Pronouncing Dictionary (see :mod:`guidepress.check.english`).
Spanish: Fernández-Huerta ease (in the corrected form, 206.84 - 60 x syllables
per word - 1.02 x words per sentence) and the Szigriszt-Pazos perspicuity that
the INFLESZ scale grades, with syllables from a rule-based syllabifier (see
:mod:`guidepress.check.spanish`). A Spanish text's ``grade`` is read off
Fernández-Huerta's own table of school grades, so one target (``reading_grade``)
serves both languages.

``score("Lie on your back. Bend your knees.").grade`` is the whole text's
Flesch-Kincaid grade; ``score(text).sentences`` lists the sentences found.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from guidepress.check.english import syllables as english_syllables
from guidepress.check.spanish import syllables as spanish_syllables
from guidepress.check.text import Sentence, sentences as split_sentences

# Fernández-Huerta's table: ease at the middle of each band and the school grade it
# names (90-100 4th grade, 80-90 5th, 70-80 6th, 60-70 7th-8th, 50-60 pre-university,
# 30-50 university entrance, 0-30 university); interpolated between the points.
_HUERTA_GRADES = [(95.0, 4.0), (85.0, 5.0), (75.0, 6.0), (65.0, 7.5), (55.0, 10.0),
                  (40.0, 13.0), (15.0, 16.0)]
INFLESZ_BANDS = [(80.0, "muy fácil"), (65.0, "bastante fácil"), (55.0, "normal"),
                 (40.0, "algo difícil"), (float("-inf"), "muy difícil")]


def syllables(word: str, language: str = "en") -> int:
    """Syllables of one word in ``language`` ("en" or "es"; other languages count as English)."""
    return spanish_syllables(word) if _is_spanish(language) else english_syllables(word)


@dataclass(frozen=True)
class Score:
    """Counts of a text and the reading scores computed from them."""

    language: str
    sentence_count: int
    words: int
    syllables: int
    polysyllables: int  # words of three or more syllables, for SMOG
    sentences: tuple[Sentence, ...] = field(default=(), repr=False, compare=False)

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentence_count if self.sentence_count else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch_kincaid(self) -> float:
        """Flesch-Kincaid grade: 0.39 x words/sentence + 11.8 x syllables/word - 15.59."""
        if not self.words:
            return 0.0
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59

    @property
    def flesch_reading_ease(self) -> float:
        """Flesch Reading Ease: 206.835 - 1.015 x words/sentence - 84.6 x syllables/word."""
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word

    @property
    def smog(self) -> float:
        """SMOG grade: 1.0430 x sqrt(polysyllables x 30 / sentences) + 3.1291."""
        if not self.sentence_count:
            return 0.0
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentence_count) + 3.1291

    @property
    def fernandez_huerta(self) -> float:
        """Fernández-Huerta ease: 206.84 - 60 x syllables/word - 1.02 x words/sentence."""
        return 206.84 - 60 * self.syllables_per_word - 1.02 * self.words_per_sentence

    @property
    def szigriszt_pazos(self) -> float:
        """Szigriszt-Pazos perspicuity (read on the INFLESZ scale):
        206.835 - 62.3 x syllables/word - words/sentence."""
        return 206.835 - 62.3 * self.syllables_per_word - self.words_per_sentence

    @property
    def inflesz(self) -> str:
        """The INFLESZ band of the perspicuity: "muy fácil" ... "muy difícil"."""
        return next(name for floor, name in INFLESZ_BANDS if self.szigriszt_pazos >= floor)

    @property
    def grade(self) -> float:
        """School grade: Flesch-Kincaid for English, Fernández-Huerta's table for Spanish."""
        if not self.words:
            return 0.0
        return huerta_grade(self.fernandez_huerta) if _is_spanish(self.language) else self.flesch_kincaid

    def __add__(self, other: "Score") -> "Score":
        return Score(self.language, self.sentence_count + other.sentence_count,
                     self.words + other.words, self.syllables + other.syllables,
                     self.polysyllables + other.polysyllables, self.sentences + other.sentences)


def huerta_grade(ease: float) -> float:
    """The school grade that a Fernández-Huerta ease stands for (4 for 95 and up,
    16 for 15 and below, interpolated along the published bands)."""
    points = _HUERTA_GRADES
    if ease >= points[0][0]:
        return points[0][1]
    for (hi, hi_grade), (lo, lo_grade) in zip(points, points[1:]):
        if ease >= lo:
            return lo_grade + (hi_grade - lo_grade) * (ease - lo) / (hi - lo)
    return points[-1][1]


def score_sentences(found: list[Sentence] | tuple[Sentence, ...], language: str = "en") -> Score:
    """Counts and scores of sentences already split."""
    counts = [syllables(w, language) for s in found for w in s.words]
    return Score(language, len(found), len(counts), sum(counts), sum(c >= 3 for c in counts),
                 tuple(found))


def score(text: str, language: str = "en") -> Score:
    """Scores of Markdown-ish ``text`` (see :mod:`guidepress.check.text` for how it splits)."""
    return score_sentences(split_sentences(text), language)


def empty(language: str = "en") -> Score:
    """A score of no text, to add others to."""
    return Score(language, 0, 0, 0, 0)


def _is_spanish(language: str) -> bool:
    return language.lower().split("-")[0].split("_")[0] == "es"
