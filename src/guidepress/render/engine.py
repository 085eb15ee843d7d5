"""HTML to PDF with WeasyPrint: safe fetching, warnings collected, atomic writes.

One ``PdfRenderer`` keeps a font configuration, parsed stylesheets and an
image cache, so rendering many documents in one process pays those costs once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
import re
from pathlib import Path

from guidepress.confine import read_bytes
from guidepress.errors import GuidepressError, OutOfMemory, ResourceError, UsageError
from guidepress.memory import out_of_memory
from guidepress.owned import write_bytes
from guidepress.render.collector import rendering
from guidepress.render.deadline import deadline
from guidepress.render.imagecache import unpin
from guidepress.versions import load_weasyprint

_SETS_VARIABLE = re.compile(r"(--[A-Za-z0-9_-]+)\s*:")  # a custom property declared


@dataclass
class Rendered:
    """A laid-out document and the warnings WeasyPrint raised while making it."""

    document: object
    warnings: list[str] = field(default_factory=list)
    pdf_options: dict = field(default_factory=dict)  # passed to write_pdf, e.g. pdf_forms
    html: str = ""  # the filled template
    keep_html: bool = False  # write ``html`` beside the PDF (--html)
    base_dir: Path | None = None  # what relative URLs in ``html`` resolve against
    stylesheets: list[Path] = field(default_factory=list)  # applied on top of ``html``
    files: list[Path] = field(default_factory=list)  # read through the renderer so far (fonts, images)
    product: str = "document"  # what the PDF is ("routine"), for messages

    @property
    def page_count(self) -> int:
        return len(self.document.pages)


@dataclass
class _Parsed:
    """A set of stylesheets parsed together, with the ``@counter-style`` and
    ``@color-profile`` rules they define (WeasyPrint keeps those apart from the sheets)."""

    sheets: list = field(default_factory=list)
    counter_styles: dict = field(default_factory=dict)
    color_profiles: dict = field(default_factory=dict)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """Gather WeasyPrint's warnings instead of letting them scroll past."""
    logger = logging.getLogger("weasyprint")
    handler = _Collector()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


