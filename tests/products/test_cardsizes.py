"""Card sizes kept card by card: a handout whose cards were measured before (in
the same renderer, or in an earlier run) measures only the text before its
cards and its first card, and comes out as the handout measured afresh; a kept
size that the final layout disproves is forgotten and everything measured again."""

from __future__ import annotations

import json

from guidepress.content.loader import load_guide
from guidepress.look.resources import Resources
from guidepress.products import cardsizes, kept
from guidepress.render.engine import PdfRenderer
from tests.conftest import CARD_GUIDE_EXERCISES
from tests.products.test_kept import laid_out, pictures

EXERCISES = CARD_GUIDE_EXERCISES  # the cards of the card_guide fixture


def edit_text(folder, old="resting on a pillow", new="resting on a cushion"):
    """Change the guide's text before its cards, not the cards."""
    text = folder / "guide.yaml"
    assert old in text.read_text()
    text.write_text(text.read_text().replace(old, new))


def kept_cards(tmp_path, monkeypatch, folder):
    """The handout rendered once with a cache folder: its cards file and what it holds."""
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    laid_out(folder)
    (path,) = (tmp_path / "cache" / kept.FOLDER).glob("cards-*.json")
    return path, json.loads(path.read_text())


def cards_in(html: str) -> int:
    return html.count('class="card-block"')


def fresh(folder, monkeypatch) -> bytes:
    """The handout measured whole, with nothing kept."""
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", "off")
    return laid_out(folder)[0]


def test_a_run_after_an_edit_measures_only_the_first_card(tmp_path, monkeypatch, card_guide):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    _, layouts = laid_out(card_guide)
    assert cards_in(layouts[0]) == len(EXERCISES)  # nothing kept yet: every card measured
    edit_text(card_guide)
    pdf, layouts = laid_out(card_guide)
    assert len(layouts) == 2  # measured, then final
    assert cards_in(layouts[0]) == 1  # the first card places the exercise pages' start
    assert "resting on a cushion" in layouts[0]
    assert pictures(pdf) == pictures(fresh(card_guide, monkeypatch))


def test_one_renderer_shares_its_cards_between_products(monkeypatch, card_guide):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", "off")  # nothing kept on disk: only the renderer's
    source = load_guide(card_guide)
    renderer = PdfRenderer([source.folder, *Resources().roots])
    laid_out(card_guide, renderer=renderer)
    edit_text(card_guide)
    pdf, layouts = laid_out(card_guide, renderer=renderer)
    assert [cards_in(html) for html in layouts][:1] == [1] and len(layouts) == 2
    assert pictures(pdf) == pictures(fresh(card_guide, monkeypatch))


def test_a_kept_size_the_final_layout_disproves_is_measured_again(tmp_path, monkeypatch, card_guide):
    path, sizes = kept_cards(tmp_path, monkeypatch, card_guide)
    for size in sizes["cards"].values():
        size["laid"] += 5.0  # as if the cards had been laid out differently
    path.write_text(json.dumps(sizes))
    edit_text(card_guide)
    pdf, layouts = laid_out(card_guide)
    # measured without the kept cards, laid out, disproved: measured whole, laid out again
    assert [cards_in(html) for html in layouts[::2]] == [1, len(EXERCISES)] and len(layouts) == 4
    assert pictures(pdf) == pictures(fresh(card_guide, monkeypatch))
    rewritten = json.loads(path.read_text())["cards"]
    assert len(rewritten) == len(EXERCISES)
    assert all(new["laid"] == old["laid"] - 5.0 for new, old
               in zip(rewritten.values(), sizes["cards"].values()))


def test_an_unreadable_cards_file_only_costs_time(tmp_path, monkeypatch, card_guide):
    path, good = kept_cards(tmp_path, monkeypatch, card_guide)
    text = card_guide / "guide.yaml"
    original = text.read_text()
    for n, broken in enumerate([{"x": {"text": 1}},  # fields missing
                                {k: {**v, "text": "tall"} for k, v in good["cards"].items()},
                                {k: {**v, "high": float("nan")} for k, v in good["cards"].items()}]):
        path.write_text(json.dumps({**good, "cards": broken}))
        text.write_text(original.replace("resting on a pillow", f"resting on pillow {n}"))
        pdf, layouts = laid_out(card_guide)  # nothing taken from the broken file: all measured
        assert cards_in(layouts[0]) == len(EXERCISES) and len(layouts) == 2
    assert pictures(pdf) == pictures(fresh(card_guide, monkeypatch))


def test_marked_cards_split_and_the_scope_ignores_the_title_and_metadata():
    html = ('<html lang="en"><head><title>A</title><meta name="description" content="x">'
            "<style>@page { size: A4 }</style></head><body class=\"handout\"><p>text</p>"
            f"{cardsizes.MARK}<div>one</div>{cardsizes.MARK}<div>two</div>{cardsizes.END}<p>faq</p>")
    head, blocks, tail = cardsizes.split(html, 2)
    assert blocks == ["<div>one</div>", "<div>two</div>"] and tail.endswith("<p>faq</p>")
    assert head + "".join(cardsizes.MARK + b for b in blocks) + tail == html
    assert cardsizes.split(html, 3) is None  # not the cards that were marked
    other_words = html.replace("<title>A</title>", "<title>B</title>").replace('"x"', '"y"')
    assert cardsizes.scope_key(other_words, "opt") == cardsizes.scope_key(html, "opt")
    other_page = html.replace("size: A4", "size: letter")
    assert cardsizes.scope_key(other_page, "opt") != cardsizes.scope_key(html, "opt")
    assert cardsizes.scope_key(html, "other") != cardsizes.scope_key(html, "opt")


def test_the_cards_end_a_document_when_nothing_printed_follows_them():
    def ends(after: str) -> bool:
        html = f"<body><p>text</p>{cardsizes.MARK}<div>card</div>{cardsizes.END}{after}"
        return cardsizes.nothing_after(cardsizes.split(html, 1))

    assert ends("</div>\n</section>\n<!-- the end -->\n</body>\n</html>")
    assert not ends('</div><section id="faq"><h2>Questions</h2><p>Can I run?</p></section>')
    assert not ends('</div><section><img src="back.svg" alt=""></section>')  # a picture prints
    assert not ends("</div><p>&nbsp;</p>")
