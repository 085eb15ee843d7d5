"""The URL fetcher serves files inside allowed folders and data: URIs, nothing else."""

from __future__ import annotations

import pytest

from guidepress.content.loader import load_guide
from guidepress.errors import ResourceError
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout
from guidepress.render.fetcher import RefusedResource, SafeFetcher


def test_serves_files_inside_a_root(tmp_path):
    (tmp_path / "a.css").write_text("p { color: red }")
    response = SafeFetcher([tmp_path]).fetch((tmp_path / "a.css").as_uri())
    assert response.read() == b"p { color: red }"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://example.org/logo.png", "https://example.org/a.css",
    "ftp://example.org/x", "file:///dev/zero", "file://otherhost/etc/passwd",
])
def test_refuses_everything_else(tmp_path, url):
    with pytest.raises(RefusedResource) as caught:
        SafeFetcher([tmp_path]).fetch(url)
    assert caught.value.url == url


def test_refuses_a_link_that_leads_outside(tmp_path):
    (tmp_path / "sneaky.png").symlink_to("/etc/passwd")
    with pytest.raises(RefusedResource, match="outside"):
        SafeFetcher([tmp_path]).fetch((tmp_path / "sneaky.png").as_uri())


def test_data_uris_are_allowed_for_what_a_page_is_made_of(tmp_path):
    assert SafeFetcher([tmp_path]).fetch("data:text/css,p{}").read() == b"p{}"
    with pytest.raises(RefusedResource, match="none of what a page may use"):
        SafeFetcher([tmp_path]).fetch("data:text/plain,hi")


@pytest.mark.parametrize("src", ["file:///etc/passwd", "http://example.org/x.png"])
def test_a_template_cannot_reach_outside(tmp_path, src):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}'
        '{% block summary %}<img src="' + src + '" alt="x">{% endblock %}')
    with pytest.raises(ResourceError, match=src.replace(".", r"\.")):
        write_handout(load_guide(), tmp_path / "h.pdf", resources=Resources((templates,)))
    assert not (tmp_path / "h.pdf").exists()
    assert list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*.part")) == []


def test_a_stylesheet_cannot_reach_outside(tmp_path):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "custom.css").write_text('body { background: url("file:///etc/passwd"); }')
    with pytest.raises(ResourceError, match="/etc/passwd"):
        write_handout(load_guide(), tmp_path / "h.pdf", resources=Resources((), (styles,)))


def test_a_colour_profile_is_served_only_if_it_is_one(tmp_path):
    # a print shop's @color-profile is read; a file that only borrows the name is not
    real = bytearray(128)
    real[16:20], real[36:40] = b"CMYK", b"acsp"
    (tmp_path / "shop.icc").write_bytes(bytes(real))
    (tmp_path / "fake.icc").write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----" + b"x" * 100)
    fetcher = SafeFetcher([tmp_path])
    assert fetcher.fetch((tmp_path / "shop.icc").as_uri()).read() == bytes(real)
    with pytest.raises(RefusedResource, match="not an ICC colour profile"):
        fetcher.fetch((tmp_path / "fake.icc").as_uri())


def test_a_refused_picture_inside_an_inline_svg_stops_the_render(tmp_path, no_weasyprint_warnings):
    """WeasyPrint catches a fetch that fails while it draws an inline SVG and only logs it;
    the refusal still stops the render, naming the resource."""
    from guidepress.render.engine import PdfRenderer, pdf_bytes

    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "guide").mkdir()
    html = ('<html><body><svg xmlns="http://www.w3.org/2000/svg" width="50" height="50">'
            f'<image href="{outside.as_uri()}" width="10" height="10"/></svg></body></html>')
    rendered = PdfRenderer([tmp_path / "guide"]).render(html, base_dir=tmp_path / "guide",
                                                        stylesheets=[])
    with pytest.raises(ResourceError, match=r"refused resource .*outside\.png: .*outside"):
        pdf_bytes(rendered)
    no_weasyprint_warnings.records.clear()  # WeasyPrint's own log of the failed drawing
