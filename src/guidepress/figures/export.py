"""Every exercise's frames as files a clinic can reuse: ``<id>-start.svg``,
``<id>-finish.svg`` (and ``<id>-middle.svg`` where a movement needs three), and
with ``png=True`` the same as PNG images.

Each file holds one frame at the library's shared scale, titled with the
exercise's name and the frame, and described by the exercise's alt text. The
PNGs are drawn by WeasyPrint, as in the PDFs, and rasterised by pypdfium2.
Everything is drawn before the first file is written, so a failure leaves no
half-exported folder behind.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from guidepress.errors import RenderError
from guidepress.figures.draw import PANEL_WIDTH, draw, frame_svg
from guidepress.owned import claim, write_bytes

if TYPE_CHECKING:
    from guidepress.content.exercises import Exercise

PNG_WIDTH = 800  # pixels for the widest frame: sharp in a letter or on a screen
FRAME_MM = 60.0  # the physical width the widest frame's PNG is made for (its dpi says so)


def export_figures(exercises: Iterable[Exercise], folder: Path, *, png: bool = False) -> list[Path]:
    """Write each exercise's frames into ``folder``; return the files written, in order."""
    exercises = list(exercises)
    files: dict[str, bytes] = {}
    for exercise in exercises:
        for index, name in enumerate(exercise.figure.frame_names):
            svg = frame_svg(exercise, index, id_prefix="gp")
            files[f"{exercise.id}-{name}.svg"] = f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n'.encode()
    if png:
        files.update(_pngs(exercises))
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise RenderError(f"{folder}: is a file; give a folder for the figures")
    for name in files:  # refuse before writing any, so a refusal leaves no half set
        claim(folder / name)
    written, new = [], []
    try:
        for name, data in files.items():
            fresh = not (folder / name).exists()
            write_bytes(folder / name, data)
            written.append(folder / name)
            new += [folder / name] if fresh else []
    except BaseException:
        for path in new:  # a set cut short (a full disk, Ctrl-C) leaves none of its new files
            path.unlink(missing_ok=True)
        raise
    return written


def _pngs(exercises: list[Exercise]) -> dict[str, bytes]:
    """Every frame as a PNG, ``PNG_WIDTH`` pixels for a frame ``PANEL_WIDTH`` wide (so
    every figure has one scale), from one WeasyPrint document."""
    import io

    import pypdfium2
    from weasyprint import HTML

    pages, names = [], []
    for number, exercise in enumerate(exercises):
        drawing = draw(exercise.figure)  # one scale for all: a narrower frame, a narrower PNG
        width_mm, height_mm = (FRAME_MM * size / PANEL_WIDTH for size in (drawing.panel, drawing.height))
        pages.append(f"@page f{number} {{ size: {width_mm:.3f}mm {height_mm:.3f}mm; margin: 0 }}")
        for index, name in enumerate(exercise.figure.frame_names):
            uri = base64.b64encode(frame_svg(exercise, index, id_prefix="gp").encode()).decode()
            names.append((f"{exercise.id}-{name}.png",
                          f'<div style="page: f{number}; break-before: page">'
                          f'<img src="data:image/svg+xml;base64,{uri}" alt=""></div>'))
    html = ("<!DOCTYPE html><html><head><style>" + " ".join(pages) +
            " body { margin: 0 } img { display: block; width: 100%; height: auto }</style></head>"
            "<body>" + "".join(body for _, body in names) + "</body></html>")
    document = pypdfium2.PdfDocument(HTML(string=html).write_pdf())
    scale = PNG_WIDTH / (FRAME_MM / 25.4 * 72)
    dpi = round(PNG_WIDTH / (FRAME_MM / 25.4))
    out = {}
    for (name, _), page in zip(names, document):
        buffer = io.BytesIO()
        page.render(scale=scale).to_pil().convert("RGB").save(buffer, "PNG", dpi=(dpi, dpi))
        out[name] = buffer.getvalue()
    return out
