"""Render the README's pictures of the printed products and the figures into docs/.

Run from the repository: ``python3 scripts/docs_pictures.py``. Each picture of a
product is one page of a PDF made by the command line, drawn with pypdfium2 at
100 dpi; the library's contact sheet is drawn whole (docs/contact-sheet/, 60 dpi)
and its first page as docs/exercise-sheet.png (80 dpi). The figures are drawn
every one at card size (4 cm a frame, as the preview page lays them out, a picture
a page) and
three at poster size (10 cm a frame), cropped to what is drawn.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageOps

from guidepress.figures.draw import PANEL_WIDTH

DOCS = Path(__file__).resolve().parent.parent / "docs"
DPI = 100
SHEET = ["--patient", "Ana García", "--clinician", "Dr Lee", "--start", "2026-12-01",
         "--weeks", "4", "-e", "plank 3x30s", "-e", "bird-dog 2x8 2/day", "-e", "bridge 2x12",
         "-e", "cat-cow", "-e", "side-plank", "-e", "knee-to-chest"]

# picture name: (command line, pages to draw)
PICTURES = {
    "handout-page": (["handout"], [1, 2]),
    "routine-sheet": (["routine", *SHEET], [1]),
    "poster-before-you-run": (["poster", "-d", "before-you-run"], [1]),
    # six exercises two to a page, the Stop box, tracker and notes: every page
    "routine-pages": (["routine", *SHEET, "--follow-up", "2026-12-29"], [1, 2, 3, 4]),
    "booklet-sheet": (["handout", "--booklet"], [1, 2]),
    "large-print-sheet": (["routine", *SHEET[:8], "-e", "plank 3x30s", "-e", "bird-dog",
                           "--theme", "large-print"], [2]),
}


# the figures drawn at poster size, and the width of one frame there
POSTER_FIGURES = ("bird-dog", "figure-four-stretch", "swimming")
POSTER_FRAME_CM = 10.0


def picture(name: str, number: int, count: int) -> Path:
    """``docs/<name>.png``, or ``docs/<name>-<number>.png`` for one of several pages."""
    return DOCS / (f"{name}-{number}.png" if count > 1 else f"{name}.png")


def draw(pdf: Path, pages: list[int], name: str, dpi: int = DPI) -> list[Path]:
    """Draw the chosen pages of ``pdf`` as ``docs/<name>[-<page>].png``."""
    document = pdfium.PdfDocument(str(pdf))
    written = []
    for number in pages:
        target = picture(name, number, len(pages))
        document[number - 1].render(scale=dpi / 72).to_pil().save(target, optimize=True)
        written.append(target)
    document.close()
    return written


def contact_sheet(folder: Path) -> list[Path]:
    """The library's contact sheet, every page, and its first page larger."""
    pdf = folder / "contact-sheet.pdf"
    subprocess.run([sys.executable, "-m", "guidepress", "exercises", "--sheet", str(pdf)],
                   check=True, capture_output=True)
    pages = len(pdfium.PdfDocument(str(pdf)))
    for old in (DOCS / "contact-sheet").glob("page-*.png"):  # a shorter sheet leaves none behind
        old.unlink()
    written = draw(pdf, [1], "exercise-sheet", dpi=80)
    return written + draw(pdf, list(range(1, pages + 1)), "contact-sheet/page", dpi=60)


def figures() -> list[Path]:
    """Every figure at card size on one page, and the poster-size figures alone."""
    from weasyprint import HTML

    from guidepress.content.exercises import builtin_library_dir, load_library
    from guidepress.figures.draw import draw as draw_figure
    from guidepress.figures.draw import figure_svg, preview_html

    library = load_library(builtin_library_dir())
    pictures = {"figures-card-size": preview_html(library)}
    for exercise_id in POSTER_FIGURES:
        exercise = library.get(exercise_id)
        drawing = draw_figure(exercise.figure)
        width = POSTER_FRAME_CM * drawing.width / PANEL_WIDTH
        height = width * drawing.height / drawing.width
        pictures[f"figure-{exercise_id}-poster"] = (
            f"<html><head><style>@page {{ size: {width:.2f}cm {height + 0.1:.2f}cm; margin: 0 }} "
            f"body {{ margin: 0 }} svg {{ display: block; width: 100%; height: auto }}</style>"
            f"</head><body>{figure_svg(exercise)}</body></html>")
    written = []
    for name, html in pictures.items():
        document = pdfium.PdfDocument(HTML(string=html).write_pdf())
        for number, page in enumerate(document, start=1):  # the card-size sheet runs to pages
            image = page.render(scale=DPI / 72).to_pil().convert("RGB")
            left, top, right, bottom = ImageOps.invert(image).getbbox()
            box = (max(left - 8, 0), max(top - 8, 0), min(right + 8, image.width), min(bottom + 8, image.height))
            target = picture(name, number, len(document))
            image.crop(box).save(target, optimize=True)
            written.append(target)
    return written


def main() -> None:
    """Make every picture, each from a fresh PDF."""
    with tempfile.TemporaryDirectory() as folder:
        for name, (command, pages) in PICTURES.items():
            pdf = Path(folder) / f"{name}.pdf"
            subprocess.run([sys.executable, "-m", "guidepress", *command, "-o", str(pdf)],
                           check=True, capture_output=True)
            for path in draw(pdf, pages, name):
                print(path.relative_to(DOCS.parent))
        for path in contact_sheet(Path(folder)) + figures():
            print(path.relative_to(DOCS.parent))


if __name__ == "__main__":
    main()
