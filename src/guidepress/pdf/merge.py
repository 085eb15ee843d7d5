"""Merge per-patient sheets into one print file with pypdf."""

from __future__ import annotations

from pathlib import Path

from guidepress.files import atomic_path
from guidepress.render.product import Written


def merge_sheets(sheets: list[tuple[str, str, Path]], target: Path) -> Written:
    """Append ``(label, page_prefix, path)`` sheets in order into ``target``.

    Each sheet gets an outline entry named ``label`` and page labels that restart
    at 1 with ``page_prefix``, so a print operator can find a patient's pages;
    fonts and images repeated across sheets are stored once.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    for label, prefix, path in sheets:
        first = len(writer.pages)
        writer.append(str(path), outline_item=label, import_outline=False)
        writer.set_page_label(first, len(writer.pages) - 1, style="/D", prefix=f"{prefix} ")
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with atomic_path(Path(target)) as tmp, tmp.open("wb") as handle:
        writer.write(handle)
    return Written(Path(target), len(writer.pages))
