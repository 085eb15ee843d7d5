"""QR codes as inline vector SVG, so a printed sheet links to a video without a login."""

from __future__ import annotations

from html import escape

import segno

ERROR_LEVEL = "m"  # survives a crease or smudge on paper; boosted when it costs no size


def _make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def qr_svg(url: str, title: str | None = None) -> str:
    """An inline ``<svg>`` QR code for ``url``: no XML declaration, sized by CSS via its viewBox."""
    label = title or f"QR code for {url}"
    svg = _make(url).svg_inline(scale=1, border=4, omitsize=True, svgclass="gp-qr",
                                lineclass=None, dark="#000", title=label)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def qr_matrix(url: str) -> list[list[int]]:
    """The code's modules as rows of 0 (light) and 1 (dark), without the quiet zone."""
    return [list(row) for row in _make(url).matrix]
