"""Typed models of a guide's content: metadata, sections, list items and FAQ.

Every model forbids unknown keys so a typo in a content file is an error, not
a silently missing paragraph. Field descriptions feed ``guidepress schema``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_TEXT = 20_000  # characters in one text field: pages of prose, and a render stays quick
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _plausible(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day.isoformat()} is not a plausible date (give a year from "
                         f"{FIRST_YEAR} to {LAST_YEAR})")
    return day


# A calendar date that later sums (a programme's last day, a tracker's weeks) cannot overflow.
Day = Annotated[dt.date, AfterValidator(_plausible)]


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, strings are stripped and bounded."""

    # Schemas are built on first use (defer_build), as in the other content models: a
    # command that validates nothing, such as a batch with nothing to do, skips that work.
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True,
                              str_max_length=MAX_TEXT)


class Item(Strict):
    """One bullet of a list, optionally opened by a bold lead-in."""

    lead: str | None = Field(None, description="Bold words that open the item, e.g. 'Start Slowly'.")
    text: str = Field("", description="The rest of the item (Markdown).")
    picture: str | None = Field(None, description="A picture beside the item on posters: an icon "
                                "(doctor, shoes, slow, stretch, move, calm, heart, muscles) or an exercise id, "
                                "whose figure is shown.")

    @model_validator(mode="after")
    def _not_empty(self) -> "Item":
        if not (self.lead or self.text):
            raise ValueError("an item needs a lead, a text or both")
        return self


class Section(Strict):
    """A headed part of the guide; it may hold sub-sections one level down."""

    id: str = Field(description="Short unique name (lower-case words joined by '-'), used for links.",
                    pattern=SLUG)
    heading: str = Field(min_length=1, description="The heading printed above the section.")
    body: str = Field("", description="Paragraphs before the list (Markdown; blank line between paragraphs).")
    items: list[Item] = Field(default_factory=list, description="A bulleted list after the body.")
    after: str = Field("", description="Paragraphs after the list (Markdown).")
    exercises: list[str] = Field(
        default_factory=list,
        description="Ids of exercises from the exercise library, shown as illustrated cards after the text.")
    sections: list["Section"] = Field(default_factory=list, description="Sub-sections.")
    language: str = Field("", pattern=r"^([a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*)?$", description=(
        "The language of this part when it is not the guide's: set by guidepress on a part a "
        "partial translation leaves out, which then prints in the guide's own language."))

    @field_validator("exercises")
    @classmethod
    def _exercise_ids(cls, ids: list[str]) -> list[str]:
        bad = [i for i in ids if not re.match(SLUG, i)]
        if bad:
            raise ValueError(f"exercise ids are lower-case words joined by '-': {', '.join(bad)}")
        return ids


class FaqEntry(Strict):
    """One question and its answer."""

    question: str = Field(min_length=1, description="The question, as a patient would ask it.")
    answer: str = Field(min_length=1, description="The answer (Markdown).")


class Faq(Strict):
    """The frequently-asked-questions part, printed after the sections."""

    heading: str = Field("Frequently asked questions", description="Heading of the FAQ part.")
    entries: list[FaqEntry] = Field(min_length=1, description="Questions and answers, in order.")
    language: str = Field("", pattern=r"^([a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*)?$", description=(
        "The language of this part when it is not the guide's: set by guidepress on a part a "
        "partial translation leaves out, which then prints in the guide's own language."))


class WarningGroup(Strict):
    """A list of warning signs under one instruction, e.g. 'Get urgent help if you have:'."""

    heading: str = Field(min_length=1, description="What to do, e.g. 'Call for urgent help if you have:'.")
    urgent: bool = Field(False, description="True for signs that need help at once (printed most prominently).")
    signs: list[str] = Field(min_length=1, description="The warning signs, one per item.")
    call_heading: str = Field("", pattern=r"^$|\{number\}", description=(
        "The heading when the clinic sets its emergency number, with {number} where the "
        "number goes, e.g. 'Call {number} now if you have:' (printed large)."))


class Safety(Strict):
    """The 'Stop and get help' box printed on handouts and routine sheets."""

    heading: str = Field("Stop and get help", description="Heading of the box.")
    body: str = Field(min_length=1, description="What to do if pain starts while exercising (Markdown).")
    groups: list[WarningGroup] = Field(default_factory=list, description="Warning signs, most urgent first.")
    language: str = Field("", pattern=r"^([a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*)?$", description=(
        "The language of this part when it is not the guide's: set by guidepress on a part a "
        "partial translation leaves out, which then prints in the guide's own language."))


PosterSize = Literal["a4", "a3", "a2", "a1", "letter", "tabloid"]


