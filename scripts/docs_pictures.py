"""Render the README's pictures of the printed products into docs/.

Run from the repository: ``python3 scripts/docs_pictures.py``. Each picture is
one page of a PDF made by the command line, drawn with pypdfium2 at 100 dpi.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

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
    "large-print-sheet": (["routine", *SHEET[:8], "-e", "plank 3x30s", "-e", "bird-dog",
                           "--theme", "large-print"], [2]),
}


def draw(pdf: Path, pages: list[int], name: str) -> list[Path]:
    """Draw the chosen pages of ``pdf`` as ``docs/<name>[-<page>].png``."""
    document = pdfium.PdfDocument(str(pdf))
    written = []
    for number in pages:
        target = DOCS / (f"{name}-{number}.png" if len(pages) > 1 else f"{name}.png")
        document[number - 1].render(scale=DPI / 72).to_pil().save(target, optimize=True)
        written.append(target)
    document.close()
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


if __name__ == "__main__":
    main()
