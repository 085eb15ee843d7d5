"""``check_guide``: the reading checks of one loaded guide, as a list of findings.

What is checked (codes in brackets):
- the reading grade of the whole guide against its target ``reading_grade``
  (default 8): above it is an error (``grade``); each part's grade is reported
  (``part-grade``, info; a warning when above the target);
- each sentence above grade 10 or longer than 20 words, with file and line (``sentence``;
  a sentence of fewer than five words is not graded on its own: "Stop." is never hard);
- words from the jargon list not explained where first used (``jargon``);
- "you" and the declared main message (``message:``) in the first 50 words (``opening``);
- the safety part: present, urgent signs first, how to get help, time frames, one
  sign a line, and the red flags of the list the guide names (``safety-*``, ``red-flag-missing``);
- parity of every translation and edition in the guide's folder (``parity``);
- each exercise of the guide's own library that replaces a shared one (``exercise-override``, info).

The guide's own text is scored (summary, introduction, sections, safety part,
FAQ); headings and names are labels, not sentences. See :mod:`.readability`.
"""

from __future__ import annotations

from guidepress.content.guide import Guide
from guidepress.content.yamlfile import load_model

from guidepress.check.findings import Finding, Locator, where
from guidepress.check.jargon import find_jargon
from guidepress.check.parity import parity_findings
from guidepress.check.readability import Score, empty, score_sentences
from guidepress.check.safety import safety_problems
from guidepress.check.text import Sentence, sentences, words as text_words
from guidepress.check.units import Unit, guide_units

DEFAULT_GRADE = 8
SENTENCE_GRADE = 10
SENTENCE_WORDS = 20
SCORED_WORDS = 5  # a shorter sentence gets no grade of its own: the formulas need a few words
OPENING_WORDS = 50
YOU = {"en": {"you", "your", "yours", "yourself"},
       "es": {"usted", "ustedes", "su", "sus", "le", "tú", "tu", "tus", "te"}}


def _lang(guide) -> str:
    base = guide.language.lower().split("-")[0]
    return base if base in YOU else "en"


def _scored(units: list[Unit]) -> list[tuple[Unit, Sentence]]:
    return [(u, s) for u in units if not u.label for s in sentences(u.text)]


def guide_score(guide) -> Score:
    """The reading scores of the guide's whole text (the same numbers ``check_guide`` uses)."""
    return score_sentences([s for _, s in _scored(guide_units(guide))], guide.language)


def part_scores(guide) -> dict[str, Score]:
    """Scores of each part: "intro", "safety", "faq" and every section by id, in reading order."""
    parts: dict[str, Score] = {}
    for unit, sentence in _scored(guide_units(guide)):
        parts[unit.section] = parts.get(unit.section, empty(guide.language)) + \
            score_sentences([sentence], guide.language)
    return parts


def target_grade(guide) -> float:
    """The grade a guide declares as its target (``reading_grade``), 8 by default."""
    return getattr(guide, "reading_grade", None) or DEFAULT_GRADE


def check_guide(source, *, parity: bool = True, workspace=None) -> list[Finding]:
    """Every reading check of ``source`` (a loaded guide: its ``guide``, ``file`` and
    ``folder``); with ``parity``, also the other languages and editions in its folder.
    Red-flag lists are looked for in the guide's folder, then in ``workspace`` (a folder)."""
    guide, file = source.guide, source.file
    locator = Locator(file)
    units = guide_units(guide)

    def at(level, code, message, loc=(), words=()):
        line = locator.sentence_line(loc, words) if loc else None
        return Finding(level, code, message, file, line, where(loc))

    out = _grades(guide, at) + _sentences(guide, units, at) + _jargon(guide, units, at)
    out += _opening(guide, units, at)
    out += [at(level, code, message, loc) for level, code, message, loc in
            safety_problems(guide, guide.language, _red_flag_dirs(source, workspace))]
    out += _overrides(source.library)
    if parity:
        out += parity_findings(source.folder, lambda path: load_model(Guide, path))
    return out


