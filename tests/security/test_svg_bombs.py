"""An SVG picture that would make the renderer draw millions of shapes from a small
file (nested ``<use>``, patterns painting patterns), loop on itself, or hide a
DOCTYPE in another encoding is refused quickly, before it reaches WeasyPrint,
wherever it comes from: the guide, the logo, or a ``data:`` address in a template."""

from __future__ import annotations

import io
import time
from base64 import b64encode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidepress.content.loader import load_guide
from guidepress.content.svgcheck import MAX_DRAWN, svg_problem
from guidepress.errors import ContentError, ResourceError
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout

HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10">')


def nested_use(levels: int, fan_out: int, href: str = "href") -> str:
    """Level k is a group of ``fan_out`` uses of level k-1: fan_out ** levels shapes drawn."""
    parts = ['<defs><g id="l0"><rect width="1" height="1"/></g>']
    for k in range(1, levels + 1):
        uses = "".join(f'<use {href}="#l{k - 1}"/>' for _ in range(fan_out))
        parts.append(f'<g id="l{k}">{uses}</g>')
    return HEAD + "".join(parts) + f'</defs><use {href}="#l{levels}"/></svg>'


def drawn(levels: int, fan_out: int) -> int:
    """The elements met drawing ``nested_use``: each <use> meets its target again."""
    costs = [2]  # <g id="l0"> and its rect
    for _ in range(levels):
        costs.append(1 + fan_out * (1 + costs[-1]))
    return 1 + (1 + sum(costs)) + (1 + costs[-1])  # <svg>, <defs> with every level, the last <use>


BOMBS = {
    "nested use": nested_use(9, 10),  # 1.6 KB, 10^9 shapes
    "nested xlink:href": nested_use(9, 10, "xlink:href"),
    "use loop": HEAD + '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>',
    "use of itself": HEAD + '<g id="a"><use href="#a"/></g></svg>',
    "patterns of patterns": HEAD + "<defs>" + "".join(
        f'<pattern id="p{k}" width="1" height="1">'
        + f'<rect width="1" height="1" fill="url(#p{k - 1})"/>' * 10 + "</pattern>"
        for k in range(1, 8)) + '<pattern id="p0"/></defs><rect fill="url(#p7)"/></svg>',
    "styled fan-out": HEAD + "<style>rect{fill:url(#p)}</style><defs><pattern id=\"p\">"
    + '<path d="M0 0h1"/>' * 40_000 + "</pattern></defs>" + "<rect/>" * 3 + "</svg>",
    "deep nesting": HEAD + "<g>" * 5_000 + "</g>" * 5_000 + "</svg>",
    "too many elements": HEAD + '<rect width="1" height="1"/>' * 60_000 + "</svg>",
    "utf-16 doctype": ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                       + HEAD + "&a;</svg>"),
}


def encoded(text: str) -> bytes:
    return text.encode("utf-16") if "UTF-16" in text else text.encode()


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_is_refused_quickly(name):
    start = time.perf_counter()
    problem = svg_problem(encoded(BOMBS[name]))
    assert problem != "" and "not a valid SVG" not in problem, problem
    assert time.perf_counter() - start < 3


@pytest.mark.parametrize("name", ["nested use", "use loop", "utf-16 doctype", "styled fan-out"])
def test_a_bomb_in_the_guide_is_a_content_error(guide_copy, name):
    (guide_copy / "raised-hand.svg").write_bytes(encoded(BOMBS[name]))
    start = time.perf_counter()
    with pytest.raises(ContentError, match='raised-hand.svg'):
        load_guide(guide_copy)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("name", ["nested use", "use loop"])
def test_a_bomb_as_logo_is_an_error(tmp_path, name):
    from guidepress.config.workspace import load_workspace

    (tmp_path / "logo.svg").write_bytes(encoded(BOMBS[name]))
    (tmp_path / "guidepress.toml").write_text('[clinic]\nname = "X"\nlogo = "logo.svg"\n')
    with pytest.raises(ContentError, match="clinic.logo"):
        load_workspace(tmp_path / "guidepress.toml")