class PosterDesign(Strict):
    """A one-page poster made from parts of the guide (also the faces of the pocket card)."""

    id: str = Field(pattern=SLUG, description="Short name used on the command line, e.g. 'core-series'.")
    title: str | None = Field(None, description="Poster title. Default: the first section's heading.")
    intro: str = Field("", description="One or two plain sentences under the title.")
    sections: list[str] = Field(default_factory=list, description="Ids of the sections to print, in order.")
    show: list[Literal["body", "items", "exercises"]] = Field(
        default_factory=lambda: ["items", "exercises"],
        description="What of each section to print: its body, its list items, its exercises "
                    "(illustrated, with the library's default dose).")
    faq: list[int] = Field(default_factory=list,
                           description="Numbers (from 1) of FAQ entries to print as advice.")
    safety: Literal["all", "signs"] | None = Field(
        None, description="Print the guide's safety content: 'all' (its advice and warning signs) "
                          "or 'signs' (the warning signs only).")
    size: PosterSize = Field("a3", description="Default paper size (used by guidepress build).")
    card: Literal["front", "back"] | None = Field(
        None, description="Also print this design on the front or back of the pocket card.")


class Guide(Strict):
    """A whole guide: metadata, introduction, sections and FAQ."""

    title: str = Field(min_length=1, description="Main title, e.g. 'Back in Action'.")
    subtitle: str = Field("", description="Line under the title.")
    language: str = Field("en", description="Language of the text as a BCP 47 tag (en, es, pt-BR).",
                          pattern=r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    version: str = Field(min_length=1, description="Content version printed in the footer, e.g. '1.2'.")
    reviewed: Day = Field(description="Date the content was last reviewed (YYYY-MM-DD).")
    author: str = Field(min_length=1, description="Person or organisation responsible for the content.")
    summary: str = Field("", description="One-sentence description; becomes the PDF subject.")
    keywords: list[str] = Field(default_factory=list, description="Search keywords for the PDF metadata.")
    link: str | None = Field(None, description="Web address of the guide, if it has one.",
                             pattern=r"^https?://\S+$")
    intro: str = Field("", description="Introduction printed under the title (Markdown).")
    message: str = Field("", description="The main message in one plain sentence; guidepress check "
                                         "looks for it, word for word, in the first 50 words.")
    cover: str = Field("", description="The handout cover's picture: an exercise id (its figure) or "
                                       "a picture file in the guide folder. Default: the figure of "
                                       "the guide's first exercise.")
    reading_grade: float = Field(8, ge=1, le=18, description="Target reading grade; guidepress check "
                                 "reports a guide that reads above it as an error.")
    red_flags: str | None = Field(None, pattern=SLUG, description="Warning signs the safety part must "
                                  "name, as a list shipped with guidepress (e.g. low-back-pain).")
    partial: bool = Field(False, description="A translation that leaves parts out on purpose: "
                          "guidepress check warns about them instead of failing, and products print "
                          "them in the guide's own language, marked as not yet translated.")
    sections: list[Section] = Field(min_length=1, description="The guide's sections, in order.")
    faq: Faq | None = Field(None, description="Frequently asked questions.")
    safety: Safety | None = Field(None, description="When to stop exercising and get help.")
    posters: list[PosterDesign] = Field(
        default_factory=list, description="Poster designs (guidepress poster --list) and the pocket card's faces.")

    @model_validator(mode="after")
    def _unique_ids(self) -> "Guide":
        seen: set[str] = set()
        for section in self.all_sections():
            if section.id in seen:
                raise ValueError(f'section id "{section.id}" is used twice; ids must be unique')
            seen.add(section.id)
        self._check_posters(seen)
        return self

    def _check_posters(self, section_ids: set[str]) -> None:
        """Poster designs name existing sections and FAQ entries, once each."""
        ids: set[str] = set()
        faces: set[str] = set()
        for design in self.posters:
            where = f'poster "{design.id}"'
            if design.id in ids:
                raise ValueError(f"{where} is defined twice; poster ids must be unique")
            ids.add(design.id)
            for name in design.sections:
                if name not in section_ids:
                    raise ValueError(f'{where}: no section has the id "{name}"')
            count = len(self.faq.entries) if self.faq else 0
            for number in design.faq:
                if not 1 <= number <= count:
                    raise ValueError(f"{where}: faq {number} does not exist (the guide has {count} FAQ entries)")
            if design.safety and not self.safety:
                raise ValueError(f"{where}: asks for safety content but the guide has no safety: part")
            if not (design.sections or design.faq or design.safety):
                raise ValueError(f"{where}: give sections, faq or safety to print")
            if design.card in faces:
                raise ValueError(f"{where}: another poster is already the card's {design.card}")
            if design.card:
                faces.add(design.card)

    def all_sections(self) -> list[Section]:
        """Every section and sub-section, depth first."""
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.sections))
        return out

    def exercise_ids(self) -> list[str]:
        """Every exercise the guide refers to, in order of first mention."""
        return list(dict.fromkeys(i for s in self.all_sections() for i in s.exercises))
