"""Find templates and stylesheets: the user's folders first, then the built-ins.

Lookup order for a template name such as ``handout.html``:
1. each folder given with ``--templates`` (in order);
2. the built-in templates shipped in the package.

A user template may extend the built-in one of the same name through the
``builtin/`` prefix and replace a single block::

    {% extends "builtin/handout.html" %}
    {% block title_block %}...{% endblock %}

Stylesheets resolve the same way, by file name; a ``custom.css`` found in a
user's styles folder is applied last, on top of the product's stylesheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import base64
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .errors import TemplateError
from .markup import markdown, markdown_inline

PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
BUILTIN_STYLES = PACKAGE_DIR / "styles"
BUILTIN_PREFIX = "builtin"
CUSTOM_CSS = "custom.css"


@dataclass(frozen=True)
class Resources:
    """The look of a render: where templates and styles come from, the theme,
    and the clinic's branding (details, logo, colours) from its workspace."""

    template_dirs: tuple[Path, ...] = field(default_factory=tuple)
    style_dirs: tuple[Path, ...] = field(default_factory=tuple)
    theme: str = "default"
    clinic: object | None = None  # workspace.Clinic: name, address, phone, website, disclaimer
    colours: tuple[tuple[str, str], ...] = ()  # (CSS variable, value) pairs
    logo: Path | None = None
    workspace: Path | None = None  # files here may be read by a render (the logo)
    keep_html: bool = False  # also write the filled HTML beside each PDF (--html)

    def __post_init__(self) -> None:
        for kind, dirs in (("templates", self.template_dirs), ("styles", self.style_dirs)):
            for d in dirs:
                if not Path(d).is_dir():
                    raise TemplateError(f"{d}: the {kind} folder does not exist")
        from .themes import check_theme

        check_theme(self.theme, self.style_dirs)

    @property
    def roots(self) -> list[Path]:
        """Folders a render may read files from (besides the guide's own)."""
        return [*self.template_dirs, BUILTIN_TEMPLATES, *self.style_dirs, BUILTIN_STYLES,
                *([self.workspace] if self.workspace else [])]

    @property
    def max_cards_per_page(self) -> int | None:
        """A theme's cap on routine-sheet density (large print: one card a page)."""
        from .themes import available_themes

        return available_themes(self.style_dirs)[self.theme].max_cards_per_page

    def branding(self) -> dict:
        """What templates print about the clinic, as plain values."""
        clinic = self.clinic
        return {
            "name": getattr(clinic, "name", ""), "address": getattr(clinic, "address", ""),
            "phone": getattr(clinic, "phone", ""), "website": getattr(clinic, "website", ""),
            "disclaimer": getattr(clinic, "disclaimer", ""),
            "logo": self.logo.resolve().as_uri() if self.logo else "",
            "colours": dict(self.colours),
        }

    @cached_property
    def environment(self) -> jinja2.Environment:
        """A Jinja2 environment that fails loudly and escapes everything."""
        loader = jinja2.ChoiceLoader([
            *(jinja2.FileSystemLoader(str(d)) for d in self.template_dirs),
            jinja2.PrefixLoader({BUILTIN_PREFIX: jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))}),
            jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES)),
        ])
        env = jinja2.Environment(
            loader=loader,
            autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"], default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(markdown=markdown, markdown_inline=markdown_inline, css_string=css_string,
                           css_colour=css_colour)
        env.globals.update(figure=_figure, qr=_qr)
        return env

    def stylesheets(self, names: list[str]) -> list[Path]:
        """Resolve stylesheet names, then the theme's layer, then every ``custom.css``."""
        from .themes import theme_stylesheet

        found = [self.stylesheet(name) for name in [*names, theme_stylesheet(self.theme)]]
        found += [d / CUSTOM_CSS for d in self.style_dirs if (d / CUSTOM_CSS).is_file()]
        return found

    def stylesheet(self, name: str) -> Path:
        """The first ``name`` in the user's styles folders, else the built-in one."""
        for folder in (*self.style_dirs, BUILTIN_STYLES):
            candidate = Path(folder) / name
            if candidate.is_file():
                return candidate
        raise TemplateError(f'stylesheet "{name}" not found in {", ".join(map(str, self.style_dirs))}'
                            f"{' or ' if self.style_dirs else ''}the built-in styles")


_FIGURES: dict[int, tuple[object, str]] = {}


def _figure(exercise) -> Markup:
    """An exercise's figure as an SVG image with its alt text.

    An ``<img>`` with a ``data:`` URI rather than inline SVG: WeasyPrint then
    parses each drawing once per process (its image cache is keyed by URL) and
    the page's HTML and style cascade stay small, which matters in a batch.
    """
    from .figures import figure_svg

    cached = _FIGURES.get(id(exercise))
    if cached is None or cached[0] is not exercise:  # ids are reused once an object is gone
        cached = _FIGURES[id(exercise)] = (exercise, _svg_data_uri(figure_svg(exercise)))
    return Markup('<img class="gp-figure" src="{}" alt="{}">').format(cached[1], exercise.alt)


@lru_cache(maxsize=256)
def _qr(url: str) -> Markup:
    """A vector QR code for ``url``, as an SVG image."""
    from .qr import qr_svg

    svg = qr_svg(url).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return Markup('<img class="gp-qr" src="{}" alt="{}">').format(
        _svg_data_uri(svg), f"QR code for {url}")


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def css_colour(value: str) -> Markup:
    """A colour checked by the CSS parser, safe to print inside ``<style>``."""
    import tinycss2.color3

    if tinycss2.color3.parse_color(str(value)) is None or "<" in str(value):
        raise TemplateError(f'"{value}" is not a colour')
    return Markup(str(value))


def css_string(value: object) -> Markup:
    """Quote a value as a CSS string, safe inside a ``<style>`` element."""
    text = str(value)
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()/!?'·" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')