class PdfRenderer:
    """Render HTML strings to PDF, reading files only below ``roots``."""

    def __init__(self, roots: list[Path]):
        load_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        from guidepress.render.fetcher import SafeFetcher

        self.fetcher = SafeFetcher(roots)
        self.font_config = FontConfiguration()
        self._css: dict[tuple, _Parsed] = {}
        self._images: dict = {}

    def stylesheets(self, paths: list[Path], html: str = "") -> _Parsed:
        """The parsed stylesheets for ``paths``, with the variables that are constant for
        them resolved (see ``cssvars``): parsed once per renderer for each set of
        variables the document sets itself. One that fails to load is an error."""
        keep = frozenset(_SETS_VARIABLE.findall(html))
        key = (tuple(Path(p).resolve() for p in paths), keep)
        if key not in self._css:
            self._css[key] = self._parse(list(key[0]), keep)
        return self._css[key]

    def _parse(self, paths: list[Path], keep: frozenset[str]) -> _Parsed:
        from tinycss2.bytes import decode_stylesheet_bytes
        from weasyprint import CSS

        from guidepress.render.cssvars import imported_variables, resolve_variables

        def read(path: Path) -> str:  # read here, not by the fetcher, but as confined
            return decode_stylesheet_bytes(read_bytes(path, "stylesheet", self.fetcher.roots))[0]

        def imported(path: Path) -> str | None:
            try:
                return read(path)
            except GuidepressError:  # the fetcher refuses it, with the URL, when it is imported
                return None

        texts = [read(p) for p in paths]
        for path, text in zip(paths, texts):  # a variable an imported stylesheet sets is not
            keep |= imported_variables(text, path, imported)  # constant here
        parsed = _Parsed()
        for path, text in zip(paths, resolve_variables(texts, keep, paths)):
            before = dict(parsed.counter_styles)
            with collect_warnings() as warnings:
                parsed.sheets.append(CSS(
                    string=text, base_url=path.as_uri(), url_fetcher=self.fetcher,
                    font_config=self.font_config, counter_style=parsed.counter_styles,
                    color_profiles=parsed.color_profiles))
            _refuse_failed_loads(warnings)
            _refuse_counter_styles(parsed.counter_styles, before, path)
        return parsed

    def render(self, html: str, *, base_dir: Path, stylesheets: list[Path],
               cmyk_profile: Path | None = None, product: str = "document",
               **pdf_options) -> Rendered:
        """Lay out ``html``; relative URLs in it resolve against ``base_dir``.

        ``pdf_options`` (such as ``pdf_forms=True``) go to WeasyPrint both when laying
        out and when writing, as some of them act at each stage. ``cmyk_profile``
        characterises device CMYK when no stylesheet names a profile for it.
        """
        from weasyprint import HTML

        from guidepress.render.counters import bounded_counter_style
        from guidepress.render.layouts import bound_layouts, unexpected_errors
        from guidepress.render.profiles import complete, load_cmyk

        bound_layouts()  # flex and grid boxes nested past what can be laid out are refused

        with (rendering(), collect_warnings() as warnings, _resource_errors(), unexpected_errors(),
              deadline(f"laying out the {product} PDF")):
            parsed = self.stylesheets(stylesheets, html)
            profiles = dict(parsed.color_profiles)  # the document's own rules add to a copy
            if cmyk_profile and "device-cmyk" not in profiles:
                profiles["device-cmyk"] = load_cmyk(cmyk_profile)
            doc = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/",
                       url_fetcher=self.fetcher).render(
                stylesheets=parsed.sheets, font_config=self.font_config, cache=self._images,
                counter_style=bounded_counter_style(parsed.counter_styles),
                color_profiles=profiles,
                **pdf_options)
            complete(doc.color_profiles)
            _refuse_attachments(doc)
            unpin(self._images)  # no cached image keeps this document alive
        try:
            _refuse_failed_loads(warnings)
        finally:  # WeasyPrint caches a failed image as None: forget it, so it fails again
            for url in [url for url, image in self._images.items() if image is None]:
                del self._images[url]
        _refuse_unmet_variant(doc, pdf_options.get("pdf_variant"))
        return Rendered(doc, list(warnings), pdf_options, html, base_dir=Path(base_dir),
                        stylesheets=list(stylesheets), files=sorted(self.fetcher.served),
                        product=product)


@contextlib.contextmanager
def _resource_errors() -> Iterator[None]:
    from guidepress.render.fetcher import RefusedResource

    try:
        yield
    except RefusedResource as exc:
        raise ResourceError(f"refused resource {exc.url}: {exc.reason}") from None
    except MemoryError:  # past the cap (guidepress.memory): the caller names the template
        raise OutOfMemory(f"laying out the PDF ran out of memory: {out_of_memory()}; check "
                          "the template and its stylesheets") from None
    except (OverflowError, ZeroDivisionError) as exc:
        # a size in a stylesheet the layout cannot hold (font-size: 1e30px divides by zero)
        raise ResourceError(f"the stylesheets ask for a page or box too large to lay out "
                            f"({type(exc).__name__}); check @page size and other lengths "
                            "in your stylesheets") from None


def _refuse_counter_styles(styles: dict, before: dict, path: Path) -> None:
    """A stylesheet's ``@counter-style`` rules past a bound (``render.counters``) are
    refused with its name, before any document uses them."""
    from guidepress.render.counters import counter_style_problem

    changed = [name for name, rule in styles.items() if before.get(name) is not rule]
    problem = counter_style_problem(styles, changed)
    if problem:
        raise ResourceError(f"stylesheet {path}: it {problem}")


