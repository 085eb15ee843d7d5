"""An SVG picture that would make the renderer draw millions of shapes from a small
file (nested ``<use>``, patterns painting patterns), loop on itself, or hide a
DOCTYPE in another encoding is refused quickly, before it reaches WeasyPrint,
wherever it comes from: the guide, the logo, or a ``data:`` address in a template."""

from __future__ import annotations

import time

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
