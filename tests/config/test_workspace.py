"""Clinic workspaces: init, settings found like git, branding on every product,
themes, overrides, mixed languages, --html and watch."""

from __future__ import annotations

import pytest
from conftest import normalise, pdf_text
from pypdf import PdfReader

from guidepress.watch import watch

CLINIC = "Riverside Physiotherapy"


def make_logo(path):
    from PIL import Image

    Image.new("RGB", (120, 40), (29, 91, 134)).save(path)


@pytest.fixture
def workspace(run_cli, tmp_path):
    result = run_cli("init", "clinic")
    assert result.exit_code == 0, result.output
    root = tmp_path / "clinic"
    make_logo(root / "logo.png")
    config = root / "guidepress.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('name = ""', f'name = "{CLINIC}"', 1)
    text = text.replace('address = ""', 'address = "12 River Road, Springfield"')
    text = text.replace('# logo = "logo.svg"', 'logo = "logo.png"')
    text = text.replace('# accent = "#1d5b86"', 'accent = "#7a1f5c"')
    config.write_text(text, encoding="utf-8")
    return root


def images_on(pdf, page=0) -> int:
    resources = PdfReader(pdf).pages[page]["/Resources"]
    objects = resources.get("/XObject", {})
    return sum(1 for x in objects.values() if x.get_object().get("/Subtype") == "/Image")


def test_init_makes_an_editable_workspace(workspace):
    for name in ("guidepress.toml", "guide/back-in-action/guide.yaml", "guide/exercises/plank.yaml",
                 "templates/README.md", "styles/README.md", "output/.gitignore",
                 "examples/roster.csv", "examples/prescription.yaml"):
        assert (workspace / name).is_file(), name


def test_init_refuses_an_existing_workspace(run_cli, workspace):
    result = run_cli("init", workspace)
    assert result.exit_code == 1 and "already" in result.stderr


def test_branding_reaches_every_product_from_a_subfolder(run_cli, workspace, monkeypatch):
    sub = workspace / "examples"
    monkeypatch.chdir(sub)  # the settings are found from a subfolder, as git does
    runner_results = [
        run_cli("handout", "--html"),
        run_cli("routine", "prescription.yaml"),
        run_cli("poster", "--design", "when-to-stop", "--size", "a4"),
        run_cli("card"),
    ]
    for result in runner_results:
        assert result.exit_code == 0, result.output
    out = workspace / "output"
    pdfs = {p.name: p for p in out.glob("*.pdf")}
    assert set(pdfs) == {"back-in-action-handout.pdf", "Ana-García-routine.pdf",
                         "back-in-action-poster-when-to-stop-a4.pdf", "back-in-action-card.pdf"}
    for pdf in pdfs.values():
        assert CLINIC in pdf_text(pdf), pdf.name
        assert images_on(pdf) == 1, f"logo missing on the first page of {pdf.name}"
    handout_text = pdf_text(pdfs["back-in-action-handout.pdf"])
    assert "does not replace, advice from your clinician" in handout_text  # footer disclaimer
    html = (out / "back-in-action-handout.html").read_text(encoding="utf-8")
    assert "--color-accent: #7a1f5c" in html


