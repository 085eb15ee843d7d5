"""Sizes learned by one pool's workers start the next pool's workers."""

from __future__ import annotations

from guidepress.batch.seeds import gather, learned, seed
from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.look.resources import Resources
from guidepress.products.routine import render_routine
from guidepress.render.engine import PdfRenderer


def test_a_seeded_renderer_lays_out_a_known_sheet_once_and_only_new_sizes_are_said():
    source, resources = load_guide(), Resources()
    rx = resolve(PrescriptionFile(patient="Ana", exercises=["plank 3x30s", "bridge 2x12"]),
                 source.library, "{i}")
    first = PdfRenderer([source.folder, *resources.roots])
    render_routine(source, rx, resources=resources, renderer=first)
    said, known = {}, {}
    gather(known, learned({("", None): first}, said))
    assert known and learned({("", None): first}, said) == {}  # nothing new since

    fresh = PdfRenderer([source.folder, *resources.roots])
    seed(fresh, ("", None), known)
    layouts, render = [], fresh.render
    fresh.render = lambda html, **options: layouts.append(html) or render(html, **options)
    render_routine(source, rx, resources=resources, renderer=fresh)
    assert len(layouts) == 1  # the final layout only: nothing measured again

    other = PdfRenderer([source.folder, *resources.roots])
    seed(other, ("", "es"), known)  # sizes of another language's renderer are not used
    assert not getattr(other, "unit_sizes", {})