def _overrides(library) -> list[Finding]:
    """Each exercise of the guide's own library that replaces a shared one (info)."""
    out = []
    for id_, shared in getattr(library, "overrides", {}).items():
        own = library.folder_of(id_) / f"{id_}.yaml"
        out.append(Finding("info", "exercise-override", f'"{id_}": the guide\'s own {own} is used '
                           f"instead of the shared library's {shared}", own))
    return out


def _red_flag_dirs(source, workspace) -> tuple:
    folders = [source.folder / "red_flags", *([workspace / "red_flags"] if workspace else [])]
    return tuple(f for f in folders if f.is_dir())


def _grades(guide, at) -> list[Finding]:
    target = target_grade(guide)
    whole = guide_score(guide)
    out = []
    for part, found in part_scores(guide).items():
        level = "warning" if found.grade > target else "info"
        out.append(at(level, "part-grade", f"{part}: grade {found.grade:.1f} "
                      f"({found.sentence_count} sentences, target {target:g})"))
    level = "error" if whole.grade > target else "info"
    out.append(at(level, "grade", f"whole guide: grade {whole.grade:.1f}, target {target:g} "
                  f"({_detail(whole)})"))
    return out


def _detail(found: Score) -> str:
    if _lang_of(found) == "es":
        return (f"Fernández-Huerta {found.fernandez_huerta:.1f}, INFLESZ {found.szigriszt_pazos:.1f} "
                f"{found.inflesz}, {found.words_per_sentence:.1f} words a sentence")
    return (f"Flesch-Kincaid {found.flesch_kincaid:.1f}, SMOG {found.smog:.1f}, "
            f"reading ease {found.flesch_reading_ease:.0f}, {found.words_per_sentence:.1f} words a sentence")


def _lang_of(found: Score) -> str:
    return found.language.lower().split("-")[0]


def _sentences(guide, units, at) -> list[Finding]:
    out = []
    for unit, sentence in _scored(units):
        found = score_sentences([sentence], guide.language)
        hard = found.words >= SCORED_WORDS and found.grade > SENTENCE_GRADE
        if hard or found.words > SENTENCE_WORDS:
            quote = sentence.text if len(sentence.text) <= 90 else sentence.text[:87] + "..."
            out.append(at("warning", "sentence", f"grade {found.grade:.1f}, {found.words} words "
                          f'(at most grade {SENTENCE_GRADE} and {SENTENCE_WORDS} words): "{quote}"',
                          unit.loc, sentence.words))
    return out


def _jargon(guide, units, at) -> list[Finding]:
    out = []
    for use in find_jargon([u.text for u in units], guide.language):
        if use.explained:
            continue
        unit = units[use.first]
        times = "once" if use.count == 1 else f"{use.count} times"
        out.append(at("warning", "jargon", f'"{use.term.term}" ({times}): say "{use.term.plain}", '
                      "or explain it where it is first used", unit.loc))
    return out


def _opening(guide, units, at) -> list[Finding]:
    words: list[str] = []
    for unit, sentence in _scored(units):
        words += sentence.words
        if len(words) >= OPENING_WORDS:
            break
    first = [w.lower() for w in words[:OPENING_WORDS]]
    out = []
    if not YOU[_lang(guide)] & set(first):
        out.append(at("warning", "opening", f'the first {OPENING_WORDS} words do not speak to the '
                      'reader ("you", "your"); open with what the reader should do', ("intro",)))
    message = getattr(guide, "message", None)
    if not message:
        out.append(at("info", "opening", "no main message declared (message:); "
                      f"it is checked to come in the first {OPENING_WORDS} words"))
    elif not _contains(first, [w.lower() for w in text_words(message)]):
        out.append(at("warning", "opening", f'the main message "{message}" is not in the first '
                      f"{OPENING_WORDS} words; put it in the summary or at the start of the intro",
                      ("message",)))
    return out


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))
