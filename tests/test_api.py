"""The public API documented in the README: every name resolves, and a script can make a PDF."""

from __future__ import annotations

from conftest import FIXTURE_GUIDE
from pypdf import PdfReader

import guidepress


def test_every_public_name_resolves():
    for name in guidepress.__all__:
        assert getattr(guidepress, name) is not None


def test_a_script_renders_a_handout(tmp_path):
    settings = guidepress.resolve_settings(guide=FIXTURE_GUIDE, out=tmp_path, paper="letter")
    source = guidepress.load_guide(settings.guide_dir)
    written = guidepress.write_handout(source, settings.out_dir / "h.pdf", paper=settings.paper,
                                       resources=settings.resources)
    page = PdfReader(written.path).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
