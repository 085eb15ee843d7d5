"""Links in content never point at local files or embedded data, and the batch
fingerprint never reads a file through a link out of the guide folder."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURE_GUIDE, pdf_text
from pypdf import PdfReader

from guidepress.batch.manifest import fingerprint
from guidepress.content.loader import load_guide
from guidepress.content.markup import markdown
from guidepress.products.handout import write_handout

LINKS = ("[our notes](notes.html), [the passwords](file:///etc/passwd), "
         "[a page](data:text/html;base64,PGgxPmhpPC9oMT4=), [our site](https://example.org/hands) "
         "and [the swelling part](#swelling)")


@pytest.fixture(scope="module")
def linked_handout(tmp_path_factory):
    folder = tmp_path_factory.mktemp("links")
    guide = folder / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    text = (guide / "guide.yaml").read_text()
    (guide / "guide.yaml").write_text(text.replace(
        "to do each day.\n", f"to do each day. See {LINKS}.\n"))
    target = folder / "h.pdf"
    write_handout(load_guide(guide), target)
    return target


def _link_uris(path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_relative_file_and_data_links_do_not_reach_the_pdf(linked_handout):
    uris = _link_uris(linked_handout)
    assert "https://example.org/hands" in uris
    assert not [u for u in uris if not u.startswith("https://")], uris
    assert str(FIXTURE_GUIDE.parent) not in str(uris)


def test_neutralised_links_keep_their_words(linked_handout):
    text = pdf_text(linked_handout)
    for words in ("our notes", "the passwords", "a page", "our site"):
        assert words in text


@pytest.mark.parametrize("href", ["notes.html", "../x.pdf", "file:///etc/passwd",
                                  "data:text/html,hi", "FILE:/etc/passwd", "//host/share/x"])
def test_markdown_drops_link_targets_outside_the_web(href):
    assert "href" not in markdown(f"[words]({href})")
    assert "words" in markdown(f"[words]({href})")


@pytest.mark.parametrize("href", ["https://example.org", "http://example.org/a?b=c",
                                  "mailto:clinic@example.org", "tel:+15550100", "#swelling"])
def test_markdown_keeps_web_mail_phone_and_internal_links(href):
    assert f'href="{href}"' in markdown(f"[words]({href})")


def test_fingerprint_does_not_follow_links_out_of_the_guide(tmp_path):
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    outside = tmp_path / "private.txt"
    outside.write_text("first")
    (guide / "notes.txt").symlink_to(outside)
    before = fingerprint([guide])
    outside.write_text("second: the fingerprint must not have read this file")
    assert fingerprint([guide]) == before
    (guide / "guide.yaml").write_text((guide / "guide.yaml").read_text() + "\n# edited\n")
    assert fingerprint([guide]) != before  # files inside still count