@pytest.mark.parametrize("prefix", ["data:image/svg+xml,", "data:image/svg+xml;charset=utf-8,"])
def test_a_bomb_in_a_template_data_address_stops_the_render(tmp_path, prefix):
    from urllib.parse import quote

    templates = tmp_path / "templates"
    templates.mkdir()
    src = prefix + quote(nested_use(7, 10))
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}{% block summary %}<img src="' + src
        + '" alt="x">{% endblock %}')
    start = time.perf_counter()
    with pytest.raises(ResourceError, match="shapes"):
        write_handout(load_guide(), tmp_path / "h.pdf", resources=Resources((templates,)))
    assert time.perf_counter() - start < 60
    assert not (tmp_path / "h.pdf").exists()


def test_a_picture_that_uses_its_parts_a_few_times_is_fine():
    assert svg_problem(nested_use(3, 5).encode()) == ""
    gradient = (HEAD + '<style>.a{fill:url(#g)}</style><linearGradient id="g"><stop/>'
                '</linearGradient><rect class="a"/><circle class="a"/></svg>')
    assert svg_problem(gradient.encode()) == ""


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12))
def test_refused_exactly_when_it_would_draw_too_much(levels, fan_out):
    start = time.perf_counter()
    problem = svg_problem(nested_use(levels, fan_out).encode())
    assert time.perf_counter() - start < 2
    assert (problem != "") == (drawn(levels, fan_out) > MAX_DRAWN), problem


# An SVG whatever its label: the renderer sniffs a data: address's bytes and draws SVG
# as SVG even when the address says PNG, so the label must not decide what is checked.
BIG = nested_use(11, 10)  # 10^11 shapes


@pytest.mark.parametrize("label", ["image/png", "text/xml", "application/octet-stream",
                                   "image/jpeg", "text/plain", ""])
@pytest.mark.parametrize("before", ["", "\ufeff", " \n\t"])
def test_an_svg_data_address_is_checked_whatever_its_label(tmp_path, label, before):
    from guidepress.render.fetcher import RefusedResource, SafeFetcher

    url = f"data:{label};base64," + b64encode((before + BIG).encode()).decode()
    start = time.perf_counter()
    with pytest.raises(RefusedResource, match="draws over .* shapes") as caught:
        SafeFetcher([tmp_path]).fetch(url)
    assert time.perf_counter() - start < 2
    assert len(caught.value.url) < 80  # the message names the address, not its whole payload


def test_a_utf16_svg_data_address_is_checked(tmp_path):
    from guidepress.render.fetcher import RefusedResource, SafeFetcher

    url = "data:image/png;base64," + b64encode(BIG.encode("utf-16")).decode()
    with pytest.raises(RefusedResource, match="shapes"):
        SafeFetcher([tmp_path]).fetch(url)


@pytest.mark.parametrize("page", [
    '{% block summary %}<img src="data:image/png;base64,PAYLOAD" alt="x">{% endblock %}',
    ('{% block summary %}<style>body::before{content:url("data:image/png;base64,PAYLOAD")}'
     "</style>{% endblock %}")])
def test_an_svg_labelled_png_in_a_template_stops_the_render(tmp_path, page):
    templates = tmp_path / "templates"
    templates.mkdir()
    payload = b64encode(BIG.encode()).decode()
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}' + page.replace("PAYLOAD", payload))
    start = time.perf_counter()
    with pytest.raises(ResourceError, match="draws over .* shapes"):
        write_handout(load_guide(), tmp_path / "h.pdf", resources=Resources((templates,)))
    assert time.perf_counter() - start < 60  # the render's own start-up; the check is instant
    assert not (tmp_path / "h.pdf").exists()


def test_a_data_address_that_is_no_picture_font_or_stylesheet_is_refused(tmp_path):
    from PIL import Image

    from guidepress.render.fetcher import RefusedResource, SafeFetcher

    bitmap = io.BytesIO()
    Image.new("RGB", (4, 4)).save(bitmap, "BMP")
    fetcher = SafeFetcher([tmp_path])
    for url, reason in [("data:image/png;base64," + b64encode(bitmap.getvalue()).decode(),
                         "image of a kind a page cannot use"),
                        ("data:image/png,hello", "none of what a page may use")]:
        with pytest.raises(RefusedResource, match=reason):
            fetcher.fetch(url)