def test_batch_in_a_workspace_with_mixed_languages(run_cli, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    roster = workspace / "mixed.csv"
    roster.write_text("id,patient,language,exercises\nm1,Ana,es,puente 2x10; plank\n"
                      "m2,Tom,,bridge 2x10; plank\n", encoding="utf-8")
    result = run_cli("batch", roster, "--workers", 1)
    assert result.exit_code == 0, result.output
    spanish = pdf_text(workspace / "output" / "m1-Ana.pdf")
    english = pdf_text(workspace / "output" / "m2-Tom.pdf")
    assert "Puente" in spanish and "Página 1 de" in spanish and "Page 1 of" not in spanish
    assert "Bridge" in english and "Page 1 of" in english and "Página" not in english
    assert PdfReader(workspace / "output" / "m1-Ana.pdf").trailer["/Root"]["/Lang"] == "es"
    assert CLINIC in spanish and CLINIC in english


def test_config_elsewhere_and_options_win(run_cli, workspace, tmp_path):
    result = run_cli("handout", "--config", workspace / "guidepress.toml", "--paper", "letter",
                     "-o", "here.pdf")
    assert result.exit_code == 0, result.output
    page = PdfReader(tmp_path / "here.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    assert CLINIC in pdf_text(tmp_path / "here.pdf")


def test_workspace_template_overrides_one_block(run_cli, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    (workspace / "templates" / "routine.html").write_text(
        '{% extends "builtin/routine.html" %}'
        '{% block notes %}<p>Bring this sheet to your next visit.</p>{% endblock %}')
    result = run_cli("routine", "examples/prescription.yaml", "-o", "out.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(workspace / "out.pdf")
    assert "Bring this sheet to your next visit." in text
    assert "Stop and get help" in text and "Your progress" in text  # other blocks unchanged


@pytest.mark.parametrize("old, new, message", [
    ("[clinic]", '[clinic]\nnmae = "x"', 'line 6, clinic.nmae: unknown key (did you mean "name"?)'),
    ('accent = "#7a1f5c"', 'accent = "bleu"', 'colors.accent: "bleu" is not a colour'),
    ('logo = "logo.png"', 'logo = "missing.png"', 'clinic.logo: logo file "missing.png" not found'),
    ('theme = "default"', 'theme = "sparkly"', 'unknown theme "sparkly"; available: default'),
    ('language = ""', 'language = "xx"', '"xx"'),
    ("[defaults]", "[defaults\n", "not valid TOML"),
])
def test_bad_settings_name_the_key_and_file(run_cli, workspace, monkeypatch, old, new, message):
    config = workspace / "guidepress.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(workspace)
    result = run_cli("handout")
    assert result.exit_code == 1
    assert message in normalise(result.stderr)
    assert not list((workspace / "output").glob("*.pdf"))


def body_font_sizes(pdf, margin_pt=70) -> list[float]:
    """Rendered size of every piece of text outside the page margins."""
    sizes = []
    for page in PdfReader(pdf).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size):
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if text.strip() and margin_pt < y < height - margin_pt:
                scale = (abs(cm[0] * tm[0] + cm[2] * tm[1]) or abs(cm[3] * tm[3]))
                sizes.append(round(size * scale, 1))

        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_sets_body_text_at_18_points_or_more(run_cli, tmp_path):
    assert run_cli("handout", "--theme", "large-print", "-o", "large.pdf").exit_code == 0
    assert run_cli("handout", "-o", "normal.pdf").exit_code == 0
    large, normal = body_font_sizes(tmp_path / "large.pdf"), body_font_sizes(tmp_path / "normal.pdf")
    assert min(normal) < 12  # the default theme has smaller print, so the check can fail
    assert len(large) > 200 and min(large) >= 18


def test_large_print_routine_has_one_card_a_page(run_cli, tmp_path):
    result = run_cli("routine", "--patient", "A", "-e", "bridge", "-e", "plank", "-e", "cat-cow",
                     "--per-page", "2", "--theme", "large-print", "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(tmp_path / "a.pdf").pages]
    on = [[n for n in ("Bridge", "Plank", "Cat-Cow") if n in text] for text in pages]
    assert [names for names in on if names] == [["Bridge"], ["Plank"], ["Cat-Cow"]]


def test_themes_command(run_cli):
    listing = run_cli("themes").stdout
    for name in ("default", "large-print", "ink-saver", "high-contrast"):
        assert f"{name}: " in listing


def test_unknown_language_lists_the_available_ones(run_cli):
    result = run_cli("handout", "--lang", "fr")
    assert result.exit_code == 1
    assert "en" in result.stderr and "es" in result.stderr


def test_watch_renders_again_after_a_change(tmp_path):
    watched = tmp_path / "guide.yaml"
    watched.write_text("one")
    renders, changes = [], []

    def fake_sleep(_):
        if len(renders) == 1 and not changes:
            watched.write_text("two, and longer")  # a change between two checks

    watch(lambda: [tmp_path], lambda: renders.append(1), changes.append,
          interval=0, rounds=3, sleep=fake_sleep)
    assert len(renders) == 2
    assert changes == [[watched]]


def test_watch_sees_a_change_in_the_shared_exercise_library(knee_workspace):
    """A guide with exercises of its own still uses the shared library: watching the
    guide watches both, so an edit to a shared exercise renders again."""
    from guidepress.config.settings import resolve_settings
    from guidepress.watch import watched_paths

    settings = resolve_settings(config=knee_workspace / "guidepress.toml",
                                guide=knee_workspace / "guides" / "knee")
    shared = knee_workspace / "guide" / "exercises" / "bridge.yaml"
    renders, changes = [], []

    def edit_shared(_):
        if len(renders) == 1 and not changes:
            with shared.open("a", encoding="utf-8") as text:
                text.write("# a clinic's note\n")

    watch(lambda: watched_paths(settings), lambda: renders.append(1), changes.append,
          interval=0, rounds=3, sleep=edit_shared)
    assert changes == [[shared]] and len(renders) == 2
