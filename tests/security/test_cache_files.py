"""The layout cache is data, validated: whatever a kept file says (huge, negative or
not-a-number sizes, CSS or HTML in place of a number, unknown keys, wrong types),
the handout prints the same words on no more pages than one measured afresh; a
pipe or device in the cache is not waited on or read; clean-up deletes only the
cache's own files; a cache folder others may write to is not used."""

from __future__ import annotations

import io
import json
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from guidepress.errors import TemplateError
from guidepress.look.filters import css_mm
from guidepress.products import cachefile, kept
from guidepress.products.cachemodels import MAX_MM, CardSizes, Plan
from tests.products.test_kept import laid_out

HEX = "0" * 64


def printed(pdf: bytes) -> tuple[list[str], int]:
    """The words the PDF prints and its page count."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(page.extract_text() for page in pages).split(), len(pages)


@pytest.fixture
def fresh(card_guide, monkeypatch):
    """The handout's words and pages measured with nothing kept."""
    with monkeypatch.context() as patch:
        patch.setenv("GUIDEPRESS_CACHE_DIR", "off")
        return printed(laid_out(card_guide)[0])


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / kept.FOLDER


def kept_files(cache, cards: bool) -> list:
    return [p for p in cache.glob("*.json") if p.name.startswith("cards-") == cards]


def tamper(path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _set_figures(value):
    def change(plan):
        for page in plan["planned"]:
            for entry in page:
                if entry[0] == "card":
                    entry[2] = value
    return change


def _add_page(plan):
    plan["planned"] += [[["space", 250.0]]] * 3000


PLAN_TAMPERING = {
    "css in a figure height": _set_figures("40mm; display: none; --x: 0"),
    "css text in a figure height": _set_figures(
        "40mm; background: url('data:image/svg+xml,<svg xmlns=\"http://www.w3.org/2000/svg\">"
        "<text y=\"20\">DO 10 x 100 EVERY HOUR</text></svg>'); --x: 0"),
    "html in a figure height": _set_figures('40mm"><p>DO 10 x 100 EVERY HOUR</p><i x="'),
    "huge figure height": _set_figures(1e9),
    "negative figure height": _set_figures(-80.0),
    "figure height as text": _set_figures("40"),
    "huge notes lines": lambda plan: plan.update(lead_space=1e6),
    "notes lines as css": lambda plan: plan.update(lead_space="20mm; visibility: hidden; --x: 0"),
    "thousands of pages": _add_page,
    "an unknown key": lambda plan: plan.update(style="display:none"),
    "a cut as a huge number": lambda plan: plan["cuts"].update({k: 10**12 for k in plan["cuts"]}),
}


@pytest.mark.parametrize("change", PLAN_TAMPERING.values(), ids=PLAN_TAMPERING.keys())
def test_a_tampered_plan_never_changes_the_words_or_adds_pages(cache, card_guide, fresh, change):
    laid_out(card_guide)
    (plan,) = kept_files(cache, cards=False)
    tamper(plan, change)
    words, pages = printed(laid_out(card_guide)[0])
    assert words == fresh[0]
    assert pages <= fresh[1]


def _set_cards(**values):
    def change(kept_cards):
        for size in kept_cards["cards"].values():
            size.update(values)
    return change


CARD_TAMPERING = {
    "huge text": _set_cards(text=1e6),
    "negative text": _set_cards(text=-500.0),
    "text as a string": _set_cards(text="1e6"),
    "figure range inverted": _set_cards(low=150.0, high=0.0),
    "a huge cut": _set_cards(cut=10**9),
    "an unknown key": _set_cards(style="display:none"),
}


@pytest.mark.parametrize("change", CARD_TAMPERING.values(), ids=CARD_TAMPERING.keys())
def test_tampered_card_sizes_never_change_the_words_or_add_pages(cache, card_guide, fresh, change):
    laid_out(card_guide)
    for plan in kept_files(cache, cards=False):
        plan.unlink()  # the cards' sizes are used when there is no plan
    (cards,) = kept_files(cache, cards=True)
    tamper(cards, change)
    words, pages = printed(laid_out(card_guide)[0])
    assert words == fresh[0]
    assert pages <= fresh[1]


NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
                    st.text(max_size=20), st.none(), st.booleans())
ENTRIES = st.lists(st.one_of(st.tuples(st.just("card"), NUMBERS, NUMBERS),
                             st.tuples(st.just("space"), NUMBERS), st.lists(NUMBERS, max_size=3)),
                   max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned=st.lists(ENTRIES, max_size=5), lead=NUMBERS, cut=NUMBERS,
       extra=st.dictionaries(st.text(max_size=5), NUMBERS, max_size=2))
def test_a_plan_is_read_only_with_finite_numbers_within_a_page(planned, lead, cut, extra):
    raw = {"key": HEX, "files": [], "cuts": {"bridge": cut}, "lead_space": lead,
           "planned": planned, **extra}
    try:
        plan = Plan.model_validate_json(json.dumps(raw))
    except ValueError:
        return
    assert not extra
    numbers = [plan.lead_space] + [x for page in plan.planned for e in page for x in e[1:]]
    assert all(type(x) in (int, float) and 0 <= x <= MAX_MM for x in numbers)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(NUMBERS, min_size=5, max_size=5))
