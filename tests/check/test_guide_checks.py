"""check_guide on guides with known faults: each is found, with file, line and a clear message."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURE_GUIDE, FIXTURE_SAFETY as SAFETY

from guidepress.check import check_guide, errors
from guidepress.content.loader import load_guide



@pytest.fixture
def guide(tmp_path):
    """A copy of the small fixture guide with a safety part, to break one way per test."""
    target = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, target)
    path = target / "guide.yaml"
    path.write_text(path.read_text(encoding="utf-8") + SAFETY, encoding="utf-8")
    return path


def findings(path, code=None):
    found = check_guide(load_guide(path.parent))
    return [f for f in found if code is None or f.code == code]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_sound_guide_has_no_errors(guide):
    assert errors(findings(guide)) == []
    assert [f.message for f in findings(guide, "grade")][0].startswith("whole guide: grade ")


def test_a_grade_18_sentence_is_found_with_its_line(guide):
    hard = ("Postoperative immobilisation necessitates meticulous adherence to individualised "
            "physiotherapeutic recommendations regarding cardiovascular conditioning.")
    edit(guide, "      Keep your hand **above", f"      {hard}\n      Keep your hand **above")
    [found] = findings(guide, "sentence")
    line = guide.read_text(encoding="utf-8").splitlines().index(f"      {hard}") + 1
    assert (found.file, found.line, found.where) == (guide, line, "sections[0].body")
    assert "Postoperative immobilisation" in found.message
    assert float(found.message.split()[1].rstrip(",")) > 18


def test_a_guide_above_its_target_grade_is_an_error(guide):
    edit(guide, "summary:", "reading_grade: 1\nsummary:")
    [error] = errors(findings(guide))
    assert error.code == "grade" and "target 1" in error.message


def test_a_guide_without_its_safety_part_fails(guide):
    guide.write_text(guide.read_text(encoding="utf-8").replace(SAFETY, ""), encoding="utf-8")
    [error] = errors(findings(guide))
    assert error.code == "safety-missing" and "Stop and get help" in error.message


def test_urgent_signs_must_come_first_and_say_how_and_when(guide):
    edit(guide, "      urgent: true\n", "")
    edit(guide, "    - heading: \"Call us within a day if you have:\"\n",
         "    - heading: \"Get help if you have:\"\n      urgent: true\n")
    found = findings(guide)
    assert [f.where for f in errors(found)] == ["safety.groups[1]"]
    assert "must come first" in errors(found)[0].message
    assert any(f.code == "safety-how" and "Get help if you have" in f.message for f in found)
    assert any(f.code == "safety-when" and f.line for f in found)


def test_missing_red_flags_are_named(guide):
    edit(guide, "summary:", "red_flags: low-back-pain\nsummary:")
    missing = [f.message for f in findings(guide, "red-flag-missing")]
    assert any("changes in sexual function" in m for m in missing)
    assert any("long-term steroid use" in m for m in missing)
    assert not any('"fever"' in m for m in missing)  # the guide names that one


def test_jargon_is_reported_once_with_a_plain_word_unless_explained(guide):
    edit(guide, "Rest the arm on two pillows when you sit.",
         "Rest the arm to ease inflammation. Inflammation goes down.")
    [found] = findings(guide, "jargon")
    assert found.where == "sections[0].items[0].text" and found.line
    assert '"inflammation" (2 times): say "swelling"' in found.message
    edit(guide, "to ease inflammation.", "to ease inflammation (swelling).")
    assert findings(guide, "jargon") == []


def test_opening_checks_you_and_the_main_message(guide):
    edit(guide, "summary:", "message: Your wrist needs time and gentle movement to heal.\nsummary:")
    assert [f.message for f in findings(guide, "opening")] == []  # "you" in the summary, message in 50 words
    edit(guide, "message: Your wrist needs", "message: Call the clinic if in doubt. Your wrist needs")
    [late] = findings(guide, "opening")
    assert late.level == "warning" and "not in the first 50 words" in late.message


def test_findings_carry_what_a_tool_needs(guide):
    data = [f.as_dict() for f in findings(guide)]
    assert data and set(data[0]) == {"level", "code", "message", "file", "line", "where"}


def test_a_sentence_is_found_near_its_key_and_the_search_is_bounded(tmp_path):
    """A finding names the line its sentence starts on, found after its key's line; a key
    whose text runs on for hundreds of kilobytes is searched only near its start (a guide
    of 200 such keys took 93 s), the rest named by the key's own line."""
    from guidepress.check.findings import WINDOW, Locator

    filler = "Rest well. " * (WINDOW // 11 + 100)
    path = tmp_path / "guide.yaml"
    path.write_text("title: T\nbody: >\n  First words here.\n  Second line starts now.\n"
                    f"  {filler}\n  Far away sentence ends.\n", encoding="utf-8")
    locator = Locator(path)
    assert locator.sentence_line(("body",), ("Second", "line", "starts", "now")) == 4
    assert locator.sentence_line(("body",), ("Far", "away", "sentence", "ends")) == 2
