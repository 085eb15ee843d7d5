"""The composer's warm side: guides, libraries and renderers loaded once, sheets made on demand.

One ``Composer`` lives as long as the server. It keeps each guide it has loaded (by
id and language) and one ``PdfRenderer`` per guide and theme, so a preview after a
dose change reuses the parsed stylesheets, fonts and the sizes the layout measured
before. Layouts run one at a time (a lock): WeasyPrint is not made for two at once,
and the machine is the clinician's. Every sheet is made by ``products.routine``,
exactly as ``guidepress routine`` makes it: the preview is the print.
"""

from __future__ import annotations

import dataclasses
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass

from guidepress.config.settings import Settings
from guidepress.content.doses import written
from guidepress.content.exercises import CATEGORIES, REGIONS
from guidepress.content.loader import GuideSource, guide_languages, load_guide
from guidepress.content.prescription import FEW_EXERCISES, MAX_EXERCISES, Prescription
from guidepress.errors import ContentError
from guidepress.look.themes import available_themes, check_theme
from guidepress.render.engine import PdfRenderer, Rendered, page_pdf, pdf_bytes

PREVIEW_SCALE = 100 / 72  # 100 dpi: a page about 830 pixels wide
MAX_PREVIEW_PAGES = 8
SHOWN = ("type size", "contrast")
WARM = 24  # exercises laid out at start; a library's cards take about 0.1 s each  # the print checks shown beside the preview


@dataclass(frozen=True)
class Look:
    """How the page asks for the sheet beyond the prescription file: the options of
    ``guidepress routine`` that a prescription does not hold."""

    language: str = ""
    theme: str = ""
    tracker: str = "daily"
    fillable: bool = False

    @classmethod
    def of(cls, form: dict) -> Look:
        return cls(str(form.get("language") or ""), str(form.get("theme") or ""),
                   str(form.get("tracker") or "daily"), form.get("fillable") is True)


@dataclass
class Sheet:
    """One made sheet: its page count and what the render warned about (the
    prescription's own warnings are shown beside the doses they are about). A preview's
    sheet may have its page 1 laid out alone (``first``): the whole sheet is laid out
    when first asked for (another page, the checks, the PDF), and its page 1's picture
    compared with the one shown (``faithful``). Its PDF is written when first asked for."""

    pages: int
    warnings: list[str]
    whole: Callable[[], Rendered]  # lays out the whole sheet
    first: Rendered | None = None
    _rendered: Rendered | None = None
    _pdf: bytes | None = None
    faithful: bool | None = None  # page 1 laid out alone is the whole sheet's page 1
    _shown: bytes | None = None  # page 1 laid out alone, as a picture

    @property
    def rendered(self) -> Rendered:
        """The whole sheet laid out (ask with the composer's lock held)."""
        if self._rendered is None:
            self._rendered = self.whole()
            if self.first is not None:  # the same picture, pixel for pixel
                self.faithful = self._rendered.page_count == self.pages and self.page_image(
                    1) == page_image(page_pdf(self._rendered, 1), 1)
        return self._rendered

    @property
    def pdf(self) -> bytes:
        """The whole PDF, as ``guidepress routine`` writes it (ask with the composer's lock held)."""
        if self._pdf is None:
            self._pdf = pdf_bytes(self.rendered)
        return self._pdf

    def page_image(self, number: int) -> bytes | None:
        """Page ``number`` (from 1) as a PNG image, or None if the sheet has no such page."""
        if not 1 <= number <= self.pages:
            return None
        if number == 1 and self.first is not None and self.faithful is not False:
            if self._shown is None:
                self._shown = page_image(page_pdf(self.first, 1), 1)
            return self._shown
        if number > self.rendered.page_count:
            return None
        return page_image(page_pdf(self.rendered, number), 1)


