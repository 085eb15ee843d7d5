"""Partial translations: what a translation leaves out of its guide, and a guide that
prints those parts in the guide's own language, each marked as not yet translated.

A translation without the safety part would print a sheet with no "Stop and get
help" box, so one that leaves anything out is refused unless the command allows
it (``--allow-partial``) or the file says it is partial on purpose (``partial: true``).
"""

from __future__ import annotations

from guidepress.content.guide import Guide, Section


def missing_parts(base: Guide, translation: Guide) -> list[str]:
    """The parts of ``base`` that ``translation`` leaves out, as a reader names them."""
    found = {s.id for s in translation.all_sections()}
    parts = ["the safety part (the Stop box)"] if base.safety and not translation.safety else []
    parts += [f'section "{s.id}"' for s in base.all_sections() if s.id not in found]
    if base.faq and not translation.faq:
        parts.append("the FAQ")
    return parts


def completed(base: Guide, translation: Guide) -> Guide:
    """``translation`` with every part it leaves out taken from ``base``, in ``base``'s
    order and marked with ``base``'s language."""
    language = base.language
    update: dict = {"sections": _sections(base.sections, translation.sections, language)}
    if base.safety and not translation.safety:
        update["safety"] = base.safety.model_copy(update={"language": language})
    if base.faq and not translation.faq:
        update["faq"] = base.faq.model_copy(update={"language": language})
    return translation.model_copy(update=update)


def _sections(base: list[Section], translated: list[Section], language: str) -> list[Section]:
    own = {s.id: s for s in translated}
    out = []
    for section in base:
        if section.id in own:
            mine = own.pop(section.id)
            out.append(mine.model_copy(update={"sections": _sections(section.sections, mine.sections,
                                                                     language)}))
        else:
            out.append(_marked(section, language))
    return out + list(own.values())  # sections only the translation has keep their place last


def _marked(section: Section, language: str) -> Section:
    return section.model_copy(update={"language": language, "sections": [
        _marked(child, language) for child in section.sections]})