def test_ordinary_data_addresses_are_served(tmp_path):
    from PIL import Image

    from guidepress.render.fetcher import SafeFetcher

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    fetcher = SafeFetcher([tmp_path])
    small = nested_use(2, 3).encode()
    for label, data in [("image/png", png.getvalue()), ("image/svg+xml", small),
                        ("application/octet-stream", small), ("text/css", b"p{color:red}"),
                        ("font/woff2", b"wOF2" + bytes(40))]:
        url = f"data:{label};base64," + b64encode(data).decode()
        assert fetcher.fetch(url).read() == data


def test_a_png_file_that_is_svg_text_is_refused(guide_copy):
    guide = guide_copy / "guide.yaml"
    guide.write_text(guide.read_text().replace("raised-hand.svg", "raised-hand.png"))
    (guide_copy / "raised-hand.png").write_text(BIG)
    with pytest.raises(ContentError, match="raised-hand.png.* not a PNG image"):
        load_guide(guide_copy)


# Markers: a marker's shapes are drawn again at every vertex of the line it marks.
def marked_line(points: int, shapes: int, how: str = 'marker-mid="url(#m)"') -> str:
    """A ``<marker>`` of ``shapes`` rects on one polyline of ``points`` points."""
    marker = '<marker id="m">' + '<rect width="1" height="1"/>' * shapes + "</marker>"
    coords = " ".join(f"{i},{i % 7}" for i in range(points))
    line = f'<polyline points="{coords}" {how}/>'
    if how.startswith("<"):  # a rule in a <style> element or a group that passes it down
        line = how.replace("LINE", f'<polyline points="{coords}"/>')
    return HEAD + "<defs>" + marker + "</defs>" + line + "</svg>"


MARKER_WAYS = {
    "marker-mid": 'marker-mid="url(#m)"',
    "marker-start": 'marker-start="url(#m)"',
    "marker shorthand": 'marker="url(#m)"',
    "in style": 'style="stroke:red; marker-mid: url( #m )"',
    "from a group": '<g marker-end="url(#m)">LINE</g>',
    "from a style element": "<style>polyline{marker-mid:url(#m)}</style>LINE",
}


@pytest.mark.parametrize("way", sorted(MARKER_WAYS))
def test_a_marker_on_a_line_of_many_points_is_refused_quickly(way):
    svg = marked_line(40_000, 900, MARKER_WAYS[way]).encode()
    start = time.perf_counter()
    problem = svg_problem(svg)
    assert time.perf_counter() - start < 2
    assert "draws over" in problem and "markers" in problem, problem


def test_a_marker_on_a_long_path_is_refused():
    marker = '<marker id="m">' + '<circle r="1"/>' * 900 + "</marker>"
    path = "M0 0" + "l1 1" * 40_000
    svg = HEAD + marker + f'<path d="{path}" marker-mid="url(#m)"/></svg>'
    assert "draws over" in svg_problem(svg.encode())


def test_a_marker_bomb_in_the_guide_is_a_content_error(guide_copy):
    (guide_copy / "raised-hand.svg").write_text(marked_line(40_000, 900))
    start = time.perf_counter()
    with pytest.raises(ContentError, match="raised-hand.svg.*markers"):
        load_guide(guide_copy)
    assert time.perf_counter() - start < 10


def test_an_arrow_marker_on_a_few_lines_is_fine():
    arrow = HEAD + ('<defs><marker id="arrow" orient="auto"><path d="M0 0L10 5L0 10z"/>'
                    "</marker></defs>" + '<polyline points="0,0 5,5 9,2" marker-end="url(#arrow)"/>'
                    * 50 + "</svg>")
    assert svg_problem(arrow.encode()) == ""


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3_000), st.integers(1, 300))
def test_markers_are_refused_when_points_times_shapes_is_too_much(points, shapes):
    start = time.perf_counter()
    problem = svg_problem(marked_line(points, shapes).encode())
    assert time.perf_counter() - start < 2
    if points * shapes > MAX_DRAWN:
        assert "markers" in problem
    elif (points + 5) * (shapes + 1) < MAX_DRAWN:  # the count is rough: a few shapes over
        assert problem == ""
