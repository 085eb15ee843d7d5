"""Text contrast measured on the rendered page: each run of text's colour against
the pixels drawn behind it (pdfium renders the page with the text hidden).

This sees what a colour check of the stylesheet cannot: white text on a band
left white, a pale brand colour, text over a picture.
"""

from __future__ import annotations

from PIL import Image

from guidepress.check.bounds import Budget, render_scale
from guidepress.check.drawing import PAGE_SECONDS, draw_within
from guidepress.check.glyphs import Glyphs
from guidepress.check.report import Finding, ok

SCALE = 1.5          # 108 dpi: enough to see the colour behind 6 pt text
AA_NORMAL, AA_LARGE = 4.5, 3.0  # WCAG 2 level AA
SHOWN = 8            # failing runs named one by one; the rest are counted
SAMPLED = 10_000     # pixels read behind one run of text at most (a 5000 pt glyph covers millions)


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def page_background(page, glyphs: list[Glyphs], scale: float = SCALE, seconds: float | None = None):
    """The page rendered with its text made transparent, as an RGB image; with
    ``seconds``, drawn within that time (``drawing``) or None."""
    import pypdfium2.raw as pdfium_c

    for run in glyphs:
        if run.colour is not None:
            pdfium_c.FPDFPageObj_SetFillColor(run.handle, *run.colour[:3], 0)
    try:
        if seconds is not None:
            return draw_within(page, scale, seconds)
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        for run in glyphs:
            if run.colour is not None:
                pdfium_c.FPDFPageObj_SetFillColor(run.handle, *run.colour)


def behind(image, run: Glyphs, page_height: float,
           scale: float = SCALE) -> tuple[int, int, int] | None:
    """The commonest colour in the run's box on the background image (rendered at ``scale``)."""
    left, bottom, right, top = run.box
    box = (int(left * scale), int((page_height - top) * scale),
           int(right * scale) + 1, int((page_height - bottom) * scale) + 1)
    box = (max(box[0], 0), max(box[1], 0), min(box[2], image.width), min(box[3], image.height))
    width, height = box[2] - box[0], box[3] - box[1]
    if width <= 0 or height <= 0:
        return None
    if width * height > SAMPLED:  # every n-th pixel of a large box, each as drawn
        step = (width * height / SAMPLED) ** 0.5
        area = image.resize((max(1, int(width / step)), max(1, int(height / step))),
                            Image.Resampling.NEAREST, box=box)
    else:
        area = image.crop(box)
    colours = area.getcolors(maxcolors=area.width * area.height)  # enough for every pixel
    return max(colours)[1] if colours else None


def _shown(run: Glyphs, background: tuple[int, int, int]) -> tuple[int, int, int]:
    """The text's colour as drawn: a translucent fill blends with what is behind it."""
    r, g, b, a = run.colour
    alpha = a / 255
    return tuple(round(alpha * c + (1 - alpha) * k) for c, k in zip((r, g, b), background))


def check_contrast(pages: list, glyphs_by_page: dict[int, list[Glyphs]],
                   budget: Budget | None = None) -> list[Finding]:
    """Each text run against AA: 4.5:1, or 3:1 for large text (18 pt, 14 pt bold).
    A page larger than any paper is not rendered; a large one at a lower resolution."""
    failures, measured, worst, skipped, slow = [], 0, None, [], []
    for number, glyphs in glyphs_by_page.items():
        runs = [g for g in glyphs if g.colour is not None and g.colour[3] > 0]
        if not runs or (budget is not None and budget.spent(number)):
            continue
        page = pages[number - 1]
        scale = render_scale(page, SCALE)
        if scale is None:
            skipped.append(number)
            continue
        image = page_background(page, runs, scale, _seconds(budget))
        if image is None:
            slow.append(number)
            continue
        height = page.get_height()
        for run in runs:
            if budget is not None and budget.spent(number):
                break
            background = behind(image, run, height, scale)
            if background is None:
                continue
            ratio = contrast_ratio(_shown(run, background), background)
            measured += 1
            worst = ratio if worst is None else min(worst, ratio)
            if ratio < (AA_LARGE if run.large else AA_NORMAL):
                failures.append((run, background, ratio))
    return _findings(failures, measured, worst) + _too_large(skipped) + _too_slow(slow)


def _seconds(budget: Budget | None) -> float:
    """The time one page may take to draw: ``PAGE_SECONDS``, less if the file's is nearly spent."""
    return PAGE_SECONDS if budget is None else min(PAGE_SECONDS, budget.left())


def _too_large(pages: list[int]) -> list[Finding]:
    if not pages:
        return []
    return [Finding("contrast", "warning", "not measured on pages larger than 5 m a side",
                    "pages " + ", ".join(map(str, pages)))]


def _too_slow(pages: list[int]) -> list[Finding]:
    if not pages:
        return []
    return [Finding("contrast", "error", f"not measured: drawing the page failed or took longer "
                    f"than {PAGE_SECONDS:g} s (a printer or viewer may struggle with it too)",
                    "pages " + ", ".join(map(str, pages)))]


def _findings(failures, measured: int, worst: float | None) -> list[Finding]:
    found = []
    for run, background, ratio in failures[:SHOWN]:
        need = AA_LARGE if run.large else AA_NORMAL
        text = run.text.strip()
        text = text if len(text) <= 40 else text[:39] + "…"
        found.append(Finding(
            "contrast", "error",
            f'"{text}" {_hex(run.colour)} on {_hex(background)}: {ratio:.1f}:1, needs {need:g}:1 '
            f"({run.size:g} pt{' bold' if run.bold else ''})", f"page {run.page}"))
    if len(failures) > SHOWN:
        pages = sorted({run.page for run, _, _ in failures[SHOWN:]})
        found.append(Finding("contrast", "error", f"{len(failures) - SHOWN} more runs of text below "
                             "AA contrast", f"page{'s' * (len(pages) > 1)} " + ", ".join(map(str, pages))))
    if not found and measured:
        found.append(ok("contrast", f"{measured} runs of text measured against what is behind them; "
                        f"lowest {worst:.1f}:1 (AA needs 4.5:1, 3:1 for large text)"))
    return found


def _hex(colour) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour[:3])
