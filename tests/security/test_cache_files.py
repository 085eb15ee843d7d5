"""The layout cache is data, validated: whatever a kept file says (huge, negative or
not-a-number sizes, CSS or HTML in place of a number, unknown keys, wrong types),
the handout prints the same words on no more pages than one measured afresh; a
pipe or device in the cache is not waited on or read, nor is one a kept file lists
among the files its layout read (only regular files inside the folders the render
may read are hashed: a kept file listing anything else counts as empty); clean-up
deletes only the cache's own files; a cache folder others may write to is not used."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.errors import TemplateError
from guidepress.confine import KINDS
from guidepress.layout import sizes
from guidepress.layout.sizes import MAX_MM, SizeFile
from guidepress.look.filters import css_mm
from guidepress.look.resources import Resources
from guidepress.products.handout import render_handout
from guidepress.render.engine import PdfRenderer, pdf_bytes

HEX = "0" * 64


def laid_out(folder) -> tuple[bytes, list[str]]:
    """The handout's PDF, laid out as in a new run, and the HTML of each layout it took."""
    source, resources = load_guide(folder), Resources()
    renderer = PdfRenderer([source.folder, *resources.roots])
    layouts, render = [], renderer.render

    def spy(html, **options):
        layouts.append(html)
        return render(html, **options)

    renderer.render = spy
    return pdf_bytes(render_handout(source, resources=resources, renderer=renderer)), layouts


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
    return tmp_path / "cache" / sizes.FOLDER


def kept_files(cache) -> list:
    return list(cache.glob("*.json"))