def _refuse_attachments(document) -> None:
    """A template's ``<link rel="attachment">`` or ``<a rel="attachment">`` would embed a
    file in the PDF (another patient's sheet, a manifest): no product asks for one, so a
    template that does is refused before anything is read."""
    asked = [target for page in document.pages for kind, target, *_ in page.links
             if kind == "attachment"]
    if asked or document.metadata.attachments:
        what = f'"{asked[0]}"' if asked else "a file"
        raise ResourceError(f"the template asks to attach {what} to the PDF; guidepress "
                            'attaches no files: remove rel="attachment" from the template')


def pdf_bytes(rendered: Rendered, target=None) -> bytes | None:
    """Write the PDF (to ``target``, else return it), its tags completed when tagged and
    what its variant claims made true (see ``conformance``)."""
    from guidepress.render.fetcher import refusals
    from guidepress.render.languages import record_languages

    record_languages()  # for /Lang on text in another language (tagging.py)
    with (rendering(), collect_warnings() as warnings, _resource_errors(), refusals(),
          _written(rendered.product), deadline(f"writing the {rendered.product} PDF")):
        data = rendered.document.write_pdf(target, finisher=partial(_finish, rendered.pdf_options),
                                           custom_metadata=True, **rendered.pdf_options)
    rendered.warnings.extend(warnings)
    return data


def page_pdf(rendered: Rendered, number: int) -> bytes:
    """Page ``number`` (from 1) of a laid-out document alone, as a plain PDF to be shown as
    a picture: the same page as in ``pdf_bytes``, without the tags and claims a picture
    does not show, for a fraction of writing them all."""
    from guidepress.render.fetcher import refusals

    document = rendered.document
    with (rendering(), collect_warnings() as warnings, _resource_errors(), refusals(),
          _written(rendered.product), deadline(f"writing page {number} of the {rendered.product}")):
        data = document.copy([document.pages[number - 1]]).write_pdf()
    rendered.warnings.extend(w for w in warnings if w not in rendered.warnings)
    return data


@contextlib.contextmanager
def _written(product: str):
    """WeasyPrint's unexpected errors while writing (see ``layouts.unexpected_errors``),
    said with the template that asked for them."""
    from guidepress.errors import HeavyLayout, TemplateError
    from guidepress.render.layouts import unexpected_errors

    try:
        with unexpected_errors("writing it as a PDF"):
            yield
    except HeavyLayout as exc:
        raise TemplateError(f"template {product}.html: it {exc}") from None


def _finish(options: dict, document, pdf) -> None:
    """WeasyPrint ``finisher``: complete the tags (when tagged) and the variant's claims."""
    from guidepress.render.conformance import finish_variant
    from guidepress.render.tagging import finish_tags

    if options.get("pdf_tags"):
        finish_tags(document, pdf)
    finish_variant(pdf, options.get("pdf_variant") or "", bool(options.get("pdf_tags")))


def _refuse_unmet_variant(document, variant: str | None) -> None:
    """A PDF/X variant without a CMYK profile would claim an output intent it lacks."""
    from guidepress.look.variants import NO_PROFILE_HELP, needs_cmyk_profile

    if variant and needs_cmyk_profile(variant) and "device-cmyk" not in document.color_profiles:
        raise UsageError(NO_PROFILE_HELP.format(variant=variant))


def _refuse_failed_loads(warnings: list[str]) -> None:
    """An image or stylesheet WeasyPrint could not load is an error, not a warning:
    the page would silently miss it."""
    for message in warnings:
        if message.startswith(("Failed to load image", "Failed to load stylesheet")):
            what = message.removeprefix("Failed to load ").split(" at ", 1)
            reason = what[1] if len(what) > 1 else message
            if "RecursionError" in reason:
                reason += " (a stylesheet imports itself, directly or through another)"
            raise ResourceError(f"cannot use the {what[0]} at {reason}")


def write_document(rendered: Rendered, target: Path) -> bytes:
    """Write the PDF to ``target`` atomically (a failed run leaves no partial file)
    and return its bytes, so callers hash them without reading the file back."""
    data = pdf_bytes(rendered)
    write_bytes(target, data)
    return data


