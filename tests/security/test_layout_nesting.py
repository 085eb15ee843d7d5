"""Flex and grid boxes nested inside each other make WeasyPrint's layout grow by a
factor of two to three a level: a template (or its stylesheet) nesting more than
``MAX_NESTED`` is refused before layout with a message naming the template, and a
layout stopped by the time bound names the template too."""

from __future__ import annotations

import pytest
from conftest import folded

from guidepress.render.deadline import SETTING
from guidepress.render.layouts import (
    MAX_COLUMNS_NESTED,
    MAX_NESTED,
    MAX_TRACKS,
    NestedLayout,
    bound_layouts,
)


def _override(tmp_path, body: str, style: str = ""):
    folder = tmp_path / "T"
    folder.mkdir()
    (folder / "routine.html").write_text('{% extends "builtin/routine.html" %}\n{% block notes %}'
                                         f"<style>{style}</style>{body}{{% endblock %}}\n")
    return folder


def _routine(run_cli, folder):
    """A routine sheet made with the templates in ``folder``, and what it said."""
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    return result, folded(result.output)


def _nested(opens: str, times: int) -> str:
    return opens * times + "<p>Rest the hand.</p><p>Ice it.</p>" + "</div>" * times


@pytest.fixture
def laid_out(monkeypatch) -> list[str]:
    """Each flex or grid box WeasyPrint lays out (the work that grows with nesting)."""
    from weasyprint.layout import block

    count: list[str] = []
    for name in ("flex_layout", "grid_layout"):
        real = getattr(block, name)
        monkeypatch.setattr(block, name, lambda *a, _real=real, _name=name, **k: (
            count.append(_name), _real(*a, **k))[1])
    return count


@pytest.mark.parametrize("opens, style", [
    ('<div style="display: flex; flex-direction: column">', ""),
    ('<div style="display: grid">', ""),
    ('<div class="row">', ".row { display: inline-flex }"),
    ('<div class="a"><div class="b">', ".a { display: grid } .b { display: flex }"),
])
def test_a_template_nesting_many_flex_or_grid_boxes_is_refused_before_layout(
        run_cli, tmp_path, monkeypatch, laid_out, opens, style):
    monkeypatch.setenv(SETTING, "20")  # without the bound, this layout would run out its time
    body = _nested(opens, 12).replace("</div>" * 12, "</div>" * 12 * opens.count("<div"))
    folder = _override(tmp_path, body, style)
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    message = folded(result.output)
    assert result.exit_code == 1, message
    assert "template routine.html: it nests flex or grid boxes" in message, message
    assert f"more than {MAX_NESTED} deep" in message and "Traceback" not in message
    assert laid_out == [] and not (tmp_path / "ana.pdf").exists()


def test_flex_boxes_nested_up_to_the_bound_are_laid_out(run_cli, tmp_path, laid_out):
    folder = _override(tmp_path, _nested('<div style="display: flex">', MAX_NESTED))
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    assert result.exit_code == 0, result.output
    assert laid_out.count("flex_layout") >= MAX_NESTED


def test_flex_boxes_side_by_side_are_not_nested():
    from weasyprint import HTML

    bound_layouts()
    HTML(string='<div style="display: flex">x</div>' * 50).render()
    with pytest.raises(NestedLayout) as raised:
        HTML(string=_nested('<div style="display: flex">x', MAX_NESTED + 1)).render()
    assert raised.value.depth == MAX_NESTED + 1


