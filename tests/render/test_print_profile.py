"""The print shop's colour profile: print_profile in guidepress.toml or @color-profile
in a stylesheet; PDF/X refused without any CMYK profile; --html output that the
weasyprint command renders with the same profiles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import DATA, normalise, pdf_text
from PIL import ImageCms

from guidepress.look import variants

# Ghostscript's small PostScript CMYK profile, told apart from its SWOP profile, which
# guidepress uses when nothing names one (both come with Debian's libgs-common)
SHOP_PROFILE = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")
needs_shop_profile = pytest.mark.skipif(not SHOP_PROFILE.is_file(), reason=(
    "no CMYK profile to stand for a print shop's (Debian: apt-get install libgs-common)"))
ROUTINE = ["routine", DATA / "prescriptions" / "ana.yaml"]


def shop_name() -> str:
    return ImageCms.getOpenProfile(str(SHOP_PROFILE)).profile.profile_description


def output_intent(path: Path) -> str | None:
    """The Info of a PDF's output intent, whose profile must be CMYK (None: no intent)."""
    with pikepdf.open(path) as pdf:
        if "/OutputIntents" not in pdf.Root:
            return None
        [intent] = pdf.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        return str(intent.Info)


@pytest.fixture
def shop_styles(tmp_path) -> Path:
    """A workspace whose custom.css names the shop's profile, without its components."""
    (tmp_path / "guidepress.toml").write_text("[defaults]\n")
    styles = tmp_path / "styles"
    styles.mkdir()
    shutil.copy(SHOP_PROFILE, styles / "shop.icc")
    (styles / "custom.css").write_text("@color-profile device-cmyk { src: url(shop.icc) }\n")
    return styles


@needs_shop_profile
def test_a_stylesheets_color_profile_becomes_the_output_intent(run_cli, tmp_path, shop_styles):
    result = run_cli("card", "--pdf-variant", "pdf/x-4", "-o", "card.pdf")
    assert result.exit_code == 0, result.output
    assert output_intent(tmp_path / "card.pdf") == shop_name()


@needs_shop_profile
def test_print_profile_setting_becomes_the_output_intent(run_cli, tmp_path):
    shutil.copy(SHOP_PROFILE, tmp_path / "shop.icc")
    (tmp_path / "guidepress.toml").write_text(
        '[defaults]\npdf_variant = "pdf/x-4"\nprint_profile = "shop.icc"\n')
    result = run_cli("card", "-o", "card.pdf")
    assert result.exit_code == 0, result.output
    assert output_intent(tmp_path / "card.pdf") == shop_name()


@needs_shop_profile
def test_a_stylesheets_profile_wins_over_the_setting(run_cli, tmp_path, shop_styles):
    shutil.copy(variants.system_cmyk_profile(), tmp_path / "general.icc")
    (tmp_path / "guidepress.toml").write_text('[defaults]\nprint_profile = "general.icc"\n')
    result = run_cli("card", "--pdf-variant", "pdf/x-4", "-o", "card.pdf")
    assert result.exit_code == 0, result.output
    assert output_intent(tmp_path / "card.pdf") == shop_name()


@pytest.mark.parametrize("content, says", [
    (None, "does not exist"),
    ("fifo", "is not a regular file"),  # not "missing": it is there, and reading it hangs
    (b"not a profile", "not an ICC profile"),
    ("sRGB", "a profile for RGB, not CMYK"),
])
def test_a_print_profile_that_cannot_work_is_refused(run_cli, tmp_path, content, says):
    profile = tmp_path / "shop.icc"
    if content == "fifo":
        os.mkfifo(profile)
    elif content == "sRGB":
        profile.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    elif content is not None:
        profile.write_bytes(content)
    (tmp_path / "guidepress.toml").write_text('[defaults]\nprint_profile = "shop.icc"\n')
    result = run_cli("card", "--pdf-variant", "pdf/x-4", "-o", "card.pdf")
    message = normalise(result.stderr)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "guidepress.toml, defaults.print_profile" in message and says in message
    assert not (tmp_path / "card.pdf").exists()


