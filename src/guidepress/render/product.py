"""Fill a product's template and render it: the steps every product shares."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from guidepress.content.loader import GuideSource
from guidepress.errors import OutOfMemory, TemplateError, UsageError
from guidepress.freshness import sha256_hex
from guidepress.owned import claim, owned_path
from guidepress.look.resources import Resources
from guidepress.look.variants import variant_options
from guidepress.render.deadline import LayoutTimeout
from guidepress.render.depth import refuse_deep
from guidepress.render.engine import PdfRenderer, Rendered, write_document
from guidepress.render.layouts import HeavyLayout
from guidepress.render.view import template_context
from guidepress.render.profiles import restated


@dataclass
class Written:
    """A PDF that was written, for reporting."""

    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)
    size: int = 0  # bytes, and their SHA-256, when the PDF was made in memory
    sha256: str = ""
    status: str = "written"  # or "unchanged": up to date, so not rendered again


def fill_template(resources: Resources, name: str, context: dict) -> str:
    """Render one Jinja2 template, turning template mistakes into TemplateError."""
    import jinja2
    from jinja2.sandbox import SecurityError

    from guidepress.look.bounds import TooMuch

    brand = resources.branding(context.get("language"))
    # branded output credits the clinic, not the guide's own authors
    credit = brand["name"] or getattr(context.get("guide"), "author", "")
    # the one gate between the product's models and the template: plain data only
    context = template_context({"clinic": brand, "type_scale": resources.type_scale,
                                "credit": credit, **context})
    try:
        return resources.environment.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f'template "{exc.name}" not found (looked in your templates '
                            "folders, then the built-in templates)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name} line {exc.lineno}: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}{_template_line(exc)}: {exc.message} "
                            "(check the variable name against the guide format: "
                            "guidepress schema)") from None
    except (TooMuch, TemplateError) as exc:  # ours: a bound, or a filter's (css_mm) refusal
        raise TemplateError(f"template {name}{_template_line(exc)}: {exc}") from None
    except RecursionError as exc:
        raise TemplateError(f"template {name}{_template_line(exc)}: a macro or loop calls "
                            "itself without end") from None
    except SecurityError as exc:
        raise TemplateError(f"template {name}{_template_line(exc)}: {exc}; templates run in a "
                            "sandbox and may only use the guide's values, filters and "
                            "figure() and qr()") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {name}{_template_line(exc)}: {exc}") from None
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError, MemoryError) as exc:
        # A mistake in template code (1/0, a missing key, a bad call, a filter given a
        # number where it wants a text) is the author's to fix.
        raise TemplateError(f"template {name}{_template_line(exc)}: "
                            f"{type(exc).__name__}: {exc}") from None


def _template_line(exc: Exception) -> str:
    """' (file line N)' for the innermost template frame of a render error."""
    tb, found = exc.__traceback__, ""
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".htm", ".xml", ".svg")) or "<template>" in code.co_filename:
            found = f" ({Path(code.co_filename).name} line {tb.tb_lineno})"
        tb = tb.tb_next
    return found


def _same_name(a: Path, b: Path) -> bool:
    """Whether two paths name one file, also on file systems that ignore case."""
    return os.path.abspath(a).casefold() == os.path.abspath(b).casefold()


def render_product(source: GuideSource, *, template: str, stylesheets: list[str], context: dict,
                   resources: Resources, renderer: PdfRenderer | None = None,
                   html: str | None = None, **pdf_options) -> Rendered:
    """Fill ``template`` with ``context`` (unless it was filled already: ``html``)
    and lay it out with the named stylesheets, for the resources' PDF variant
    (tagged in every case)."""
    if html is None:
        html = fill_template(resources, template, context)
    refuse_deep(html, template)
    try:
        rendered = render_html(source, html,
                               stylesheets=stylesheets, resources=resources, renderer=renderer,
                               product=Path(template).stem, **pdf_options)
    except RecursionError:  # nested past what layout can follow, in a way the bound missed
        raise TemplateError(f"template {template}: its HTML nests too deeply to lay out; check "
                            "it for a loop that opens a tag each time round") from None
    except HeavyLayout as exc:  # a bound on layout work (nesting, a huge grid)
        raise TemplateError(f"template {template}: it {exc}") from None
    except LayoutTimeout as exc:  # the time bound: name the template it was laying out
        raise LayoutTimeout(f"template {template}: {exc}") from None
    except OutOfMemory as exc:  # the memory cap, likewise
        raise OutOfMemory(f"template {template}: {exc}") from None
    labels = context.get("labels")
    if hasattr(labels, "warnings"):
        rendered.warnings[:0] = labels.warnings()
    rendered.warnings[:0] = getattr(source.library, "warnings", [])  # untranslated exercises
    rendered.warnings[:0] = resources.brand_warnings()  # colours changed, placeholder left out
    return rendered


def render_html(source: GuideSource, html: str, *, stylesheets: list[str],
                resources: Resources, renderer: PdfRenderer | None = None,
                **pdf_options) -> Rendered:
    """Lay out a filled template with the named stylesheets and the resources' PDF variant."""
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])
    rendered = renderer.render(html, base_dir=source.folder,
                               stylesheets=resources.stylesheets(stylesheets),
                               **variant_options(resources.pdf_variant, resources.print_profile),
                               **pdf_options)
    rendered.html = html
    rendered.keep_html = resources.keep_html
    return rendered


