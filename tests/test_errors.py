"""Bad content gets exit code 1, a message naming the file and problem, and no PDF."""

from __future__ import annotations

import re

import pytest


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails(run_cli, guide, tmp_path):
    target = tmp_path / "out" / "h.pdf"
    result = run_cli("handout", "--guide", guide, "-o", target)
    assert result.exit_code == 1
    assert not target.exists()
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True
    assert "Traceback" not in result.output
    return re.sub(r"\s+", " ", result.stderr)


def test_unknown_key_names_line_and_suggests(run_cli, guide_copy, tmp_path):
    _edit(guide_copy / "guide.yaml", "    items:\n", "    itmes:\n")
    line = next(i for i, l in enumerate((guide_copy / "guide.yaml").read_text().splitlines(), 1)
                if "itmes:" in l)
    message = _fails(run_cli, guide_copy, tmp_path)
    assert f'guide.yaml line {line}, sections[0].itmes: unknown key (did you mean "items"?)' in message


def test_missing_title(run_cli, guide_copy, tmp_path):
    _edit(guide_copy / "guide.yaml", "title: Caring for Your Hands After Wrist Surgery\n", "")
    message = _fails(run_cli, guide_copy, tmp_path)
    assert "guide.yaml" in message and "title: required key is missing" in message


def test_malformed_yaml(run_cli, guide_copy, tmp_path):
    _edit(guide_copy / "guide.yaml", "subtitle: The first", "subtitle: [The first")
    message = _fails(run_cli, guide_copy, tmp_path)
    assert "guide.yaml line" in message


def test_missing_image(run_cli, guide_copy, tmp_path):
    (guide_copy / "raised-hand.svg").unlink()
    message = _fails(run_cli, guide_copy, tmp_path)
    assert 'guide.yaml, intro: image "raised-hand.svg" not found' in message


def test_several_problems_are_listed_together(run_cli, guide_copy, tmp_path):
    _edit(guide_copy / "guide.yaml", "version: \"0.3\"\n", "")
    _edit(guide_copy / "guide.yaml", "heading: When to Call Us", "heading: When to Call Us\n    colour: red")
    message = _fails(run_cli, guide_copy, tmp_path)
    assert "2 problems" in message
    assert "version: required key is missing" in message
    assert "sections[1].colour: unknown key" in message


def test_missing_guide_folder(run_cli, tmp_path):
    message = _fails(run_cli, tmp_path / "nowhere", tmp_path)
    assert "guide folder not found" in message


@pytest.mark.parametrize("src", ["file:///etc/passwd", "http://example.org/x.png",
                                 "../outside.svg", "/etc/hostname"])
def test_content_images_outside_the_guide_are_refused(run_cli, guide_copy, tmp_path, src):
    (tmp_path / "outside.svg").write_text((guide_copy / "raised-hand.svg").read_text())
    _edit(guide_copy / "guide.yaml", "(raised-hand.svg)", f"({src})")
    message = _fails(run_cli, guide_copy, tmp_path)
    assert src in message
