"""Find and load a guide folder: ``guide.yaml`` plus any images it uses.

A guide may also hold translations, ``guide.<language>.yaml`` (``guide.es.yaml``),
with the same sections and ids; ``load_guide(folder, "es")`` loads one, together
with the exercise library's texts in that language. The library is the guide's own
``exercises/`` laid over the shared one (see ``content.layers``).

A guide may have editions besides the article: ``editions/<name>/guide.yaml``
(and its translations), in the same format and with the same section ids,
sharing the guide folder's exercise library and images;
``load_guide(folder, edition="plain")`` loads one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guidepress.confine import shown
from guidepress.content.exercises import ExerciseLibrary
from guidepress.content.folders import DEFAULT_GUIDE, library_folders
from guidepress.content.guide import Guide
from guidepress.content.labels import base_language
from guidepress.content.layers import load_layered
from guidepress.content.markup import MAX_NESTING, image_sources, too_busy, too_deep
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError, UsageError
from guidepress.content.images import check_image

GUIDE_FILE = "guide.yaml"
EDITIONS_DIR = "editions"
ARTICLE = "article"  # the edition in the guide folder itself
LANGUAGE_TAG = r"[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*"


@dataclass(frozen=True)
class GuideSource:
    """A validated guide and the folder it came from."""

    guide: Guide
    folder: Path
    library: ExerciseLibrary
    file_name: str = GUIDE_FILE  # guide.yaml, guide.es.yaml, editions/plain/guide.yaml...
    edition: str = ARTICLE

    @property
    def file(self) -> Path:
        return self.folder / self.file_name

    @property
    def slug(self) -> str:
        """A file-name stem for the guide's products, e.g. ``back-in-action``, or
        ``back-in-action-es`` for a translation, so languages never overwrite each other."""
        name = self.folder.resolve().name
        if Path(self.file_name).name == GUIDE_FILE:
            return name
        return f"{name}-{base_language(self.guide.language)}"


def load_guide(folder: Path | None = None, language: str | None = None,
               edition: str | None = None, allow_partial: bool = False) -> GuideSource:
    """Load and validate the guide in ``folder`` (the built-in guide by default), in
    ``language`` if given (a tag such as "es" or "es-MX"; there is no fallback: a
    language the guide is not written in is a UsageError naming those it is), and
    in ``edition`` if given ("article", the default, or an edition's name).

    A translation that leaves parts out is refused, unless ``allow_partial`` or the
    file says ``partial: true``: then those parts come from the guide's own language,
    marked (see ``content.partial``)."""
    folder = Path(folder) if folder else DEFAULT_GUIDE
    if not folder.is_dir():
        hint = " (give the folder that holds guide.yaml)" if folder.name == GUIDE_FILE else ""
        raise ContentError(f"{folder}: guide folder not found{hint}")
    edition = edition or ARTICLE
    place = edition_dir(folder, edition)
    guide = load_model(Guide, place / GUIDE_FILE, roots=[folder])
    name = GUIDE_FILE
    if language and base_language(language) != base_language(guide.language):
        name = _translation(place, language)
        translated = load_model(Guide, place / name, roots=[folder])
        if base_language(translated.language) != base_language(language):
            raise ContentError(f'{place / name}, language: "{translated.language}" does not match '
                               f'the file name; set language: {base_language(language)}')
        guide = _whole(guide, translated, place / name, allow_partial)
    library = load_layered(library_folders(folder), guide.language)
    source = GuideSource(guide, folder, library, (place / name).relative_to(folder).as_posix(), edition)
    check_images(source)
    check_exercises(source)
    return source


def guide_languages(folder: Path | None = None) -> list[str]:
    """The languages a guide is written in: guide.yaml's own, then one per
    ``guide.<language>.yaml`` beside it, as base language tags ("en", "es")."""
    folder = Path(folder) if folder else DEFAULT_GUIDE
    own = base_language(load_model(Guide, folder / GUIDE_FILE, roots=[folder]).language)
    others = {base_language(p.name.removeprefix("guide.").removesuffix(".yaml"))
              for p in folder.glob("guide.*.yaml")}
    return [own, *sorted(others - {own})]


def _whole(base: Guide, translated: Guide, path: Path, allow_partial: bool) -> Guide:
    """The translation, refused if it leaves parts out and nobody asked for that."""
    from guidepress.content.partial import completed, missing_parts

    missing = missing_parts(base, translated)
    if not missing:
        return translated
    if not (allow_partial or translated.partial):
        raise ContentError(
            f"{path}: this translation leaves out {', '.join(missing)}, which would not be printed; "
            f"translate them, or print with --allow-partial (they then print in the guide's own "
            f"language, {base.language}, marked as not yet translated), or write partial: true "
            "in the file if it is partial on purpose")
    return completed(base, translated)


def guide_editions(folder: Path | None = None) -> list[str]:
    """The guide's editions: "article" (the guide folder's own guide.yaml), then the
    name of each ``editions/<name>/`` folder that holds a guide.yaml."""
    folder = Path(folder) if folder else DEFAULT_GUIDE
    found = sorted(d.name for d in (folder / EDITIONS_DIR).glob("*") if (d / GUIDE_FILE).is_file())
    return [ARTICLE, *found]


def edition_dir(folder: Path, edition: str) -> Path:
    """The folder that holds ``edition``'s files; a UsageError names the editions if unknown."""
    if edition == ARTICLE:
        return folder
    if edition not in guide_editions(folder):
        raise UsageError(f'{folder}: the guide has no edition "{edition}"; '
                         f"editions: {', '.join(guide_editions(folder))}")
    return folder / EDITIONS_DIR / edition


