"""Every bound is explicit, for red-flag lists too: a list from elsewhere holds words
or phrases (``|`` between them, ``?`` after a letter that may be left out), never a
regular expression that backtracks without end; ``check`` finishes at once and names
the file and the sign, and the shipped lists still work as they did."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
from conftest import FIXTURE_GUIDE, FIXTURE_SAFETY, normalise

from guidepress.check.safety import MAX_OPTIONAL, MAX_PATTERN, load_red_flags
from guidepress.errors import ContentError

EVIL = {
    "nested quantifiers": "^([a-z ]+ ?)*$",
    "a quantified group": "(a|aa)+b",
    "a counted repeat": "a{1,100}a{1,100}b",
    "a lookahead": "(?=a)a",
    "optional letters": "a?" * (MAX_OPTIONAL + 1) + "a" * (MAX_OPTIONAL + 1),
    "a long pattern": "a" * (MAX_PATTERN + 1),
    # each matches every line, so a sign the box leaves out would pass unseen
    "a trailing |": "numb|",
    "a leading |": "|numb",
    "an empty alternative": "numb||tingl",
    "a blank alternative": "numb| |tingl",
    # and what is outside the subset, though not known to be costly
    "any character": "numb.?",
    "a backslash": "numb\\w",
}


def _guide(tmp_path, pattern: str, sign: str):
    folder = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, folder)
    text = (folder / "guide.yaml").read_text().replace("\nintro:", "\nred_flags: evil\nintro:", 1)
    (folder / "guide.yaml").write_text(text + FIXTURE_SAFETY.replace(
        "Numbness in your fingers that spreads.", sign))
    (folder / "red_flags").mkdir()
    (folder / "red_flags" / "evil.en.yaml").write_text(f"urgent:\n  numbness: ['{pattern}']\n")
    return folder


@pytest.mark.parametrize("pattern", EVIL.values(), ids=EVIL.keys())
def test_a_pattern_that_could_backtrack_without_end_is_refused_at_once(run_cli, tmp_path, pattern):
    _guide(tmp_path, pattern, "a" * 40 + "!")
    done = []
    started = time.monotonic()
    thread = threading.Thread(target=lambda: done.append(run_cli("check", "-g", "guide")),
                              daemon=True)
    thread.start()
    thread.join(30)
    assert done, "check did not finish"
    assert time.monotonic() - started < 10
    message = normalise(done[0].output)
    assert done[0].exit_code == 1 and "Traceback" not in done[0].output
    assert "evil.en.yaml: not a red-flag list" in message and '"numbness"' in message


@pytest.mark.parametrize("pattern", EVIL.values(), ids=EVIL.keys())
def test_the_list_file_and_sign_are_named(tmp_path, pattern):
    (tmp_path / "evil.en.yaml").write_text(f"urgent:\n  numbness: ['{pattern}']\n")
    started = time.monotonic()
    with pytest.raises(ContentError, match='evil.en.yaml: not a red-flag list \\("numbness": '):
        load_red_flags("evil", "en", (tmp_path,))
    assert time.monotonic() - started < 1


def test_phrases_with_optional_letters_still_match(run_cli, tmp_path):
    _guide(tmp_path, "spread|gives? way", "Your hand gIVE way.")
    result = run_cli("check", "-g", "guide")
    assert result.exit_code == 0, result.output
    assert "numbness" not in result.output