def test_a_layout_stopped_by_the_time_bound_names_the_template(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv(SETTING, "0.001")
    folder = _override(tmp_path, "<p>Rest the hand.</p>")
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    message = folded(result.output)
    assert result.exit_code == 1, message
    assert "template routine.html: laying out the routine PDF took more than 0.001" in message
    assert "check the template and the stylesheets" in message


GRIDS = {
    "columns and rows repeated": '<div style="display: grid; grid-template-columns: '
                                 'repeat(100000, 1px); grid-template-rows: repeat(100000, 1px)">',
    "tracks repeated in twos": '<div style="display: grid; grid-template-rows: '
                               '1px repeat(600, 1px 2px)">',
    "an item placed far out": '<div style="display: grid; grid-template-areas: \'a\'">'
                              '<p style="grid-row: 100000; grid-column: 3">x</p>',
    "an item spanning far": '<div class="g"><p style="grid-column: 2 / span 5000">x</p>',
}


@pytest.mark.parametrize("opens", GRIDS.values(), ids=GRIDS.keys())
def test_a_grid_of_too_many_tracks_is_refused_before_layout(run_cli, tmp_path, laid_out, opens):
    folder = _override(tmp_path, opens + "<p>Rest the hand.</p></div>", ".g { display: grid }")
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    message = folded(result.output)
    assert result.exit_code == 1, message
    assert "template routine.html: it asks for a grid of" in message, message
    assert f"more than the {MAX_TRACKS:,} guidepress lays out" in message
    assert laid_out == [] and not (tmp_path / "ana.pdf").exists()


def test_a_grid_within_the_bound_is_laid_out(run_cli, tmp_path, laid_out):
    folder = _override(tmp_path, '<div style="display: grid; grid-template-columns: repeat(4, 1fr);'
                       f' grid-template-rows: repeat({MAX_TRACKS}, 1px)"><p>Rest.</p></div>')
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    assert result.exit_code == 0, result.output
    assert "grid_layout" in laid_out


@pytest.mark.parametrize("depth, refused", [(MAX_COLUMNS_NESTED, False),
                                            (MAX_COLUMNS_NESTED + 1, True)])
def test_multi_column_boxes_nested_past_the_bound_are_refused(run_cli, tmp_path, depth, refused):
    folder = _override(tmp_path, _nested('<div style="columns: 2">', depth))
    result, message = _routine(run_cli, folder)
    assert result.exit_code == (1 if refused else 0), message
    assert ("template routine.html: it nests multi-column boxes more than "
            f"{MAX_COLUMNS_NESTED} deep" in message) == refused


def test_running_out_of_memory_in_layout_names_the_template(run_cli, tmp_path, monkeypatch):
    from weasyprint.layout import block

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(block, "grid_layout", exhausted)
    folder = _override(tmp_path, '<div style="display: grid"><p>Rest.</p></div>')
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    message = folded(result.output)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert "template routine.html: laying out the PDF ran out of memory" in message
    assert "GUIDEPRESS_MEMORY_MB" in message and "check the template and its stylesheets" in message
    assert not (tmp_path / "ana.pdf").exists()


@pytest.mark.parametrize("columns, flex, refused", [(1, 2, False), (2, 0, False), (1, 3, True),
                                                    (2, 1, True), (2, MAX_NESTED, True)])
def test_flex_and_multi_column_boxes_are_counted_together(run_cli, tmp_path, laid_out,
                                                          columns, flex, refused):
    # each alone within its bound: two columns inside four flex boxes ran the whole time
    body = ('<div style="columns: 2">' * columns + _nested('<div style="display: flex">', flex)
            + "</div>" * columns)
    result, message = _routine(run_cli, _override(tmp_path, body))
    assert result.exit_code == (1 if refused else 0), message
    assert ("template routine.html: it nests flex, grid and multi-column boxes inside each "
            f"other more than {MAX_NESTED} deep together" in message) == refused
    assert laid_out == [] or not refused


def test_an_error_the_layout_did_not_expect_names_the_template(run_cli, tmp_path, monkeypatch):
    from weasyprint.layout import block

    def confused(*args, **kwargs):  # as WeasyPrint 70 did on a grid item spanning 1000 rows
        raise AttributeError("'BlockContainerBox' object has no attribute 'position_x'")

    monkeypatch.setattr(block, "grid_layout", confused)
    folder = _override(tmp_path, '<div style="display: grid"><p>Rest.</p></div>')
    result, message = _routine(run_cli, folder)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert ("template routine.html: it asks for a layout WeasyPrint cannot make (AttributeError "
            "while laying it out); change the rule in the template or its stylesheets") in message
    assert not (tmp_path / "ana.pdf").exists()


def test_an_error_writing_the_pdf_names_the_template(run_cli, tmp_path):
    """A heading scaled to nothing made WeasyPrint's tagging raise a KeyError while
    writing the PDF (WeasyPrint 68): said with the template, no traceback, no file."""
    folder = _override(tmp_path, "<p>Rest.</p>", "h1 { transform: scale(0) }")
    result, message = _routine(run_cli, folder)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert ("template routine.html: it asks for a layout WeasyPrint cannot make (KeyError "
            "while writing it as a PDF)") in message
    assert not (tmp_path / "ana.pdf").exists()


def test_an_error_in_guidepress_itself_is_not_blamed_on_the_template():
    from guidepress.freshness import sha256_hex
    from guidepress.render.layouts import unexpected_errors

    with pytest.raises(TypeError), unexpected_errors():
        sha256_hex(None)  # a bug of guidepress's own: its traceback is what to report