def test_card_sizes_are_read_only_as_finite_numbers_within_a_page(values):
    raw = {"key": "cards-" + HEX, "files": [],
           "cards": {HEX: dict(zip(("text", "low", "high", "cut", "laid"), values))}}
    try:
        sizes = CardSizes.model_validate_json(json.dumps(raw))
    except ValueError:
        return
    (size,) = sizes.cards.values()
    assert all(type(x) in (int, float) and 0 <= x <= MAX_MM for x in size.model_dump().values())
    assert size.low <= size.high


@pytest.mark.parametrize("value", ["40", "40mm; display: none", float("nan"), float("inf"), -1.0,
                                   True, None, [40], 1e6])
def test_only_a_number_in_range_becomes_a_length_in_css(value):
    with pytest.raises(TemplateError, match="not a length"):
        css_mm(value)


@given(st.one_of(st.integers(0, 10_000), st.floats(0, 10_000)))
def test_a_number_in_range_prints_as_itself(value):
    assert str(css_mm(value)) == f"{value}mm" and float(str(css_mm(value))[:-2]) == value


def test_clean_up_never_follows_a_planted_plans_link(tmp_path, cache, card_guide, monkeypatch):
    victim = tmp_path / "documents"
    victim.mkdir()
    for n in range(50):
        (victim / f"notes-{n}.json").write_text("{}")
    (victim / f"{'a' * 64}.json").write_text("{}")  # even a file under a name the cache uses
    cache.parent.mkdir(mode=0o700)
    cache.symlink_to(victim)
    monkeypatch.setattr(kept, "LIMIT", 1)
    laid_out(card_guide)
    laid_out(card_guide)
    assert len(list(victim.iterdir())) == 51


def test_clean_up_deletes_only_the_caches_own_names(cache, card_guide, monkeypatch):
    cache.mkdir(parents=True)
    others = [cache / "notes.json", cache / f"{'b' * 63}.json", cache / f"{'c' * 64}.json.bak"]
    for path in others:
        path.write_text("{}")
    os.utime(others[0], (0, 0))  # older than anything the cache writes
    linked = cache.parent / "linked.json"
    linked.write_text("{}")
    (cache / f"{'d' * 64}.json").symlink_to(linked)
    monkeypatch.setattr(kept, "LIMIT", 1)
    laid_out(card_guide)
    assert all(path.exists() for path in others) and linked.exists()


def _returns_quickly(call, *args):
    """Run ``call`` in a thread; whether it returned within five seconds."""
    thread = threading.Thread(target=call, args=args, daemon=True)
    thread.start()
    thread.join(5)
    return not thread.is_alive()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_place_of_a_kept_plan_is_not_waited_on(cache, card_guide, fresh):
    laid_out(card_guide)
    (plan,) = kept_files(cache, cards=False)
    plan.unlink()
    os.mkfifo(plan)
    try:
        assert _returns_quickly(kept.recall, plan.stem)
    finally:
        try:  # free a reader left waiting (none is: opening then finds no reader)
            os.close(os.open(plan, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert printed(laid_out(card_guide)[0]) == fresh


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_a_device_or_an_oversized_file_is_not_read(cache, card_guide, monkeypatch):
    laid_out(card_guide)
    (plan,) = kept_files(cache, cards=False)
    plan.unlink()
    plan.symlink_to("/dev/zero")
    assert _returns_quickly(kept.recall, plan.stem) and kept.recall(plan.stem) is None
    plan.unlink()
    plan.write_bytes(b" " * (cachefile.MAX_BYTES + 1))
    assert cachefile.read(cache, plan.name) is None


def _shared(cache, mode):
    cache.parent.mkdir()
    os.chmod(cache.parent, mode)


@pytest.mark.parametrize("mode", [0o775, 0o777, 0o1777, 0o757])
def test_a_cache_folder_others_may_write_is_not_used(cache, card_guide, fresh, mode, capsys):
    _shared(cache, mode)
    cache.mkdir(mode=0o700)
    (cache / f"{HEX}.json").write_text("{}")  # what another user may have planted
    pdf, layouts = laid_out(card_guide)
    assert printed(pdf) == fresh and len(layouts) >= 2
    assert list(cache.iterdir()) == [cache / f"{HEX}.json"]  # nothing written there
    assert "writable by group or others" in capsys.readouterr().err
    laid_out(card_guide)
    assert "writable" not in capsys.readouterr().err  # said once per run


def test_nothing_is_made_inside_a_cache_folder_that_is_refused(cache, card_guide, capsys):
    _shared(cache, 0o777)
    laid_out(card_guide)
    assert "writable by group or others" in capsys.readouterr().err
    assert not list(cache.parent.iterdir())  # no plans folder left in it either


def test_a_plans_folder_others_may_write_or_a_linked_one_is_not_used(cache, card_guide, tmp_path):
    cache.mkdir(parents=True)
    os.chmod(cache, 0o777)
    laid_out(card_guide)
    assert not list(cache.iterdir())
    cache.rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    cache.symlink_to(tmp_path / "elsewhere")
    laid_out(card_guide)
    assert not list((tmp_path / "elsewhere").iterdir())


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a folder to another user needs root")
def test_a_cache_folder_of_another_user_is_not_used(cache, card_guide):
    cache.mkdir(parents=True, mode=0o755)
    os.chown(cache.parent, 65534, 65534)
    os.chmod(cache.parent, 0o755)
    laid_out(card_guide)
    assert not list(cache.iterdir())


def test_a_new_cache_folder_is_private(cache, card_guide):
    laid_out(card_guide)
    assert (cache.parent.stat().st_mode & 0o777) == 0o700
    assert (cache.stat().st_mode & 0o777) == 0o700
    assert kept_files(cache, cards=False)  # and used
