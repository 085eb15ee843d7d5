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

Templates may come from anyone on a clinic's team, so they run in Jinja's
immutable sandbox with only our filters and globals, and every template and
stylesheet must really be inside its folders (a symbolic link out is refused).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from guidepress.builtin import BUILTIN_STYLES, BUILTIN_TEMPLATES
from guidepress.confine import confined
from guidepress.content.markup import markdown, markdown_inline
from guidepress.errors import TemplateError
from guidepress.look.cardtext import card_columns
from guidepress.look.icons import icon, icon_names
from guidepress.look.filters import (css_colour, css_mm, css_string, dose_phrases,
                                     figure_size, no_widow, phone_number, qr,
                                     themed_figure, web_address)

if TYPE_CHECKING:
    import jinja2

BUILTIN_PREFIX = "builtin"
MARKDOWN_COST = 20
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
    workspace: Path | None = None  # the workspace folder; a render reads only its logo
    keep_html: bool = False  # also write the filled HTML beside each PDF (--html)
    pdf_variant: str = "pdf/ua-1"  # PDF/UA, PDF/A or PDF/X: see look.variants
    print_profile: Path | None = None  # the print shop's CMYK profile (PDF/X), from settings

    def __post_init__(self) -> None:
        for kind, dirs in (("templates", self.template_dirs), ("styles", self.style_dirs)):
            for d in dirs:
                if not Path(d).is_dir():
                    raise TemplateError(f"{d}: the {kind} folder does not exist")
        from guidepress.look.themes import check_theme

        # resolved once: later questions about the theme do not glob the folders again
        object.__setattr__(self, "theme_info", check_theme(self.theme, self.style_dirs))
        from guidepress.look.variants import check_variant

        object.__setattr__(self, "pdf_variant", check_variant(self.pdf_variant))

    @property
    def roots(self) -> list[Path]:
        """Folders a render may read files from (besides the guide's own), and the logo:
        the file itself, never the workspace around it (which holds the output folder)."""
        return [*self.template_dirs, BUILTIN_TEMPLATES, *self.style_dirs, BUILTIN_STYLES,
                *([self.logo] if self.logo else [])]

    @property
    def max_cards_per_page(self) -> int | None:
        """A theme's cap on routine-sheet density (large print: one card a page)."""
        return self.theme_info.max_cards_per_page

    @property
    def type_scale(self) -> float:
        """How much larger than the default the theme sets its type (large print: 1.5)."""
        return self.theme_info.type_scale

    def branding(self, language: str | None = None) -> dict:
        """What templates print about the clinic, as plain values: brand colours fitted
        to the theme's contrast, never a fresh workspace's placeholder name, and the
        disclaimer in ``language`` (the document's) where the clinic wrote one in it."""
        clinic = self.clinic
        return {
            "name": self._brand[0], "address": getattr(clinic, "address", ""),
            "short_name": getattr(clinic, "short_name", "") if self._brand[0] else "",
            "address_lines": getattr(clinic, "address", "").splitlines(),
            "phone": getattr(clinic, "phone", ""), "website": getattr(clinic, "website", ""),
            "emergency_number": getattr(clinic, "emergency_number", ""),
            "disclaimer": _in_language(getattr(clinic, "disclaimer", ""), language),
            "logo": self.logo.resolve().as_uri() if self.logo else "",
            "colours": self._brand[1],
        }

    def brand_warnings(self) -> list[str]:
        """What was changed or left out of the clinic's settings to print them well."""
        return list(self._brand[2])

    @cached_property
    def _brand(self) -> tuple[str, dict, list[str]]:
        from guidepress.look.brand import clinic_name, fit_colours

        name, warnings = clinic_name(getattr(self.clinic, "name", ""))
        colours, changed = fit_colours(dict(self.colours), self.theme)
        return name, colours, warnings + changed

    def exercise_link(self, exercise: dict) -> str:
        """An exercise's own link (as templates see it), else the clinic's pattern filled
        with its id, else none."""
        pattern = getattr(self.clinic, "exercise_link", "")
        return exercise["link"] or (pattern.replace("{id}", str(exercise["id"])) if pattern else "")

    @cached_property
    def environment(self) -> jinja2.Environment:
        """A sandboxed Jinja2 environment that fails loudly and escapes everything."""
        import jinja2  # here: commands that fill no template never import Jinja

        from guidepress.look.sandbox import ConfinedLoader, Sandbox
        from guidepress.look.unitcall import unit

        roots = (*self.template_dirs, BUILTIN_TEMPLATES)
        loader = jinja2.ChoiceLoader([
            *(ConfinedLoader(d, roots) for d in self.template_dirs),
            jinja2.PrefixLoader({BUILTIN_PREFIX: ConfinedLoader(BUILTIN_TEMPLATES, roots)}),
            ConfinedLoader(BUILTIN_TEMPLATES, roots),
        ])
        env = Sandbox(
            loader=loader,
            autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"], default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Markdown reads about 20 times slower a character than the string filters
        env.add_filters(cost=MARKDOWN_COST, markdown=markdown, markdown_inline=markdown_inline)
        env.add_filters(css_string=css_string, css_colour=css_colour, css_mm=css_mm,
                        dose_phrases=dose_phrases, no_widow=no_widow, web_address=web_address,
                        phone_number=phone_number)
        env.globals.clear()  # Jinja's own (cycler, joiner, namespace, range...) are not needed
        env.globals.update(figure=themed_figure(self.theme), figure_size=figure_size, qr=qr,
                           card_columns=card_columns, exercise_link=self.exercise_link,
                           icon=icon, icon_names=icon_names(), unit=unit)
        return env

    def stylesheets(self, names: list[str]) -> list[Path]:
        """Resolve stylesheet names, then the theme's layer, then every ``custom.css``."""
        from guidepress.look.themes import theme_stylesheet

        found = [self.stylesheet(name) for name in [*names, theme_stylesheet(self.theme)]]
        found += [self._confined(d / CUSTOM_CSS) for d in self.style_dirs
                  if os.path.lexists(d / CUSTOM_CSS)]  # a pipe or folder is refused when read
        return found

    def stylesheet(self, name: str) -> Path:
        """The first ``name`` in the user's styles folders, else the built-in one."""
        for folder in (*self.style_dirs, BUILTIN_STYLES):
            candidate = Path(folder) / name
            if os.path.lexists(candidate):  # a pipe or folder is refused when read
                return self._confined(candidate)
        raise TemplateError(f'stylesheet "{name}" not found in {", ".join(map(str, self.style_dirs))}'
                            f"{' or ' if self.style_dirs else ''}the built-in styles")

    def _confined(self, path: Path) -> Path:
        """``path`` if it really is inside the styles folders (not a link out of them)."""
        confined(path, (*self.style_dirs, BUILTIN_STYLES), "stylesheet")
        return path


def _in_language(text: str | dict[str, str], language: str | None) -> str:
    """A clinic text given per language: the document's language, then its base
    language (es for es-MX), then the first the clinic wrote."""
    if not isinstance(text, dict):
        return text
    wanted = (language or "").replace("_", "-").lower()
    by_tag = {k.replace("_", "-").lower(): v for k, v in text.items()}
    return by_tag.get(wanted) or by_tag.get(wanted.split("-")[0]) or next(iter(text.values()))
