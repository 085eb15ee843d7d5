"""Pictures are checked before a render: a logo or guide picture that is not an
image, an SVG that reaches for other files, or a huge raster is an error (rc 1)
naming where it was given, not a warning and a page without it."""

from __future__ import annotations

import shutil
import struct
import zlib

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.content.loader import load_guide
from guidepress.errors import ContentError, ResourceError
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'width="20" height="20">{}</svg>'


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size but holds one tiny row: enough for a size check."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 8)) + chunk(b"IEND", b""))


BAD_LOGOS = {
    "not-an-image.png": (b"this is a text file, not a picture", "not a PNG image"),
    "external.svg": (SVG.format('<image href="file:///etc/passwd" width="9" height="9"/>').encode(),
                     "refers to another file"),
    "web.svg": (SVG.format('<image xlink:href="https://example.org/x.png"/>').encode(),
                "refers to another file"),
    "styled.svg": (SVG.format('<style>@import url("http://example.org/a.css");</style>').encode(),
                   "stylesheet"),
    "entities.svg": (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format("&a;").encode(), "DOCTYPE"),
    "broken.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "not a valid SVG"),
    "bomb-12000.png": (png_header(12_000, 12_000), "pixels"),
    "bomb-400mp.png": (png_header(20_000, 20_000), "pixels"),
    "logo": (SVG.format("").encode(), '"logo" is a file whose name has no ending; use an SVG'),
    "logo.gif": (b"GIF89a", '"logo.gif" is a .gif file; use an SVG, PNG or JPEG file'),
}


@pytest.mark.parametrize("name", list(BAD_LOGOS))
def test_a_bad_logo_is_an_error_naming_clinic_logo(run_cli, tmp_path, name):
    data, problem = BAD_LOGOS[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "guidepress.toml").write_text(f'[clinic]\nname = "Riverside"\nlogo = "{name}"\n')
    result = run_cli("handout", "-g", FIXTURE_GUIDE, "-o", "h.pdf")
    assert result.exit_code == 1, result.output
    assert "guidepress.toml, clinic.logo" in result.output and problem in result.output
    assert not (tmp_path / "h.pdf").exists()


def test_a_good_logo_still_prints(run_cli, tmp_path):
    (tmp_path / "logo.svg").write_text(SVG.format('<circle cx="10" cy="10" r="9" fill="#1d5b86"/>'))
    (tmp_path / "guidepress.toml").write_text('[clinic]\nname = "Riverside"\nlogo = "logo.svg"\n')
    result = run_cli("handout", "-g", FIXTURE_GUIDE, "-o", "h.pdf")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["not-an-image.png", "external.svg", "bomb-12000.png"])
def test_a_bad_guide_picture_is_an_error_naming_the_key(tmp_path, name):
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    (guide / name).write_bytes(BAD_LOGOS[name][0])
    text = (guide / "guide.yaml").read_text().replace("(raised-hand.svg)", f"({name})")
    (guide / "guide.yaml").write_text(text)
    with pytest.raises(ContentError, match=rf'intro, image "{name}": "{name}" '):
        load_guide(guide)


def test_a_broken_picture_in_a_template_is_an_error_not_a_warning(tmp_path, no_weasyprint_warnings):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "broken.png").write_bytes(b"not a picture")
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}'
        '{% block summary %}<img src="file://' + str(templates / "broken.png") + '" alt="x">'
        '{% endblock %}')
    with pytest.raises(ResourceError, match="broken.png"):
        write_handout(load_guide(FIXTURE_GUIDE), tmp_path / "h.pdf", resources=Resources((templates,)))
    assert not (tmp_path / "h.pdf").exists()
    no_weasyprint_warnings.records.clear()  # WeasyPrint's own log line, turned into the error above
