"""Cards link only where a clinic chose a link: per exercise, or for all by a pattern in settings."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import DATA, normalise, pdf_text
from guidepress.config.workspace import load_workspace
from guidepress.errors import ContentError

RX = DATA / "prescriptions" / "ana.yaml"


def links_in(path):
    return [a["/A"]["/URI"] for page in PdfReader(path).pages for a in page.get("/Annots") or []
            if "/A" in a.get_object() and "/URI" in a["/A"]]


def workspace(tmp_path, clinic: str):
    (tmp_path / "guidepress.toml").write_text(f"[clinic]\nname = \"Riverside\"\n{clinic}\n")
    return tmp_path / "guidepress.toml"


def test_without_a_clinic_link_no_card_links_anywhere(run_cli, tmp_path):
    result = run_cli("routine", RX, "-o", tmp_path / "ana.pdf")
    assert result.exit_code == 0, result.output
    assert links_in(tmp_path / "ana.pdf") == []
    assert "http" not in pdf_text(tmp_path / "ana.pdf")


def test_a_link_pattern_puts_each_exercises_address_on_its_card(run_cli, tmp_path):
    config = workspace(tmp_path, 'exercise_link = "https://videos.example-clinic.org/{id}"')
    result = run_cli("routine", RX, "--config", config, "-o", tmp_path / "ana.pdf", "--html")
    assert result.exit_code == 0, result.output
    text = normalise(pdf_text(tmp_path / "ana.pdf"))
    assert "videos.example-clinic.org/bridge" in text
    html = (tmp_path / "ana.html").read_text(encoding="utf-8")
    assert 'alt="QR code: https://videos.example-clinic.org/bridge"' in html


def test_qr_alt_text_is_in_the_documents_language(run_cli, tmp_path):
    config = workspace(tmp_path, 'exercise_link = "https://videos.example-clinic.org/{id}"')
    result = run_cli("routine", RX, "--config", config, "--lang", "es", "-o", tmp_path / "ana.pdf",
                     "--html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "ana.html").read_text(encoding="utf-8")
    assert 'alt="Código QR: https://videos.example-clinic.org/bridge"' in html
    assert "QR code" not in html


@pytest.mark.parametrize("pattern", ["ftp://x.org/{id}", "https://x.org/{name}", "https://x.org/{id.__class__}",
                                     "https://x.org/{", "https://x.org/{id:>99999999}",
                                     "https://x.org/{id!r}", "https://x.org/{{id}}"])
def test_a_bad_link_pattern_is_refused_naming_the_key(tmp_path, pattern):
    with pytest.raises(ContentError, match="clinic.exercise_link"):
        load_workspace(workspace(tmp_path, f'exercise_link = "{pattern}"'))
