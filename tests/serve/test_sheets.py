"""The composer's preview shows the pages of the sheet it downloads, pixel for pixel."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from guidepress.config.settings import resolve_settings
from guidepress.content.prescription import PrescriptionFile, resolve


def pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_each_previewed_page_is_that_page_of_the_downloaded_pdf():
    pytest.importorskip("starlette", reason="guidepress serve needs the extra")
    from guidepress.serve.sheets import Composer, page_image

    composer = Composer(resolve_settings())
    library = composer.source("", "").library
    rx = resolve(PrescriptionFile(patient="Ana", exercises=["bridge 2x12", "plank 3x30s",
                                                            "bird-dog 2x8 2/day"]), library, "{i}")
    sheet, first, revision = composer.preview(rx, key="ana")
    later = [composer.page(revision, n) for n in range(2, sheet.pages + 1)]
    assert sheet.pages > 1 and sheet._pdf is None  # shown before the whole PDF is written
    downloaded = composer.sheet(rx, key="ana").pdf  # the kept sheet, written now
    for number, shown in enumerate([first, *later], start=1):
        printed = pixels(page_image(downloaded, number))
        assert shown is not None and ImageChops.difference(pixels(shown), printed).getbbox() is None
    assert composer.page(revision, sheet.pages + 1) is None