def product_edition(folder: Path | None = None) -> str:
    """The edition posters and the pocket card print: "plain" where the guide has
    one (they are read at a glance), else the article."""
    return "plain" if "plain" in guide_editions(folder) else ARTICLE


def guide_files(folder: Path) -> dict[tuple[str, str], Path]:
    """Every file of a guide: (edition, language suffix) -> path, e.g.
    ("plain", "es") -> editions/plain/guide.es.yaml; the suffix of guide.yaml is ""."""
    found: dict[tuple[str, str], Path] = {}
    for edition in guide_editions(folder):
        for path in sorted(edition_dir(folder, edition).glob("guide*.yaml")):
            found[(edition, path.name.removeprefix("guide").removesuffix(".yaml").lstrip("."))] = path
    return found


def _translation(folder: Path, language: str) -> str:
    if not re.fullmatch(LANGUAGE_TAG, language):
        raise UsageError(f'"{language}" is not a language tag (such as "es" or "es-MX"); '
                         f"languages of this guide: {', '.join(guide_languages(folder))}")
    name = f"guide.{base_language(language)}.yaml"
    if not os.path.lexists(folder / name):  # anything else there is refused by the reader
        raise UsageError(f'{folder}: the guide is not available in "{language}" (no {name}); '
                         f"languages: {', '.join(guide_languages(folder))}")
    return name


def check_exercises(source: GuideSource) -> None:
    """Every exercise a section names exists in the library."""
    def walk(sections, prefix):
        for i, section in enumerate(sections):
            here = f"{prefix}[{i}]"
            if section.exercises:
                source.library.check_refs(section.exercises, f"{source.file}, {here}.exercises")
            walk(section.sections, f"{here}.sections")

    walk(source.guide.sections, "sections")


def markdown_fields(guide: Guide) -> list[tuple[str, str]]:
    """Every Markdown text of the guide with its key path, for checks."""
    found = [("intro", guide.intro)]

    def walk(sections, prefix):
        for i, s in enumerate(sections):
            here = f"{prefix}[{i}]"
            found.extend([(f"{here}.body", s.body), (f"{here}.after", s.after)])
            found.extend((f"{here}.items[{j}].text", it.text) for j, it in enumerate(s.items))
            walk(s.sections, f"{here}.sections")

    walk(guide.sections, "sections")
    if guide.safety:
        found.append(("safety.body", guide.safety.body))
    if guide.faq:
        found.extend((f"faq.entries[{i}].answer", e.answer) for i, e in enumerate(guide.faq.entries))
    return found


def check_images(source: GuideSource) -> None:
    """Every image named in the content is a picture file inside the guide folder, no
    text nests so deep that the Markdown parser would leave part of it out, and none
    marks so many words that laying it out would take minutes."""
    for key, text in markdown_fields(source.guide):
        if too_deep(text):
            raise ContentError(f"{source.file}, {key}: quotes or lists are nested more than "
                               f"{MAX_NESTING // 2} levels deep, too deep to print (what is "
                               "inside would be left out): nest them less")
        if busy := too_busy(text):
            raise ContentError(f"{source.file}, {key}: {busy}, too many to lay out in good "
                               "time: mark fewer words, or put spaces between them")
        for src in image_sources(text):
            where = f"{source.file}, {key}"
            if urlsplit(src).scheme:
                raise ContentError(f'{where}: image "{src}" must be a file in the guide folder, '
                                   "given by a relative path (web and file: addresses are not used)")
            # Markdown writes "café" as "caf%C3%A9"; a %00 is refused by the reader
            path, name = source.folder / unquote(src), shown(unquote(src))
            if "\x00" not in str(path) and not os.path.lexists(path):
                raise ContentError(f'{where}: image "{name}" not found (looked for {path})')
            check_image(path, f'{where}, image "{name}"', [source.folder])
