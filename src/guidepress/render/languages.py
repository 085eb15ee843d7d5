"""The language of each part of a tagged PDF: ``/Lang`` on the structure elements of
text in another language than the document's (the parts of a partial translation
printed in the guide's own language, their notes), so a screen reader reads them
with the right voice and a checker sees them as meant.

WeasyPrint knows each text's language (its computed ``lang``, from the HTML ``lang``
attribute) but writes only the document's. While it draws, ``record_languages``
notes the language of each marked-content id of a page; ``tag_languages``, in the
finisher, puts those that differ from the document's on the elements the ids belong to.
"""

from __future__ import annotations

from contextlib import contextmanager

import pydyf

from guidepress.render.listtags import deref

_SEEN = "_guidepress_languages"  # on each page stream: marked-content id -> language


def record_languages() -> None:
    """Have WeasyPrint's page streams note each marked content's language (once)."""
    from weasyprint.pdf.stream import Stream

    if getattr(Stream.marked, "records_languages", False):
        return
    drawn = Stream.marked

    @contextmanager
    def marked(self, box, tag):
        with drawn(self, box, tag):
            found = (self._tags or {}).get(box)
            language = (getattr(box, "style", None) or {}).get("lang") if found else None
            if language:
                self.__dict__.setdefault(_SEEN, {})[found["mcid"]] = str(language)
            yield

    marked.records_languages = True
    Stream.marked = marked


def tag_languages(pdf, parents: dict) -> None:
    """Set ``/Lang`` on each structure element whose text is in another language than
    the document's; ``parents`` is the parent tree (page index -> element per id)."""
    document = _base(str(getattr(pdf.catalog.get("Lang"), "string", "")))
    for index, page in enumerate(_pages(pdf)):
        languages = getattr(deref(pdf, page.get("Contents")), _SEEN, {})
        elements = parents.get(index)
        if not languages or not isinstance(elements, list):
            continue
        for mcid, language in sorted(languages.items()):
            element = deref(pdf, elements[mcid]) if mcid < len(elements) else None
            if isinstance(element, pydyf.Dictionary) and _base(language) != document:
                element["Lang"] = pydyf.String(language)


def _pages(pdf) -> list:
    return [deref(pdf, reference) for reference in pdf.page_references]


def _base(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()
