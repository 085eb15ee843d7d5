"""The layout layer end to end: sizes measured once and reused, a size that proves
wrong corrected by the one check after the final layout, and a template that
drops its unit marks stopped with a message naming it."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.layout import sizes as sizes_module
from guidepress.layout.units import UnitError
from guidepress.look.resources import Resources
from guidepress.products.handout import render_handout
from guidepress.products.routine import render_routine
from guidepress.render.engine import PdfRenderer, pdf_bytes

LONG_NAME = " ".join(["Maria de los Angeles Fernandez-Gutierrez y Santa Cruz"] * 3)
THREE = ["plank 3x30s", "bird-dog 2x8", "bridge 2x12"]


@pytest.fixture(scope="module")
def source():
    return load_guide()


def sheet(source, patient, exercises, **form):
    return resolve(PrescriptionFile(patient=patient, exercises=exercises, **form), source.library, "{i}")


def spied(renderer) -> list[str]:
    """The HTML of every layout ``renderer`` makes from now on, in order."""
    made, render = [], renderer.render

    def spy(html, **options):
        made.append(html)
        return render(html, **options)

    renderer.render = spy
    return made


def pages_text(rendered) -> list[str]:
    pdf = pdf_bytes(rendered)
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def new_renderer(source, resources):
    return PdfRenderer([source.folder, *resources.roots])


def warmed(source):
    """Resources and a renderer that has laid out one sheet of ``THREE``."""
    resources = Resources()
    renderer = new_renderer(source, resources)
    render_routine(source, sheet(source, "Ana García", THREE), resources=resources, renderer=renderer)
    return resources, renderer


def text_and_fresh(source, rx, resources, renderer) -> tuple[list[str], list[str]]:
    """The pages' text of ``rx`` laid out by ``renderer``, and by a new renderer."""
    kept = pages_text(render_routine(source, rx, resources=resources, renderer=renderer))
    return kept, pages_text(render_routine(source, rx, resources=resources,
                                           renderer=new_renderer(source, resources)))


def test_a_sheet_whose_units_were_all_measured_is_laid_out_once(source):
    resources, renderer = warmed(source)
    layouts = spied(renderer)
    render_routine(source, sheet(source, "Bo Li", THREE), resources=resources, renderer=renderer)
    assert len(layouts) == 1


def test_remembered_sizes_plan_the_sheet_a_fresh_measurement_plans(source):
    resources = Resources()
    warm = new_renderer(source, resources)
    sheets = [sheet(source, "Ana García", THREE, weeks=4),
              sheet(source, LONG_NAME, THREE, weeks=4),
              sheet(source, "Chidi Okafor", ["plank 3x30s", "bird-dog 2x8", "cat-cow"], weeks=6,
                    notes="Walk on the days you do not run."),
              sheet(source, "Eli Haddad", ["plank 2x20s", "bird-dog 3x6", "bridge 2x12"], weeks=4)]
    for rx in sheets:
        kept, fresh = text_and_fresh(source, rx, resources, warm)
        assert kept == fresh


def test_a_header_taller_than_the_last_one_is_planned_again(source):
    resources, renderer = warmed(source)
    layouts = spied(renderer)
    render_routine(source, sheet(source, LONG_NAME, THREE), resources=resources, renderer=renderer)
    assert len(layouts) == 2  # the final layout, and once more with the room it showed


def test_only_what_is_new_is_measured(source):
    resources, renderer = warmed(source)
    layouts = spied(renderer)
    # a new exercise, and a known one at a new dose: the first card (always) and the
    # new card are measured; the known card's new head is taken from its last one
    render_routine(source, sheet(source, "Bo Li", ["plank 3x30s", "bird-dog 3x10", "cat-cow"]),
                   resources=resources, renderer=renderer)
    measuring = layouts[0]
    assert measuring.count('data-unit="card"') == 2
    assert measuring.count('class="card-purpose"') == 2
    assert "Bird Dog" not in measuring
    assert 'data-unit="tracker"' not in measuring and 'data-unit="notes"' not in measuring


