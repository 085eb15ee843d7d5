"""Themes: a stylesheet layer over the base look (``styles/themes/<name>.css``).

A workspace can add or replace a theme by putting ``themes/<name>.css`` in its
styles folder; built-in themes may also limit how dense a routine sheet gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guidepress.errors import OptionError

THEMES_DIR = "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    max_cards_per_page: int | None = None
    type_scale: float = 1.0  # body type against the default 12 pt, for fitting text


BUILTIN = {t.name: t for t in (
    Theme("default", "The standard look: colour accents, 12 pt body text."),
    Theme("large-print", "Low vision: 18 pt text and more, 1.5 line spacing, one exercise "
                         "card per page with large figures.", max_cards_per_page=1,
          type_scale=1.5),
    Theme("ink-saver", "Greyscale, no filled backgrounds: for office printers and long runs."),
    Theme("high-contrast", "Black text and dark accents, every text colour at least 7:1."),
)}


def available_themes(style_dirs: tuple[Path, ...] = ()) -> dict[str, Theme]:
    """Built-in themes plus any ``themes/<name>.css`` in the user's styles folders."""
    found = dict(BUILTIN)
    for folder in style_dirs:
        for css in sorted((Path(folder) / THEMES_DIR).glob("*.css")):
            found.setdefault(css.stem, Theme(css.stem, f"Your theme ({css})."))
    return found


def check_theme(name: str, style_dirs: tuple[Path, ...] = ()) -> Theme:
    """The theme called ``name``, or an error listing those available."""
    themes = available_themes(style_dirs)
    if name not in themes:
        raise OptionError("theme", f'unknown theme "{name}"; available: {", ".join(themes)}')
    return themes[name]


def theme_stylesheet(name: str) -> str:
    return f"{THEMES_DIR}/{name}.css"