def standalone_html(rendered: Rendered, folder: Path) -> str:
    """The filled template, made to render on its own from ``folder``: a ``<base>``
    pointing at the guide folder and a link to each stylesheet (which bring their
    fonts) and a statement of the colour profiles it used, so ``weasyprint page.html
    page.pdf`` (with ``--pdf-variant`` as rendered) makes the same document.

    Links come first in the head: guidepress passes these stylesheets as user
    stylesheets, which the template's own ``<style>`` overrides, and linked
    stylesheets placed before it are overridden by it in the same way. A file
    the page names by its ``file:`` address (the clinic's logo) is linked by a
    relative path too, so the HTML never shows where the files are on this machine.
    """
    base = rendered.base_dir or folder
    tags = [f'<base href="{escape(_relative_url(base, folder))}/">']
    tags += [f'<link rel="stylesheet" href="{escape(_relative_url(sheet, base))}">'
             for sheet in rendered.stylesheets]
    html = _FILE_URL.sub(lambda m: m[1] + escape(_relative_url(_file_path(m[2]), base)) + m[3],
                         rendered.html)
    # the colour profiles the PDF used, whole: a print_profile no stylesheet names, and
    # the components a stylesheet's @color-profile may leave out but WeasyPrint needs
    tags += filter(None, [restated(getattr(rendered.document, "color_profiles", {}))])
    head = re.search(r"<head[^>]*>", html, re.I)
    at = head.end() if head else 0
    return html[:at] + "\n" + "\n".join(tags) + html[at:]


_FILE_URL = re.compile(r"""(\b(?:src|href)\s*=\s*["'])(file:[^"']*)(["'])""", re.I)


def _file_path(url: str) -> Path:
    """The local path a ``file:`` URL (as written in HTML) names."""
    return Path(url2pathname(urlsplit(unescape(url)).path))


def _relative_url(path: Path, start: Path) -> str:
    """``path`` as a URL relative to the folder ``start`` (absolute across drives)."""
    path, start = Path(path).resolve(), Path(start).resolve()
    try:
        return quote(Path(os.path.relpath(path, start)).as_posix())
    except ValueError:  # another drive on Windows
        return path.as_uri()


def write_product(rendered: Rendered, target: Path) -> Written:
    """Write a rendered document to ``target`` atomically, and, when the render
    was asked to keep it (--html), the HTML it was made from beside it."""
    html_file = Path(target).with_suffix(".html")
    if rendered.keep_html and _same_name(html_file, Path(target)):
        raise UsageError(f"{target}: with --html the HTML is written beside the PDF under the "
                         "same name ending in .html, which would replace the PDF; give the PDF "
                         "a name ending in .pdf")
    if rendered.keep_html:
        claim(html_file)  # before the PDF, so a refused HTML file leaves nothing written
    data = write_document(rendered, target)
    if rendered.keep_html:
        with owned_path(html_file) as tmp:
            tmp.write_text(standalone_html(rendered, html_file.parent), encoding="utf-8")
    return Written(Path(target), rendered.page_count, rendered.warnings, len(data),
                   sha256_hex(data))
