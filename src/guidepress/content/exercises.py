"""The exercise library: one YAML file per exercise, validated into typed models.

``load_library(folder)`` reads ``<id>.yaml`` files; ``resolve`` finds an exercise
by id, name or alias the way a clinician or patient would type it.
``load_library(folder, "es")`` also lays the texts of ``folder/es/<id>.yaml``
over the base (English) files; names and aliases of both languages resolve.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from guidepress.builtin import BUILTIN_LIBRARY
from guidepress.content.doses import Dose
from guidepress.content.labels import FALLBACK, base_language
from guidepress.content.posecheck import check_figure
from guidepress.content.poses import Figure
from guidepress.content.problems import suggest
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError

MAX_STEP_WORDS = 20
# A translated step may run to 25 words: Spanish (or French...) needs about a fifth more words
# than English. Words, not characters: plain-language guidance limits sentence length.
MAX_TRANSLATED_STEP_WORDS = 25
SHORT_WORDS = (8, 10)  # a short step (a compact list's line): English, translated
CATEGORIES = ("yoga", "core", "strength", "balance", "mobility", "stretch", "cardio")
# Where the body works, for filtering a library (``guidepress exercises --region knee``)
REGIONS = ("neck", "shoulder", "elbow", "wrist-hand", "upper-back", "lower-back", "trunk",
           "hip", "knee", "ankle-foot", "whole-body")
BASE_LANGUAGE = FALLBACK  # the language of the base <id>.yaml files


def _word_limit(limit: int):
    def short_step(step: str) -> str:
        words = len(step.split())
        if words > limit:
            raise ValueError(f"this step has {words} words; keep each step to {limit} "
                             "words or fewer (split it in two)")
        return step
    return short_step


def _one_line(text: str) -> str:
    if "\n" in text.strip():
        raise ValueError("keep this to one line")
    return text.strip()


def _web_link(url: str) -> str:
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f'"{url}" is not a web address; it must start with https:// or http://')
    return url


Text = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]
Step = Annotated[str, Field(min_length=1), AfterValidator(_word_limit(MAX_STEP_WORDS))]
TranslatedStep = Annotated[str, Field(min_length=1), AfterValidator(_word_limit(MAX_TRANSLATED_STEP_WORDS))]
ShortStep, TranslatedShort = (Annotated[list[Annotated[Text, AfterValidator(_word_limit(n))]],
                                        Field(min_length=1, max_length=3)] for n in SHORT_WORDS)


class Exercise(BaseModel):
    """One exercise: what it is for, how to do it safely, how much, and its figure."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
                    description="Short name in lower case with hyphens; equals the file name.")
    name: Text = Field(description="The name a patient knows, e.g. Child's Pose.")
    aliases: list[Text] = Field(default_factory=list, description="Other names it goes by.")
    category: Literal[CATEGORIES] = Field(  # type: ignore[valid-type]
        description=f"One of {', '.join(CATEGORIES)}.")
    regions: list[Literal[REGIONS]] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=len(REGIONS),
        description=f"Body regions it works, for filtering the library: {', '.join(REGIONS)}.")
    purpose: Text = Field(description="One line: what it does for the patient.")
    steps: list[Step] = Field(min_length=3, max_length=7,
                              description=f"3-7 numbered steps, each {MAX_STEP_WORDS} words or fewer.")
    short_steps: ShortStep | None = Field(None, description="The steps in short for a compact "
                                          "list: 1-3 lines of 8 words or fewer, else the steps.")
    tips: list[Text] = Field(min_length=1, description="Form and breathing tips.")
    stop_if: list[Text] = Field(min_length=1, description="When to stop: safety notes.")
    muscles: list[Text] = Field(min_length=1, description="Main muscles worked, in plain words.")
    dose: Dose = Field(description="A conservative default dose.")
    easier: Text | None = Field(None, description="An easier variation.")
    harder: Text | None = Field(None, description="A harder variation.")
    alt: Text = Field(min_length=10, description="Alt text describing the figure.")
    link: Annotated[str, AfterValidator(_web_link)] | None = Field(
        None, description="Optional video or guide page (http or https); printed as a QR code.")
    figure: Figure = Field(description="Pose data for the start and end figure.")


