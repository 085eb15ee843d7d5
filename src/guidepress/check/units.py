"""A guide's own text in reading order, piece by piece, each with its key path.

Exercise cards are not included: their words live in the exercise library and
read at grade 1 to 3, so leaving them out makes a guide's grade the stricter
measure of the text its authors wrote.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One piece of text: where it is (key path), which section holds it, and
    whether it is a label (heading, name) rather than running text."""

    loc: tuple
    text: str
    section: str  # a section id, "intro", "safety" or "faq"
    label: bool = False


def _section_units(sections, prefix: tuple) -> list[Unit]:
    out: list[Unit] = []
    for i, s in enumerate(sections):
        here = (*prefix, i)
        if getattr(s, "language", ""):  # left out by a partial translation: not its words
            continue
        out.append(Unit((*here, "heading"), s.heading, s.id, label=True))
        if s.body:
            out.append(Unit((*here, "body"), s.body, s.id))
        for j, item in enumerate(s.items):
            if item.lead:
                out.append(Unit((*here, "items", j, "lead"), item.lead, s.id, label=True))
            if item.text:
                out.append(Unit((*here, "items", j, "text"), item.text, s.id))
        if s.after:
            out.append(Unit((*here, "after"), s.after, s.id))
        out.extend(_section_units(s.sections, (*here, "sections")))
    return out


def _safety_units(safety) -> list[Unit]:
    out = [Unit(("safety", "heading"), safety.heading, "safety", label=True)]
    for i, group in enumerate(safety.groups):
        out.append(Unit(("safety", "groups", i, "heading"), group.heading, "safety"))
        out.extend(Unit(("safety", "groups", i, "signs", j), sign, "safety")
                   for j, sign in enumerate(group.signs))
    out.append(Unit(("safety", "body"), safety.body, "safety"))
    return out


def _faq_units(faq) -> list[Unit]:
    out = [Unit(("faq", "heading"), faq.heading, "faq", label=True)]
    for i, entry in enumerate(faq.entries):
        out.append(Unit(("faq", "entries", i, "question"), entry.question, "faq"))
        out.append(Unit(("faq", "entries", i, "answer"), entry.answer, "faq"))
    return out


def guide_units(guide) -> list[Unit]:
    """Every piece of the guide's text, in the order a handout prints it."""
    out = [Unit(("title",), guide.title, "intro", label=True)]
    if guide.subtitle:
        out.append(Unit(("subtitle",), guide.subtitle, "intro", label=True))
    if guide.summary:
        out.append(Unit(("summary",), guide.summary, "intro"))
    if guide.intro:
        out.append(Unit(("intro",), guide.intro, "intro"))
    # the handout prints the safety box right after the introduction; a part a partial
    # translation left out (``language`` set) is in another language: not scored here
    if guide.safety and not getattr(guide.safety, "language", ""):
        out.extend(_safety_units(guide.safety))
    out.extend(_section_units(guide.sections, ("sections",)))
    if guide.faq and not getattr(guide.faq, "language", ""):
        out.extend(_faq_units(guide.faq))
    return out
