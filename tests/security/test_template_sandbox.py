"""Templates run sandboxed: no Python internals, no shell, only our filters and globals."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.content.loader import load_guide
from guidepress.errors import TemplateError
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.render.context import base_context
from guidepress.render.product import fill_template

# Known ways out of an unsandboxed Jinja template, each trying to leave a mark.
ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARK') }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARK') }}",
    "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "{{ self.__init__.__globals__.__builtins__.open('MARK', 'w') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ guide.__class__.__init__.__globals__ }}",
    "{{ exercise.__self__.__class__ }}",
    "{{ exercise.__globals__['__builtins__'].open('MARK', 'w') }}",
    "{{ figure.__globals__['__builtins__']['open']('MARK', 'w') }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(guide) }}",
    "{{ guide.model_config.update({'extra': 'allow'}) }}",
    "{{ guide.keywords.append('x') }}",
    "{{ 10 ** 1000 }}",
    "{{ 'x' * 10000000 }}",
    "{% for i in range(10) %}{% endfor %}",
]


@pytest.fixture(scope="module")
def context():
    return base_context(load_guide(FIXTURE_GUIDE), Paper.a4)


@pytest.mark.parametrize("code", ESCAPES)
def test_template_escapes_fail_with_a_template_error(tmp_path, monkeypatch, context, code):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "templates"
    folder.mkdir()
    mark = code.replace("MARK", str(tmp_path / "MARK"))
    (folder / "handout.html").write_text(f"<p>{mark}</p>")
    with pytest.raises(TemplateError) as caught:
        fill_template(Resources((folder,)), "handout.html", context)
    message = str(caught.value)
    assert message.startswith("template handout.html") and "line 1" in message
    assert any(word in message for word in ("undefined", "unsafe", "not allowed", "immutable",
                                            "no attribute"))
    assert not (tmp_path / "MARK").exists()


def test_templates_see_only_our_globals():
    assert set(Resources().environment.globals) == {"figure", "figure_size", "qr", "card_columns",
                                                    "exercise_link", "icon", "icon_names", "unit"}


def test_sandboxed_templates_still_format_and_call_what_we_give(tmp_path, context):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "handout.html").write_text(
        "{{ labels.library_count.format(count=3) }}|{{ guide.reviewed.isoformat() }}|"
        "{{ guide.keywords | join(',') }}|{{ exercise('bridge').name }}")
    html = fill_template(Resources((folder,)), "handout.html", context)
    assert html.split("|")[1:3] == ["2026-10-01", "hand therapy,wrist,swelling"]
    assert "3" in html.split("|")[0] and html.split("|")[3]