class ExerciseText(BaseModel):
    """The words of one exercise in another language: ``<lang>/<id>.yaml`` beside the
    base files. Pose data, dose, category and link stay in the base file."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    name: Text = Field(description="The name patients who speak this language know.")
    aliases: list[Text] = Field(default_factory=list, description="Other names in this language.")
    purpose: Text = Field(description="One line: what it does for the patient.")
    steps: list[TranslatedStep] = Field(
        min_length=3, max_length=7,
        description=f"3-7 numbered steps, each {MAX_TRANSLATED_STEP_WORDS} words or fewer.")
    short_steps: TranslatedShort | None = Field(None, description="The steps in short: 1-3 "
                                                "lines of 10 words (if the base file has them).")
    tips: list[Text] = Field(min_length=1, description="Form and breathing tips.")
    stop_if: list[Text] = Field(min_length=1, description="When to stop: safety notes.")
    muscles: list[Text] = Field(min_length=1, description="Main muscles worked, in plain words.")
    easier: Text | None = Field(None, description="An easier variation (if the base file has one).")
    harder: Text | None = Field(None, description="A harder variation (if the base file has one).")
    alt: Text = Field(min_length=10, description="Alt text describing the figure.")


def _key(text: str) -> str:
    """Fold a name for matching: case, accents, apostrophes, hyphens and spaces."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))  # niño -> nino
    text = re.sub(r"['’‘`´]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class ExerciseLibrary:
    """Exercises by id, in a stable order: category (in the order of CATEGORIES), then name."""

    def __init__(self, exercises: Iterable[Exercise], folder: Path | None = None, *,
                 language: str = BASE_LANGUAGE, base_names: Mapping[str, list[str]] | None = None,
                 warnings: list[str] | None = None):
        """``base_names`` (by id) are further names that resolve, such as the English
        name and aliases of a translated library; ``warnings`` note texts that fell back."""
        self.folder = folder
        self.language = language
        self.warnings: list[str] = list(warnings or [])
        self.base_names: dict[str, list[str]] = dict(base_names or {})
        ordered = sorted(exercises, key=lambda e: (CATEGORIES.index(e.category), _key(e.name)))
        self._by_id = {e.id: e for e in ordered}
        self._by_key: dict[str, str] = {}
        for e in ordered:
            for label in (e.id, e.name, *e.aliases, *self.base_names.get(e.id, [])):
                owner = self._by_key.setdefault(_key(label), e.id)
                if owner != e.id:
                    raise ContentError(f'{self._where(e.id)}: the name "{label}" is also used by '
                                       f'"{owner}" ({self._where(owner)}); give each exercise '
                                       "its own names")

    def folder_of(self, id_: str) -> Path | None:
        """The folder an exercise's file is in (the library's own folder here)."""
        return self.folder

    def _where(self, id_: str) -> str:
        folder = self.folder_of(id_)
        if not folder:
            return id_
        translated = folder / self.language / f"{id_}.yaml"
        return str(translated if translated.is_file() else folder / f"{id_}.yaml")

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, name: str) -> bool:
        return _key(name) in self._by_key

    @property
    def ids(self) -> list[str]:
        """Every id, in library order."""
        return list(self._by_id)

    def get(self, id_: str) -> Exercise:
        """The exercise with exactly this id; ContentError if there is none."""
        if id_ not in self._by_id:
            raise ContentError(self._unknown(id_))
        return self._by_id[id_]

    def resolve(self, name: str) -> Exercise:
        """Find an exercise by id, name or alias, ignoring case and punctuation."""
        id_ = self._by_key.get(_key(name))
        if id_ is None:
            raise ContentError(self._unknown(name))
        return self._by_id[id_]

    def check_refs(self, names: Iterable[str], source: Path) -> list[Exercise]:
        """Resolve every name used in ``source``; one ContentError lists all unknown ones."""
        found, problems = [], []
        for name in names:
            if name in self:
                found.append(self.resolve(name))
            else:
                problems.append(self._unknown(name))
        if problems:
            raise ContentError(f"{source}: " + "; ".join(problems))
        return found

    def _unknown(self, name: str) -> str:
        hint = self.suggest(name)
        tail = f" (did you mean {hint}?)" if hint else f" (known exercises: {', '.join(self.ids)})"
        return f'unknown exercise "{name}"{tail}'

    def suggest(self, name: str) -> str:
        """The closest ids to ``name``, as '"a" or "b"', or ''."""
        hint = suggest(name, self._by_id)
        if hint:
            return hint
        # No id is close: try every folded name and alias, and name their exercises' ids.
        close = difflib.get_close_matches(_key(name), list(self._by_key), n=6, cutoff=0.7)
        ids = list(dict.fromkeys(self._by_key[k] for k in close))[:3]
        return " or ".join(f'"{i}"' for i in ids)


