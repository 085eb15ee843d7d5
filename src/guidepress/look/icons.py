"""Small pictures for list items on posters: a few drawn icons, or an exercise's figure.

A guide item may say ``picture: shoes`` (an icon below) or ``picture: plank``
(an exercise from the library: its figure). Icons are drawn in one dark ink on
a transparent ground, so they print in every theme, black and white included.
"""

from __future__ import annotations

from markupsafe import Markup

INK = "#262626"
_LINE = f'fill="none" stroke="{INK}" stroke-linecap="round" stroke-linejoin="round"'
_STROKE = f'{_LINE} stroke-width="2"'

# 24 x 24 drawings: simple shapes that read at 1 cm.
ICONS = {
    "doctor": f'<circle cx="12" cy="12" r="10" {_STROKE}/><path d="M12 7v10M7 12h10" {_LINE} stroke-width="3"/>',
    "shoes": f'<path d="M2 18h20v-2.5c0-1.7-1.3-2.7-3-3l-4.5-1L12 8H9.5L8 10H4L2 7.5z" {_STROKE}/>'
             f'<path d="M2 15h20M10.5 11.5l1.5-1M12.5 12.5l1.5-1" {_STROKE}/>',
    "slow": f'<path d="M3.5 17a9 9 0 1 1 17 0" {_STROKE}/><path d="M12 15L7 10.5" {_LINE} stroke-width="2.6"/>'
            f'<circle cx="12" cy="15" r="1.6" fill="{INK}"/><path d="M5 8.5l1.2 1M12 5.5v1.6M19 8.5l-1.2 1" {_STROKE}/>',
    "calm": f'<circle cx="12" cy="12" r="10" {_STROKE}/><path d="M7.5 14.5c2.5 3 6.5 3 9 0" {_STROKE}/>'
            f'<path d="M8 9.5h2M14 9.5h2" {_STROKE}/>',
    "heart": f'<path d="M12 20.5S3 15 3 9a4.5 4.5 0 0 1 9-1 4.5 4.5 0 0 1 9 1c0 6-9 11.5-9 11.5z" {_STROKE}/>'
             f'<path d="M6.5 11.5h3l1.5-2.5 2 5 1.5-2.5h3" {_LINE} stroke-width="1.6"/>',
    "muscles": f'<path d="M7 12h10" {_LINE} stroke-width="2.6"/><rect x="2.5" y="7" width="4.5" height="10" rx="1" {_STROKE}/>'
               f'<rect x="17" y="7" width="4.5" height="10" rx="1" {_STROKE}/>',
    "stretch": f'<circle cx="5.5" cy="7" r="2.2" {_STROKE}/><path d="M7.5 8.8 14 13.5l0 7.5M14 13.5l4.5 7.5'
               f'M9.5 10.3l5 9" {_STROKE}/>',
    "move": f'<circle cx="14.5" cy="4" r="2.2" {_STROKE}/><path d="M13.5 7 11 13.5l4 3.5-1 4.5M11 13.5l-3 3.5-3.5 0.5'
            f'M12.5 9.5l4 2.5M12.5 9.5 8.5 11.5" {_STROKE}/>',
}


def icon_names() -> list[str]:
    """The icons a guide item's ``picture`` may name (besides exercise ids)."""
    return sorted(ICONS)


def icon(name: str, alt: str = "") -> Markup:
    """An icon as an ``<img>``; an unknown name prints nothing."""
    from guidepress.look.filters import svg_data_uri

    drawing = ICONS.get(name)
    if drawing is None:
        return Markup("")
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{drawing}</svg>'
    return Markup('<img class="gp-icon" src="{}" alt="{}">').format(svg_data_uri(svg), alt)