def test_known_cards_at_new_doses_and_places_are_laid_out_once(source):
    resources, renderer = warmed(source)
    layouts = spied(renderer)
    rx = sheet(source, "Bo Li", ["bridge 3x15", "plank 2x45s", "bird-dog 3x10"])
    kept = pages_text(render_routine(source, rx, resources=resources, renderer=renderer))
    assert len(layouts) == 1  # no measuring layout: each head guessed from its card's last
    assert kept == text_and_fresh(source, rx, resources, new_renderer(source, resources))[1]


def test_a_wrong_guess_of_a_head_is_corrected_by_the_check(source):
    resources, renderer = warmed(source)
    (sizes,) = renderer.unit_sizes.values()
    sizes.last_heads.update((key, 0.5) for key in list(sizes.last_heads))  # far too short
    rx = sheet(source, "Bo Li", ["bridge 3x15", "plank 2x45s", "bird-dog 3x10"])
    kept, fresh = text_and_fresh(source, rx, resources, renderer)
    assert kept == fresh
    assert all(height > 2.0 for height in sizes.last_heads.values())  # as laid out


@pytest.mark.parametrize("body", [
    '{% block cards %}{% for page in sheet_pages %}{% for e in page %}{% if e.kind == "card" %}'
    '<p>{{ e.item.exercise.name }}</p>{% endif %}{% endfor %}{% endfor %}{% endblock %}',
    '{% block cards %}{% for page in sheet_pages %}{% for e in page %}{% if e.kind == "card" %}'
    '{% call unit("card") %}<p>{{ e.item.exercise.name }}</p>{% endcall %}{% endif %}'
    '{% endfor %}{% endfor %}{% endblock %}',
])
def test_a_template_that_drops_its_unit_marks_is_named(source, tmp_path, body):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "routine.html").write_text('{% extends "builtin/routine.html" %}' + body)
    resources = Resources(template_dirs=(folder,))
    with pytest.raises(UnitError, match="routine.html.*(unit|data-unit)"):
        render_routine(source, sheet(source, "Ana", THREE), resources=resources)


def handout_layouts(source, resources):
    renderer = new_renderer(source, resources)
    layouts = spied(renderer)
    return render_handout(source, resources=resources, renderer=renderer), layouts


def pictures(rendered) -> list[bytes]:
    document = pdfium.PdfDocument(pdf_bytes(rendered))
    return [document[i].render(scale=0.3).to_pil().tobytes() for i in range(len(document))]


def test_a_handout_measured_in_an_earlier_run_is_laid_out_once_and_the_same(
        source, tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    first, layouts = handout_layouts(source, Resources())
    assert len(layouts) >= 2
    again, layouts = handout_layouts(source, Resources())  # a new renderer: as a new run
    assert len(layouts) == 1
    assert pictures(again) == pictures(first)


def test_an_edited_stylesheet_is_measured_again(source, tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "custom.css").write_text(".card-purpose { font-size: 13pt; }")
    handout_layouts(source, Resources(style_dirs=(styles,)))
    (styles / "custom.css").write_text(".card-purpose { font-size: 15pt; }")
    _, layouts = handout_layouts(source, Resources(style_dirs=(styles,)))
    assert len(layouts) >= 2


def test_sizes_kept_by_other_layout_code_are_a_new_scope(monkeypatch):
    """An edited layout module (a checkout between two runs of one version) does not
    read sizes that the code before it measured and planned with."""
    before = sizes_module.scope_key("handout.html", [], "a4")
    monkeypatch.setattr(sizes_module, "file_digest", lambda path, roots: f"edited {path.name}")
    sizes_module._layout_code.cache_clear()
    try:
        assert sizes_module.scope_key("handout.html", [], "a4") != before
    finally:
        sizes_module._layout_code.cache_clear()


def test_keeping_can_be_switched_off(source, tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", "off")
    handout_layouts(source, Resources())
    _, layouts = handout_layouts(source, Resources())
    assert len(layouts) >= 2
    assert sizes_module.FOLDER and not (tmp_path / "cache").exists()