def builtin_library_dir() -> Path:
    """The folder of exercises that ships with guidepress."""
    return BUILTIN_LIBRARY


def load_library(folder: Path, language: str | None = None) -> ExerciseLibrary:
    """Read every ``<id>.yaml`` in ``folder``; ContentError names the file at fault.

    With a ``language`` other than the base files' own (English), the texts in
    ``folder/<language>/<id>.yaml`` replace the base texts. An exercise without a
    translation keeps its English text and is noted in ``library.warnings``.
    """
    exercises = _load_base(Path(folder))
    language = base_language(language) if language else BASE_LANGUAGE
    if language == BASE_LANGUAGE:
        return ExerciseLibrary(exercises, Path(folder))
    return _translated(exercises, Path(folder), language)


def library_languages(folder: Path) -> list[str]:
    """The languages a library's texts are in: the base files' own, then every
    ``<language>/`` folder holding translations."""
    found = {p.parent.name for p in Path(folder).glob("*/*.yaml")}
    return [BASE_LANGUAGE, *sorted(found - {BASE_LANGUAGE})]


def _load_base(folder: Path) -> list[Exercise]:
    if not folder.is_dir():
        raise ContentError(f"{folder}: exercise folder not found")
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise ContentError(f"{folder}: no exercise files (<id>.yaml) found")
    exercises = []
    for path in paths:
        exercise = load_exercise(path)
        check_figure(exercise.id, exercise.figure, path)
        exercises.append(exercise)
    return exercises


def load_exercise(path: Path) -> Exercise:
    """One exercise file, checked as the library checks it but for ``check_figure``'s pose rules."""
    exercise = load_model(Exercise, path, roots=[path.parent])
    if exercise.id != path.stem:
        raise ContentError(f'{path}: id "{exercise.id}" does not match the file name; '
                           f'rename the file to {exercise.id}.yaml or set id: {path.stem}')
    return exercise


def _translated(exercises: list[Exercise], folder: Path, language: str) -> ExerciseLibrary:
    """The base exercises with their texts in ``language`` laid over them."""
    texts = folder / language
    by_id = {e.id: e for e in exercises}
    if not texts.is_dir():
        warnings = [f"{texts}: no exercise texts in this language; "
                    f"all {len(exercises)} exercises printed in English"]
        return ExerciseLibrary(exercises, folder, language=language, warnings=warnings)
    for path in sorted(texts.glob("*.yaml")):
        if path.stem not in by_id:
            hint = suggest(path.stem, by_id)
            raise ContentError(f'{path}: there is no exercise "{path.stem}" in {folder}'
                               + (f" (did you mean {hint}?)" if hint else
                                  "; name the file after the id of an exercise"))
    names, done, warnings = {}, [], []
    for exercise in exercises:
        path = texts / f"{exercise.id}.yaml"
        if not path.is_file():
            warnings.append(f"{path}: not found; \"{exercise.id}\" printed in English")
            done.append(exercise)
            continue
        text = load_model(ExerciseText, path, roots=[folder])
        for key in ("easier", "harder", "short_steps"):
            if (getattr(exercise, key) is None) != (getattr(text, key) is None):
                have = "has" if getattr(exercise, key) else "has no"
                raise ContentError(f"{path}, {key}: the base file {folder / path.name} {have} "
                                   f"{key}; the translation must match it")
        names[exercise.id] = [exercise.name, *exercise.aliases]
        done.append(exercise.model_copy(update=text.model_dump()))
    return ExerciseLibrary(done, folder, language=language, base_names=names, warnings=warnings)