def tamper(path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _set(table, **values):
    def change(kept):
        for entry in kept[table].values():
            entry.update(values)
    return change


def _set_all(table, value):
    def change(kept):
        for key in kept[table]:
            kept[table][key] = value
    return change


TAMPERING = {
    "css in a size": _set("rests", text="40mm; display: none; --x: 0"),
    "css text in a size": _set("rests", low=(
        "40mm; background: url('data:image/svg+xml,<svg xmlns=\"http://www.w3.org/2000/svg\">"
        "<text y=\"20\">DO 10 x 100 EVERY HOUR</text></svg>'); --x: 0")),
    "html in a size": _set("rests", high='40mm"><p>DO 10 x 100 EVERY HOUR</p><i x="'),
    "huge text": _set("rests", text=1e6),
    "negative text": _set("rests", text=-500.0),
    "text as a string": _set("rests", text="1e6"),
    "figure range inverted": _set("rests", low=150.0, high=0.0),
    "a huge cut": _set("rests", cut=10**9),
    "an unknown key": _set("rests", style="display:none"),
    "wrong but valid sizes": _set("rests", text=5.0, low=0.0, high=150.0),
    "a wrong room": _set("rooms", first=280.0, page=290.0, lead=250.0),
    "huge notes lines": _set("rooms", lead=1e6),
    "notes lines as css": _set("rooms", lead="20mm; visibility: hidden; --x: 0"),
    "heads as nothing": _set_all("heads", 0.0),
    "heads as text": _set_all("heads", "12mm"),
    "an unknown table": lambda kept: kept.update(style="display:none"),
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampered_sizes_never_change_the_words_or_add_pages(cache, card_guide, fresh, change):
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    tamper(kept, change)
    words, pages = printed(laid_out(card_guide)[0])
    assert words == fresh[0]
    assert pages <= fresh[1]


def test_a_kept_file_that_shrinks_every_figure_costs_time_not_content(cache, card_guide,
                                                                     monkeypatch):
    """Sizes of the right types and in bounds, but not the cards' own (every figure's
    range 1 mm): the final layout tells each figure's range afresh, so the pages are
    planned again with the figures at their own sizes."""
    with monkeypatch.context() as patch:
        patch.setenv("GUIDEPRESS_CACHE_DIR", "off")
        fresh = laid_out(card_guide)[1][-1]  # the final layout's HTML: the sizes planned
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    tamper(kept, _set("rests", text=1.0, low=1.0, high=1.0, widest=1.0))
    layouts = laid_out(card_guide)[1]
    assert len(layouts) > 1 and layouts[-1] == fresh


NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
                    st.text(max_size=20), st.none(), st.booleans())


@settings(max_examples=200, deadline=None)
@given(values=st.lists(NUMBERS, min_size=8, max_size=8),
       extra=st.dictionaries(st.text(max_size=5), NUMBERS, max_size=2))
def test_sizes_are_read_only_as_finite_numbers_within_a_page(values, extra):
    raw = {"key": HEX, "files": [],
           "rests": {HEX: dict(zip(("text", "low", "high", "cut"), values))},
           "rooms": {HEX: dict(zip(("first", "page", "lead"), values[4:]))},
           "heads": {HEX: values[7]}, "parts": {}, **extra}
    try:
        kept = SizeFile.model_validate_json(json.dumps(raw))
    except ValueError:
        return
    assert not extra
    numbers = [*kept.rests[HEX].model_dump().values(), *kept.rooms[HEX].model_dump().values(),
               kept.heads[HEX]]
    assert all(type(x) in (int, float) and 0 <= x <= MAX_MM for x in numbers)
    assert kept.rests[HEX].low <= kept.rests[HEX].high


@pytest.mark.parametrize("value", ["40", "40mm; display: none", float("nan"), float("inf"), -1.0,
                                   True, None, [40], 1e6])
def test_only_a_number_in_range_becomes_a_length_in_css(value):
    with pytest.raises(TemplateError, match="not a length"):
        css_mm(value)


@given(st.one_of(st.integers(0, 10_000), st.floats(0, 10_000)))
def test_a_number_in_range_prints_as_itself(value):
    assert str(css_mm(value)) == f"{value}mm" and float(str(css_mm(value))[:-2]) == value


def test_clean_up_never_follows_a_planted_sizes_link(tmp_path, cache, card_guide, monkeypatch):
    victim = tmp_path / "documents"
    victim.mkdir()
    for n in range(50):
        (victim / f"notes-{n}.json").write_text("{}")
    (victim / f"{'a' * 64}.json").write_text("{}")  # even a file under a name the cache uses
    cache.parent.mkdir(mode=0o700)
    cache.symlink_to(victim)
    monkeypatch.setattr(sizes, "FILES_KEPT", 1)
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
    monkeypatch.setattr(sizes, "FILES_KEPT", 1)
    laid_out(card_guide)
    assert all(path.exists() for path in others) and linked.exists()


def _returns_quickly(call, *args):
    """Run ``call`` in a thread; whether it returned within five seconds."""
    thread = threading.Thread(target=call, args=args, daemon=True)
    thread.start()
    thread.join(5)
    return not thread.is_alive()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_place_of_a_kept_file_is_not_waited_on(cache, card_guide, fresh):
    laid_out(card_guide)
    (plan,) = kept_files(cache)
    plan.unlink()
    os.mkfifo(plan)
    try:
        assert _returns_quickly(sizes.read_kept, cache, plan.name)
    finally:
        try:  # free a reader left waiting (none is: opening then finds no reader)
            os.close(os.open(plan, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert printed(laid_out(card_guide)[0]) == fresh


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_a_device_or_an_oversized_file_is_not_read(cache, card_guide, monkeypatch):
    laid_out(card_guide)
    (plan,) = kept_files(cache)
    plan.unlink()
    plan.symlink_to("/dev/zero")
    assert _returns_quickly(sizes.read_kept, cache, plan.name)
    assert sizes.read_kept(cache, plan.name) is None
    plan.unlink()
    plan.write_bytes(b" " * (KINDS["cache"].cap + 1))
    assert sizes.read_kept(cache, plan.name) is None


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
    assert not list(cache.parent.iterdir())  # no sizes folder left in it either


def test_a_sizes_folder_others_may_write_or_a_linked_one_is_not_used(cache, card_guide, tmp_path):
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
    assert kept_files(cache)  # and used


def _listing(path, digest):
    def change(kept):
        kept["files"].append([str(path), digest])
    return change


def _laid_out_within(card_guide, seconds=60):
    """The handout laid out in a thread, or None if it did not finish within ``seconds``."""
    done = []
    thread = threading.Thread(target=lambda: done.append(laid_out(card_guide)), daemon=True)
    thread.start()
    thread.join(seconds)
    return done[0] if done else None


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_listed_in_a_kept_file_is_not_read(cache, card_guide, fresh):
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    tamper(kept, _listing("/dev/zero", HEX))
    found = _laid_out_within(card_guide)
    assert found is not None, "hashing /dev/zero never ends"
    assert printed(found[0]) == fresh


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_listed_in_a_kept_file_is_not_waited_on(cache, card_guide, fresh):
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    pipe = card_guide / "figures.ttf"  # inside the guide folder, named as a font
    os.mkfifo(pipe)
    tamper(kept, _listing(pipe, HEX))
    try:
        found = _laid_out_within(card_guide)
    finally:
        try:  # free a reader left waiting, if any
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert found is not None, "opening the pipe blocked the run"
    assert printed(found[0]) == fresh


def test_a_file_outside_the_render_s_folders_is_not_hashed(cache, card_guide, fresh, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the answer is 42\n")
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    tamper(kept, _listing(secret, hashlib.sha256(secret.read_bytes()).hexdigest()))
    pdf, layouts = laid_out(card_guide)
    assert printed(pdf) == fresh
    assert len(layouts) >= 2  # measured afresh: a right guess about the file changes nothing


def test_an_oversized_file_listed_is_not_hashed(cache, card_guide, fresh, monkeypatch):
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    big = card_guide / "big.ttf"
    big.write_bytes(b"\0" * 2048)
    tamper(kept, _listing(big, hashlib.sha256(big.read_bytes()).hexdigest()))
    monkeypatch.setattr(sizes, "HASHED_CAP", 1024)
    pdf, layouts = laid_out(card_guide)
    assert printed(pdf) == fresh and len(layouts) >= 2


def test_an_untampered_kept_file_is_still_used(cache, card_guide, fresh):
    laid_out(card_guide)
    pdf, layouts = laid_out(card_guide)
    assert printed(pdf) == fresh and len(layouts) == 1


def test_a_kept_file_listing_a_file_again_and_again_is_not_used(cache, card_guide):
    """One file hashed thousands of times would cost minutes: a list of repeats is not ours."""
    laid_out(card_guide)
    (kept,) = kept_files(cache)
    tamper(kept, lambda data: data.update(files=data["files"][:1] * 50))
    _, layouts = laid_out(card_guide)
    assert len(layouts) >= 2  # measured again, the kept file set aside


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a folder to another user needs root")
def test_a_cache_folder_inside_another_users_folder_is_not_made_or_used(tmp_path, monkeypatch,
                                                                       card_guide, capsys):
    theirs = tmp_path / "theirs"  # another user's folder, readable by all, writable by them
    theirs.mkdir(mode=0o755)
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(theirs / "sub"))
    laid_out(card_guide)
    assert not (theirs / "sub").exists()  # nothing made inside it
    assert "belongs to another user" in capsys.readouterr().err
    victim = tmp_path / "victim"  # then they put a link to a folder of ours in its place
    victim.mkdir(mode=0o700)
    (theirs / "sub").symlink_to(victim, target_is_directory=True)
    laid_out(card_guide)
    assert not list(victim.iterdir())


@pytest.mark.parametrize("mode", [0o777, 0o775])
def test_a_cache_folder_below_a_folder_others_may_write_is_not_used(tmp_path, monkeypatch,
                                                                   card_guide, mode, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, mode)
    (shared / "mine" / "cache").mkdir(parents=True, mode=0o700)  # private, but its parent is not
    os.chmod(shared / "mine", 0o700)
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(shared / "mine" / "cache"))
    laid_out(card_guide)
    assert not list((shared / "mine" / "cache").iterdir())
    assert "above the cache folder, is writable by group or others" in capsys.readouterr().err


def test_a_cache_folder_reached_through_a_link_is_checked_where_it_leads(tmp_path, monkeypatch,
                                                                          card_guide):
    shared = tmp_path / "shared"
    (shared / "cache").mkdir(parents=True, mode=0o700)
    os.chmod(shared, 0o777)
    (tmp_path / "mine").mkdir(mode=0o700)
    (tmp_path / "mine" / "linked").symlink_to(shared, target_is_directory=True)
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(tmp_path / "mine" / "linked" / "cache"))
    laid_out(card_guide)
    assert not list((shared / "cache").iterdir())
