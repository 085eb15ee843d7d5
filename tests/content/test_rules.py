"""The routine sheet's layout rules are checked in one place, with one message."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from guidepress.content.prescription import PrescriptionFile
from guidepress.content.rules import sheet_layout
from guidepress.errors import OptionError

RULE = "cards per page must be 1 or 2, or 6 for a compact list, not 3"


def test_a_library_call_is_told_the_rule_and_the_option():
    with pytest.raises(OptionError, match=RULE) as caught:
        sheet_layout(3, "daily")
    assert caught.value.option == "per-page"
    with pytest.raises(OptionError, match="the tracker must be one of daily, per-exercise, not weekly"):
        sheet_layout(2, "weekly")


def test_a_prescription_file_is_told_the_same_rule():
    with pytest.raises(ValidationError, match=RULE):
        PrescriptionFile(patient="Ana", exercises=["bridge"], per_page=3)


@pytest.mark.parametrize("given,taken", [("1", 1), (" 6 ", 6), (2, 2)])
def test_text_from_a_roster_is_read_as_a_number(given, taken):
    assert PrescriptionFile(patient="Ana", exercises=["bridge"], per_page=given).per_page == taken
    assert sheet_layout(given, "daily").per_page == taken


@pytest.mark.parametrize("bad", [True, 0, "two", 2.5])
def test_what_is_not_a_choice_is_refused(bad):
    with pytest.raises(OptionError, match="cards per page must be 1 or 2"):
        sheet_layout(bad, "daily")
