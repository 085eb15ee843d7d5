"""Templates and styles: user folders first, extending a built-in, failing loudly."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_GUIDE, pdf_text
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.errors import TemplateError
from guidepress.look.filters import css_string
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.products.handout import handout_context, render_handout, write_handout
from guidepress.render.product import fill_template


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def test_override_replaces_one_block_only(templates, tmp_path):
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}'
        '{% block title_block %}<h1 class="title">Riverside Clinic edition</h1>{% endblock %}')
    source = load_guide(FIXTURE_GUIDE)
    context = handout_context(source, Paper.a4)
    stock = fill_template(Resources(), "handout.html", context)
    custom = fill_template(Resources((templates,)), "handout.html", context)
    assert "Riverside Clinic edition" in custom
    # everything outside the replaced block is unchanged
    start, end = '<header class="title-block">', "</header>"
    cut = lambda html: html[:html.index(start)] + html[html.index(end):]
    assert cut(stock) == cut(custom)
    write_handout(source, tmp_path / "h.pdf", resources=Resources((templates,)))
    text = pdf_text(tmp_path / "h.pdf")
    assert "Riverside Clinic edition" in text and "Keeping Swelling Down" in text


def test_undefined_variable_names_template_and_line(templates, tmp_path):
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}\n{% block summary %}\n{{ guide.sumary }}\n{% endblock %}')
    with pytest.raises(TemplateError, match=r"handout.html line 3.*sumary"):
        render_handout(load_guide(FIXTURE_GUIDE), resources=Resources((templates,)))


def test_syntax_error_names_file_and_line(templates):
    (templates / "handout.html").write_text("{% extends 'builtin/handout.html' %}\n{% block x %}")
    with pytest.raises(TemplateError, match=r"handout.html line 2"):
        render_handout(load_guide(FIXTURE_GUIDE), resources=Resources((templates,)))


def test_content_is_escaped(guide_copy, tmp_path):
    yaml = guide_copy / "guide.yaml"
    yaml.write_text(yaml.read_text().replace(
        "subtitle: The first six weeks at home", 'subtitle: "<b>bold</b> & <script>x</script>"'))
    context = handout_context(load_guide(guide_copy), Paper.a4)
    html = fill_template(Resources(), "handout.html", context)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<script>" not in html


def test_raw_html_in_markdown_is_text(guide_copy):
    yaml = guide_copy / "guide.yaml"
    yaml.write_text(yaml.read_text().replace(
        "Call the clinic straight away", '<base href="file:///etc/"> Call the clinic straight away'))
    html = fill_template(Resources(), "handout.html", handout_context(load_guide(guide_copy), Paper.a4))
    assert "<base" not in html and "&lt;base" in html


def test_user_stylesheet_replaces_builtin_and_custom_css_layers_on_top(tmp_path):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "handout.css").write_text(".title { string-set: guide-title content(); }")
    (styles / "custom.css").write_text(":root { --color-accent: #7a1f5c; }")
    resources = Resources((), (styles,))
    found = resources.stylesheets(["print.css", "handout.css"])
    assert found[1] == styles / "handout.css" and found[-1] == styles / "custom.css"
    assert found[0].parent.name == "styles" and found[0] != styles / "print.css"
    write_handout(load_guide(FIXTURE_GUIDE), tmp_path / "h.pdf", resources=resources)
    assert len(PdfReader(tmp_path / "h.pdf").pages) >= 1


def test_missing_user_folder_is_an_error(tmp_path):
    with pytest.raises(TemplateError, match="does not exist"):
        Resources((tmp_path / "nope",))


def test_css_string_cannot_break_out_of_style():
    quoted = str(css_string('x"; } body { color: red } </style><script>'))
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "}" not in quoted
