"""A NUL character in a path (``%00`` in a picture's address) is our message naming
the path, never a ValueError from the operating system's interface."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidepress.confine import KINDS, read_bytes
from guidepress.content.loader import load_guide
from guidepress.content.prescription import load_prescription
from guidepress.content.roster import read_roster
from guidepress.errors import ContentError, GuidepressError, ResourceError
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout
from guidepress.render.fetcher import RefusedResource, SafeFetcher


@pytest.mark.parametrize("src", ["raised%00.svg", "raised-hand.svg%00.png", "%00", "a/%00/b.png"])
def test_a_nul_in_a_guide_picture_is_a_content_error(guide_copy, src):
    path = guide_copy / "guide.yaml"
    path.write_text(path.read_text().replace("(raised-hand.svg)", f"({src})"))
    with pytest.raises(ContentError, match="NUL") as caught:
        load_guide(guide_copy)
    assert "guide.yaml, intro" in str(caught.value)


def test_a_nul_in_a_prescription_or_roster_path_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="NUL"):
        load_prescription(tmp_path / "ana\x00.yaml", load_guide().library)
    with pytest.raises(ContentError, match="NUL"):
        read_roster(tmp_path / "r\x00.csv")


@pytest.mark.parametrize("name", ["logo%00.png", "a.css%00", "%00/x.svg"])
def test_the_fetcher_refuses_a_nul(tmp_path, name):
    with pytest.raises(RefusedResource):
        SafeFetcher([tmp_path]).fetch(f"{tmp_path.as_uri()}/{name}")


def test_a_template_picture_with_a_nul_stops_the_render(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}'
        '{% block summary %}<img src="pic%00.png" alt="x">{% endblock %}')
    with pytest.raises(ResourceError, match="NUL"):
        write_handout(load_guide(), tmp_path / "h.pdf", resources=Resources((templates,)))
    assert not (tmp_path / "h.pdf").exists()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.sampled_from(sorted(KINDS)))
def test_any_path_with_a_nul_is_our_error(before, after, kind):
    with pytest.raises(GuidepressError, match="NUL"):
        read_bytes(f"{before}\x00{after}", kind, None)