def test_pdfx_without_any_cmyk_profile_is_refused(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(variants, "SYSTEM_CMYK_PROFILES", ())
    result = run_cli("card", "--pdf-variant", "pdf/x-4", "-o", "card.pdf")
    message = normalise(result.stderr)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "pdf/x-4 needs the CMYK colour profile" in message
    assert 'print_profile = "shop.icc" in the defaults of guidepress.toml' in message
    assert "@color-profile device-cmyk { src: url(shop.icc) }" in message
    assert "libgs-common" in message
    assert not (tmp_path / "card.pdf").exists()


def test_a_stylesheets_counter_style_is_used(run_cli, tmp_path):
    """@counter-style rules, like @color-profile, were kept to the stylesheet defining them."""
    (tmp_path / "guidepress.toml").write_text("[defaults]\n")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "custom.css").write_text(
        '@counter-style steps { system: cyclic; symbols: "\u2192"; suffix: " " }\n'
        "ol { list-style-type: steps }\n")
    result = run_cli(*ROUTINE, "-o", "sheet.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "sheet.pdf")
    assert "\u2192" in text and "Lie on your back" in text


def by_weasyprint(html: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "weasyprint", *options, str(html),
                           str(html.with_suffix(".weasyprint.pdf"))],
                          capture_output=True, text=True, cwd=html.parent)


@needs_shop_profile
@pytest.mark.parametrize("command", [["handout"], ROUTINE])
@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_html_with_a_color_profile_renders_with_weasyprint(run_cli, tmp_path, shop_styles,
                                                           command, variant):
    """The stylesheet's rule leaves out its components (CSS allows it, WeasyPrint's PDF
    writer needs them): the HTML states the profiles whole, so weasyprint does not stop."""
    result = run_cli(*command, "--pdf-variant", variant, "--html", "-o", "out/doc.pdf")
    assert result.exit_code == 0, result.output
    done = by_weasyprint(tmp_path / "out" / "doc.html", "--pdf-variant", variant)
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    assert output_intent(tmp_path / "out" / "doc.weasyprint.pdf") == shop_name()


def test_html_of_pdfx_names_the_profile_it_printed_with(run_cli, tmp_path):
    """A profile no stylesheet names (the system's) is stated in the HTML."""
    if variants.system_cmyk_profile() is None:
        pytest.skip("no system CMYK profile (Debian: apt-get install libgs-common)")
    result = run_cli("card", "--pdf-variant", "pdf/x-4", "--html", "-o", "card.pdf")
    assert result.exit_code == 0, result.output
    done = by_weasyprint(tmp_path / "card.html", "--pdf-variant", "pdf/x-4")
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    assert output_intent(tmp_path / "card.weasyprint.pdf") == output_intent(tmp_path / "card.pdf")


@needs_shop_profile
def test_build_renders_again_when_the_print_profile_changes(tmp_path):
    from conftest import FIXTURE_GUIDE

    from guidepress.look.resources import Resources
    from guidepress.products.build import build

    profile = tmp_path / "shop.icc"
    shutil.copy(SHOP_PROFILE, profile)
    resources = Resources(pdf_variant="pdf/x-4", print_profile=profile)
    first = build(FIXTURE_GUIDE, tmp_path / "out", resources=resources)
    assert {w.status for w in first} == {"written"}
    assert {w.status for w in build(FIXTURE_GUIDE, tmp_path / "out", resources=resources)} \
        == {"unchanged"}
    shutil.copy(variants.system_cmyk_profile(), profile)  # the shop sent a new profile
    again = build(FIXTURE_GUIDE, tmp_path / "out", resources=resources)
    assert {w.status for w in again} == {"written"}
    assert output_intent(again[0].path) != shop_name()


def test_pdfx1a_is_refused_with_the_reason(run_cli, tmp_path):
    """PDF/X-1a forbids RGB colour, which every guidepress page uses."""
    (tmp_path / "guidepress.toml").write_text('[defaults]\npdf_variant = "pdf/x-1a"\n')
    result = run_cli("card", "-o", "card.pdf")
    message = normalise(result.stderr)
    assert result.exit_code == 1 and "only CMYK and spot colours" in message
    assert "pdf/x-4" in message and not (tmp_path / "card.pdf").exists()
