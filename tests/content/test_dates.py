"""Dates as clinicians write them: ISO always, the workspace's short form when it names one."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidepress.content.dates import order_of, parse_day, written
from guidepress.content.prescription import PrescriptionFile
from guidepress.errors import ContentError

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@given(days, st.sampled_from(["", "DMY", "MDY", "YMD"]))
def test_iso_is_read_in_every_workspace(day, order):
    assert parse_day(day.isoformat(), order) == day


@given(days, st.sampled_from(["DMY", "MDY", "YMD"]))
def test_the_workspace_short_form_reads_back_what_it_writes(day, order):
    assert parse_day(written(day, order), order) == day


@pytest.mark.parametrize("date_format, locale, order", [
    ("dd/mm/yyyy", "", "DMY"), ("mm/dd/yyyy", "", "MDY"), ("", "en_GB", "DMY"),
    ("", "en_US", "MDY"), ("", "es_ES", "DMY"), ("", "ja_JP", "YMD"), ("", "", ""),
    ("dd/mm/yyyy", "en_US", "DMY"),  # an explicit format wins over the locale's
])
def test_the_order_comes_from_date_format_or_locale(date_format, locale, order):
    assert order_of(date_format, locale) == order


def test_the_same_text_is_a_different_day_in_london_and_in_boston():
    assert parse_day("07/12/2026", "DMY") == dt.date(2026, 12, 7)
    assert parse_day("07/12/2026", "MDY") == dt.date(2026, 7, 12)
    assert parse_day("7.12.2026", "DMY") == dt.date(2026, 12, 7)


def test_without_a_workspace_form_a_short_date_is_refused_with_the_way_to_write_it():
    with pytest.raises(ValueError) as caught:
        parse_day("07/12/2026", "")
    message = str(caught.value)
    assert '"07/12/2026" is not a date' in message
    assert "2026-12-07 (YYYY-MM-DD)" in message
    assert 'date_format = "dd/mm/yyyy"' in message


@pytest.mark.parametrize("text", ["31/02/2026", "13/13/2026", "07/12/26", "2026-13-01", "tomorrow",
                                  "07/12/2026/1", ""])
def test_impossible_or_two_digit_year_dates_name_the_accepted_forms(text):
    with pytest.raises(ValueError) as caught:
        parse_day(text, "DMY")
    assert "07/12/2026 (dd/mm/yyyy, four-digit year) or 2026-12-07 (YYYY-MM-DD)" in str(caught.value)


def test_a_prescription_reads_its_dates_in_the_order_it_is_given():
    form = PrescriptionFile.model_validate(
        {"patient": "Ann", "exercises": ["bridge"], "start": "07/12/2026", "follow_up": "31/12/2026"},
        context={"date_order": "DMY"})
    assert (form.start, form.follow_up) == (dt.date(2026, 12, 7), dt.date(2026, 12, 31))


def test_a_prescription_file_names_the_key_and_the_forms(tmp_path):
    from guidepress.content.exercises import builtin_library_dir, load_library
    from guidepress.content.prescription import load_prescription

    path = tmp_path / "ann.yaml"
    path.write_text("patient: Ann\nstart: 07/12/2026\nexercises: [bridge]\n")
    library = load_library(builtin_library_dir())
    with pytest.raises(ContentError) as caught:
        load_prescription(path, library)
    assert "ann.yaml" in str(caught.value) and "start" in str(caught.value)
    assert "2026-12-07 (YYYY-MM-DD)" in str(caught.value)
    assert load_prescription(path, library, date_order="DMY").start == dt.date(2026, 12, 7)
