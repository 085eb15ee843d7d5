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
from functools import cached_property
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
    """Where templates and styles come from for one render."""

    template_dirs: tuple[Path, ...] = field(default_factory=tuple)
    style_dirs: tuple[Path, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for kind, dirs in (("templates", self.template_dirs), ("styles", self.style_dirs)):
            for d in dirs:
                if not Path(d).is_dir():
                    raise TemplateError(f"{d}: the {kind} folder does not exist")

    @property
    def roots(self) -> list[Path]:
        """Folders a render may read files from (besides the guide's own)."""
        return [*self.template_dirs, BUILTIN_TEMPLATES, *self.style_dirs, BUILTIN_STYLES]

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
        env.filters.update(markdown=markdown, markdown_inline=markdown_inline, css_string=css_string)
        env.globals.update(figure=_figure, qr=_qr)
        return env

    def stylesheets(self, names: list[str]) -> list[Path]:
        """Resolve stylesheet names, then add every user ``custom.css`` last."""
        found = [self.stylesheet(name) for name in names]
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


def _figure(exercise) -> Markup:
    """An exercise's figure as inline SVG (drawn by our code, its text escaped)."""
    from .figures import figure_svg

    return Markup(figure_svg(exercise))


def _qr(url: str) -> Markup:
    """A vector QR code for ``url`` as inline SVG."""
    from .qr import qr_svg

    return Markup(qr_svg(url))


def css_string(value: object) -> Markup:
    """Quote a value as a CSS string, safe inside a ``<style>`` element."""
    text = str(value)
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()/!?'·" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')