class Composer:
    """The loaded workspace and the means to make sheets from it."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.lock = threading.Lock()
        self._sources: dict[tuple[str, str], GuideSource] = {}
        self._renderers: dict[tuple[str, str, str], PdfRenderer] = {}
        self._last: tuple[str, Sheet | None] = ("", None)  # the last preview's form and sheet
        self.revision = 0  # previews made so far: names the last one's pages
        self.first_alone = True  # a preview lays out page 1 alone first (``_sheet``)
        self.source("", "")  # the default guide, loaded (and checked) at start

    # --- what the workspace offers --------------------------------------------------------

    def guide_ids(self) -> list[str]:
        return sorted(self.settings.guides)

    def source(self, guide: str, language: str) -> GuideSource:
        """The guide with this id (the workspace's default for '') in ``language``."""
        key = (guide, language)
        if key not in self._sources:
            folder = self.settings.guide_for(guide, "guide")
            if language and language not in guide_languages(folder):  # a name, never a path
                raise ContentError(f'the guide is not written in "{language}"; choose one of '
                                   f"{', '.join(guide_languages(folder))}")
            self._sources[key] = load_guide(folder, language=language or self.settings.language)
        return self._sources[key]

    def about(self) -> dict:
        """What the page needs to start: the workspace, guides, languages, themes, limits."""
        source = self.source("", "")
        workspace = self.settings.workspace.root
        return {
            "workspace": str(workspace) if workspace else "",
            "workspace_name": workspace.name if workspace else "built-in settings",
            "guide": source.guide.title, "guides": self.guide_ids(),
            "languages": guide_languages(source.folder),
            "themes": sorted(available_themes(self.settings.resources.style_dirs)),
            "theme": self.settings.resources.theme,
            "categories": list(CATEGORIES), "regions": list(REGIONS),
            "few": FEW_EXERCISES, "many": MAX_EXERCISES, "programmes": workspace is not None,
        }

    def library(self, guide: str = "", language: str = "") -> list[dict]:
        """The exercise library as the search list shows it, in library order."""
        source = self.source(guide, language)
        return [{"id": e.id, "name": e.name, "aliases": e.aliases, "category": e.category,
                 "regions": e.regions, "purpose": e.purpose, "dose": written(e.dose)}
                for e in source.library]

    def figure(self, id_: str) -> str:
        """The exercise's figure as an SVG document (the default guide's library)."""
        from guidepress.figures.draw import figure_svg

        library = self.source("", "").library
        if id_ not in library.ids:
            raise ContentError(f'no exercise "{id_}" in the library')
        return figure_svg(library.get(id_))

    # --- making sheets --------------------------------------------------------------------

    def _renderer(self, source: GuideSource, resources) -> PdfRenderer:
        key = (str(source.folder), source.guide.language, resources.theme)
        if key not in self._renderers:
            self._renderers[key] = PdfRenderer([source.folder, *resources.roots])
        return self._renderers[key]

    def resources(self, theme: str):
        """The workspace's look, in ``theme`` if one is given."""
        resources = self.settings.resources
        if theme and theme != resources.theme:
            check_theme(theme, resources.style_dirs)
            resources = dataclasses.replace(resources, theme=theme)
        return resources

    def sheet(self, rx: Prescription, look: Look = Look(), key: str = "") -> Sheet:
        """The patient's routine sheet, made as ``guidepress routine`` makes it; the last
        preview's when it was made from the same form (``key``), as a download after a
        preview is."""
        with self.lock:
            sheet = self._whole(self._kept(key) or self._sheet(rx, look))
            sheet.pdf  # written here, under the lock: WeasyPrint does one thing at a time
            return sheet

    def _kept(self, key: str) -> Sheet | None:
        return self._last[1] if key and key == self._last[0] else None

    def preview(self, rx: Prescription, look: Look = Look(), key: str = "") -> tuple[Sheet, bytes, int]:
        """The sheet, its first page as a PNG image (pdfium, like WeasyPrint, one at a
        time) and its revision. The sheet is kept (in memory, the last one only) for its
        other pages (``page``, by revision), and for ``findings`` and a download of the same
        ``key``, which write its whole PDF."""
        with self.lock:
            sheet = self._sheet(rx, look, first=True)
            self._last = (key, sheet)
            self.revision += 1
            return sheet, sheet.page_image(1), self.revision

    def page(self, revision: int, number: int) -> bytes | None:
        """Page ``number`` (from 1) of the last preview's sheet as a PNG, or None when a
        newer preview has replaced that sheet or it has no such page."""
        with self.lock:
            if revision != self.revision or not 1 <= number <= MAX_PREVIEW_PAGES:
                return None
            return self._whole(self._last[1]).page_image(number) if number > 1 \
                else self._last[1].page_image(number)

    def findings(self, rx: Prescription, look: Look = Look(), key: str = "") -> list[dict]:
        """What ``guidepress check`` finds in the sheet: type size and contrast always,
        anything else that is a warning or an error."""
        from guidepress.check.pdf import check_data

        with self.lock:
            found = check_data(self._whole(self._kept(key) or self._sheet(rx, look)).pdf, "the sheet")
        return [{"check": f.check, "level": f.level, "message": f.message, "where": f.where}
                for f in found if f.check in SHOWN or f.level in ("warning", "error")]

    def _sheet(self, rx: Prescription, look: Look, first: bool = False) -> Sheet:
        """The sheet laid out whole; with ``first``, its page 1 alone when that can be
        trusted (``products.routine.render_first_page``), the rest when asked for."""
        from guidepress.products.routine import render_first_page, render_routine

        source = self.source(rx.form.guide, look.language)
        resources = self.resources(look.theme)
        options = dict(paper=self.settings.paper, resources=resources, tracker=look.tracker,
                       renderer=self._renderer(source, resources), fillable=look.fillable)

        def whole() -> Rendered:
            return render_routine(source, rx, **options)

        found = render_first_page(source, rx, **options) if first and self.first_alone else None
        if found is not None:
            rendered, pages = found
            return Sheet(pages, rendered.warnings, whole, first=rendered)
        rendered = whole()
        return Sheet(rendered.page_count, rendered.warnings, whole, _rendered=rendered)

    def _whole(self, sheet: Sheet) -> Sheet:
        """``sheet`` laid out whole; page 1 laid out alone is not used again once it was
        not the whole sheet's (a workspace's stylesheet may style a page by what follows it)."""
        sheet.rendered
        if sheet.faithful is False:
            self.first_alone = False
        return sheet

    def warm_up(self) -> None:
        """Lay out a sheet of the library's exercises at start (up to WARM of them), so
        that the first preview the clinician asks for measures only what is new in it
        (the layout remembers each card's size, its dose line apart)."""
        from guidepress.serve.forms import check

        library = self.source("", "").library
        checked = check({"patient": "Warm up", "exercises": [
            {"id": id_, "dose": "", "note": ""} for id_ in library.ids[:WARM]]}, library)
        if checked.rx:
            self.sheet(checked.rx)


def page_image(pdf: bytes, number: int) -> bytes | None:
    """Page ``number`` (from 1) of a PDF as a PNG image at the preview's size, or None
    if it has fewer pages."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        if not 1 <= number <= len(document):
            return None
        buffer = io.BytesIO()
        # the fastest compression: a third of the time of the default, 6% larger
        document[number - 1].render(scale=PREVIEW_SCALE).to_pil().save(buffer, "PNG", compress_level=1)
        return buffer.getvalue()
    finally:
        document.close()


def download_name(name: str, inline: bool = False) -> str:
    """A Content-Disposition header value for ``name`` that keeps non-ASCII letters
    (RFC 5987 ``filename*``), with a plain ASCII fallback for old clients; ``inline``
    shows the file in the browser rather than saving it."""
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


