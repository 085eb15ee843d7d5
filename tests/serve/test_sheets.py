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


def _rx(library, bridge: str):
    return resolve(PrescriptionFile(patient="Ana", exercises=[f"bridge {bridge}", "plank 3x30s",
                                                              "bird-dog 2x8 2/day"]), library, "{i}")


def test_after_a_dose_change_page_1_is_laid_out_alone_as_it_prints():
    pytest.importorskip("starlette", reason="guidepress serve needs the extra")
    from guidepress.serve.sheets import Composer, page_image

    composer = Composer(resolve_settings())
    library = composer.source("", "").library
    composer.preview(_rx(library, "2x12"), key="a")  # the first: every unit measured
    sheet, first, revision = composer.preview(_rx(library, "2x10"), key="b")
    assert sheet.first is not None and sheet._rendered is None  # page 1 alone, nothing else yet
    printed = composer.sheet(_rx(library, "2x10"), key="b").pdf
    assert sheet.faithful is True and sheet.pages == sheet.rendered.page_count > 1
    assert ImageChops.difference(pixels(first), pixels(page_image(printed, 1))).getbbox() is None


def test_a_stylesheet_styling_a_page_by_what_follows_it_stops_page_1_alone(tmp_path, monkeypatch):
    """Page 1 laid out alone is the last page of its layout: a clinic's stylesheet that
    styles the last page differently makes it unlike the print's page 1, which the composer
    sees when it lays out the whole sheet, and it lays out whole sheets from then on."""
    pytest.importorskip("starlette", reason="guidepress serve needs the extra")
    from guidepress.serve.sheets import Composer, page_image

    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "custom.css").write_text(
        ".sheet-page:last-child h2 { color: #7a1f5c; }\n")
    (tmp_path / "guidepress.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    composer = Composer(resolve_settings())
    library = composer.source("", "").library
    composer.preview(_rx(library, "2x12"), key="a")
    sheet, first, revision = composer.preview(_rx(library, "2x10"), key="b")
    assert sheet.first is not None
    assert composer.page(revision, 2) is not None  # the whole sheet laid out for page 2
    assert sheet.faithful is False and composer.first_alone is False
    printed = composer.sheet(_rx(library, "2x10"), key="b").pdf  # page 1 as printed, asked again
    assert ImageChops.difference(pixels(composer.page(revision, 1)),
                                 pixels(page_image(printed, 1))).getbbox() is None
    again, shown, _ = composer.preview(_rx(library, "3x10"), key="c")
    printed = composer.sheet(_rx(library, "3x10"), key="c").pdf
    assert again.first is None
    assert ImageChops.difference(pixels(shown), pixels(page_image(printed, 1))).getbbox() is None
