"""Roster readers: values read as written, ambiguity refused, bounds kept, one bad row fails alone."""

from __future__ import annotations

import json
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidepress.batch.export import GuideSet, file_names
from guidepress.content.roster import COLUMNS, SHOWN, Row, check_rows, read_roster
from guidepress.errors import ContentError, GuidepressError


@pytest.fixture(scope="module")
def guides():
    return GuideSet(None)


def roster(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def checked(path: Path, guides) -> list[Row]:
    rows = read_roster(path)
    check_rows(rows, guides.library)
    return rows


def refused(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        read_roster(path)
    return str(caught.value)


# --- duplicates are errors, never "last one wins" ---------------------------------------

def test_a_column_named_twice_in_a_csv_header_is_refused(tmp_path):
    path = roster(tmp_path, "r.csv", "id,patient,exercises,patient\na1,Ana,bridge,Bob\n")
    assert 'line 1: column "patient" appears twice in the header' in refused(path)


def test_a_key_given_twice_in_a_json_row_is_refused(tmp_path):
    path = roster(tmp_path, "r.json", '[{"id": "a1", "patient": "Ana", "patient": "Bob", '
                                       '"exercises": "bridge"}]')
    assert 'key "patient" appears twice' in refused(path)


def test_a_key_given_twice_in_a_yaml_row_is_refused(tmp_path):
    path = roster(tmp_path, "r.yaml", "- id: a1\n  patient: Ana\n  exercises: bridge\n"
                                       "  patient: Bob\n")
    assert 'line 4: key "patient" appears twice' in refused(path)


# --- YAML values are text, as written ---------------------------------------------------

def test_yaml_roster_values_are_read_as_written_not_guessed(tmp_path, guides):
    path = roster(tmp_path, "r.yaml", "- id: 012\n  patient: No\n  exercises: bridge\n"
                                       "- id: 0x1F\n  patient: Null\n  exercises: bridge\n"
                                       "- id: 1_000\n  patient: 'on'\n  clinician: yes\n"
                                       "  exercises: bridge\n")
    rows = checked(path, guides)
    assert [r.id for r in rows] == ["012", "0x1F", "1_000"]
    assert [r.values["patient"] for r in rows] == ["No", "Null", "on"]
    assert rows[2].values["clinician"] == "yes" and all(r.ok for r in rows)


def test_an_impossible_date_in_a_yaml_roster_fails_its_row(tmp_path, guides):
    path = roster(tmp_path, "r.yaml", "- id: a1\n  patient: Ana\n  date: 2026-02-30\n"
                                       "  exercises: bridge\n")
    row, = checked(path, guides)
    assert not row.ok and any('column "date"' in p for p in row.problems)


# --- values that could never validate, or validate wrongly ------------------------------

def test_per_page_in_a_csv_roster_is_a_number(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "id,patient,exercises,per_page\na1,Ana,bridge,1\n"
                                      "a2,Bob,bridge,5\n")
    good, bad = checked(path, guides)
    assert good.ok and good.values["per_page"] == "1"
    assert not bad.ok and 'column "per_page"' in bad.problems[0]


def test_a_follow_up_before_the_start_is_refused(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "id,patient,exercises,start,follow_up\n"
                                      "a1,Ana,bridge,2026-03-10,2026-03-01\n"
                                      "a2,Bob,bridge,2026-03-10,2026-03-10\n")
    early, same_day = checked(path, guides)
    assert not early.ok and "follow_up (2026-03-01) is before the programme starts" in early.problems[0]
    assert same_day.ok


def test_a_date_near_9999_fails_its_row(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "id,patient,exercises,start,weeks\n"
                                      "a1,Ana,bridge,9999-12-20,2\na2,Bob,bridge,2026-11-01,12\n")
    late, fits = checked(path, guides)
    assert not late.ok and late.problems[0].startswith('column "start": 9999-12-20 is not a plausible')
    assert fits.ok


def test_a_bad_language_fails_only_its_row(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "id,patient,exercises,language\na1,Ana,bridge,xx\n"
                                      "a2,Bob,bridge,../../etc\na3,Cy,bridge,es\n")
    unknown, traversal, spanish = checked(path, guides)
    assert not unknown.ok and unknown.problems[0].startswith('column "language":')
    assert not traversal.ok and "not a language tag" in traversal.problems[0]
    assert spanish.ok


def test_a_row_with_several_problems_reports_every_one(tmp_path, guides):
    """A bad date or column does not hide the row's bad exercises: one read of the
    report shows all there is to fix."""
    path = roster(tmp_path, "r.csv", "id,patient,exercises,start,per_page,colour\n"
                                      "a1,Ann,brige;plank 3x;bridge,31/31/2026,9,red\n"
                                      ",Bob,bird dog;cobra 2x\n")
    first, second = checked(path, guides)
    columns = [p.split(":")[0] for p in first.problems]
    assert columns == ['column "colour"', 'column "start"', 'column "per_page"',
                       'column "exercises", dose 1', 'column "exercises", dose 2']
    assert not second.ok and second.problems[0].startswith('column "id": missing')
    assert second.problems[1].startswith('column "exercises", dose 2: dose "cobra 2x"')


def test_a_nul_or_other_control_character_fails_its_row(tmp_path, guides):
    path = roster(tmp_path, "r.csv", b"id,patient,exercises,notes\na1,An\x00a,bridge,\n"
                                      b"a2,Bob,bridge,\"two\nlines\"\n")
    nul, notes = checked(path, guides)
    assert not nul.ok and 'column "patient": contains a control character (U+0000)' in nul.problems[0]
    assert notes.ok


def test_ids_are_compared_in_one_unicode_form(tmp_path, guides):
    path = roster(tmp_path, "r.json", json.dumps([
        {"id": "Jos\u00e9", "patient": "A", "exercises": "bridge"},
        {"id": "Jose\u0301", "patient": "B", "exercises": "bridge"}]))
    first, second = checked(path, guides)
    assert first.ok and first.id == second.id == "Jos\u00e9"
    assert 'is also used by row 1' in second.problems[0]


# --- CSV as spreadsheets save it ------------------------------------------------------

def test_leading_blank_lines_and_excels_sep_line_are_understood(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "\n\r\nsep=;\r\nid;patient;exercises\r\na1;Ana, Lee;bridge\r\n"
                                      "a2;Bob;brige\r\n")
    good, bad = checked(path, guides)
    assert good.ok and good.values["patient"] == "Ana, Lee"
    assert (good.number, bad.number) == (5, 6)  # the lines a spreadsheet shows


@pytest.mark.parametrize("line", ["sep=", '"sep="', "sep= "])
def test_a_sep_line_naming_no_separator_says_so(tmp_path, line):
    path = roster(tmp_path, "r.csv", f"{line}\nid,patient,exercises\na1,Ana,bridge\n")
    message = refused(path)
    assert "r.csv line 1:" in message and "names no separator" in message
    assert "unknown column" not in message


def test_a_csv_cell_over_the_limit_is_one_clear_error(tmp_path):
    path = roster(tmp_path, "r.csv", "id,patient,exercises,notes\na1,Ana,bridge,\"" + "x" * 140_000
                  + "\"\n")
    message = refused(path)
    assert "r.csv line 2: a cell is longer than 131,072 characters" in message


# --- bounds ---------------------------------------------------------------------------

def test_deeply_nested_json_is_refused(tmp_path):
    assert "nested too deeply" in refused(roster(tmp_path, "r.json", "[" * 100_000 + "]" * 100_000))
    assert "nested too deeply" in refused(roster(tmp_path, "s.json", "[" * 50 + "]" * 50))


def test_deeply_nested_yaml_is_refused(tmp_path):
    # the C composer would overflow the stack on this (a crash, not an exception). Which
    # check refuses it first depends on the YAML library's version (its own nesting limit
    # or ours), so only our own words are asserted.
    message = refused(roster(tmp_path, "r.yaml", "[" * 100_000 + "]" * 100_000))
    assert "r.yaml line 1: " in message
    assert "nested too deeply" in message or "could not be read as YAML" in message
    assert "nested too deeply for a roster" in refused(roster(tmp_path, "s.yaml", "[" * 20 + "]" * 20))


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
              for i in range(8)]
    path = roster(tmp_path, "r.yaml", "- " + "\n  ".join(lines) + "\n")
    started = time.monotonic()
    assert "aliases (*name) are not allowed" in refused(path)
    assert time.monotonic() - started < 2


def test_name_deduplication_is_linear():
    rows = [Row(n, {"patient": "Sam Lee"}, id=f"r{n}") for n in range(2, 20_002)]
    started = time.monotonic()
    names, notes = file_names(rows, "{patient}")
    assert time.monotonic() - started < 3  # quadratic took about 30 s here
    assert len(set(names.values())) == 20_000 and names["r20001"] == "Sam-Lee-20000.pdf"
    assert notes[3] == "row 3: Sam-Lee.pdf is taken by row 2; named Sam-Lee-2.pdf"


def test_checked_rows_need_little_memory(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "id,patient,exercises\n" + "".join(
        f"p{i},Patient {i},bridge 2x12; plank 3x30s; cat-cow\n" for i in range(1500)))
    guides.library(None)  # load the guide outside the measurement
    tracemalloc.start()
    try:
        rows = read_roster(path)
        check_rows(rows, guides.library, keep=False)
        used = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert all(r.ok for r in rows)
    assert used / len(rows) < 1500  # bytes a row; keeping the prescriptions took about 6,000


# --- any input gives rows or our own error --------------------------------------------

# Values that have broken readers: impossible or far dates, YAML 1.1 words, aliases,
# tags, nesting, control characters, numbers and separators.
_tricky = st.sampled_from([
    "2026-02-30", "9999-12-31", "0001-01-01", "012", "0x1F", "No", "Null", "~", "1e999",
    "&a [x]", "*a", "!!python/name:os.system", "[[[[", "{a: 1, a: 2}", "bridge 2x12; plank",
    "brige", "plank 11x30s", "sep=;", '"', "\x00", "\ufeff", "José", "Jose\u0301", "es", "xx",
    "../x", "", " ", "7", "0", "-1", "6", "2026-03-01"])
_cells = st.one_of(_tricky, st.text(alphabet=st.sampled_from(list('ab ,;"\'\n\r\t\x00-:[]{}&*!#é01')),
                                    max_size=10))
_keys = st.sampled_from([*COLUMNS, "", "ID", "exercize", "<<"])
_json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | _cells,
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(_keys, inner, max_size=4),
                           max_leaves=20)


@st.composite
def roster_files(draw):
    kind = draw(st.sampled_from(["csv", "json", "yaml", "yaml-lines", "bytes"]))
    if kind == "csv":
        sep = draw(st.sampled_from([",", ";"]))
        lines = [sep.join(draw(st.lists(_keys, min_size=1, max_size=6)))]
        lines += [sep.join(draw(st.lists(_cells, max_size=6))) for _ in range(draw(st.integers(0, 4)))]
        return "csv", "\n".join(lines).encode()
    if kind == "json":
        return "json", json.dumps(draw(_json_value)).encode()
    if kind == "yaml":
        import yaml
        return "yaml", yaml.safe_dump(draw(_json_value), allow_unicode=True).encode()
    if kind == "yaml-lines":  # hand-written YAML, where plain scalars are guessed at
        rows = draw(st.lists(st.lists(st.tuples(_keys, _cells), min_size=1, max_size=5), max_size=3))
        text = "".join("- " + "\n  ".join(f"{k}: {v}" for k, v in row) + "\n" for row in rows)
        return "yaml", text.encode()
    return draw(st.sampled_from(["csv", "json", "yaml"])), draw(st.binary(max_size=60))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roster_files())
def test_any_roster_gives_rows_or_our_own_error(guides, case):
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roster.{suffix}"
        path.write_bytes(data)
        try:
            rows = read_roster(path)
            check_rows(rows, guides.library)
            file_names([r for r in rows if r.ok], "{id}-{patient}")
        except GuidepressError:
            return
    assert all(isinstance(r, Row) and (r.ok or r.problems) for r in rows)


def test_a_spreadsheet_date_is_read_in_the_workspace_order(tmp_path, guides):
    # Excel in a UK locale saves dates as dd/mm/yyyy
    path = roster(tmp_path, "r.csv", "id,patient,exercises,start\na1,Ana,bridge,07/12/2026\n")
    rows = read_roster(path)
    check_rows(rows, guides.library, date_order="DMY")
    assert rows[0].ok and str(rows[0].prescription.start) == "2026-12-07"
    rows = read_roster(path)
    check_rows(rows, guides.library)
    assert 'column "start": "07/12/2026" is not a date' in rows[0].problems[0]
    assert "2026-12-07 (YYYY-MM-DD)" in rows[0].problems[0]


def test_a_dose_slip_warns_and_under_strict_makes_the_row_bad(tmp_path, guides):
    path = roster(tmp_path, "r.csv", "id,patient,exercises\na1,Ana,plank 3x30\n")
    rows = read_roster(path)
    check_rows(rows, guides.library)
    assert rows[0].ok and 'did you mean "plank 3x30s"?' in rows[0].prescription.warnings[0]
    rows = read_roster(path)
    check_rows(rows, guides.library, strict=True)
    assert not rows[0].ok and 'did you mean "plank 3x30s"?' in rows[0].problems[0]


def test_a_row_with_thousands_of_problems_lists_twenty_and_counts_the_rest(tmp_path, guides):
    doses = ";".join(["bridge 2x12"] * 2_000)
    path = roster(tmp_path, "r.csv", f"id,patient,exercises\na1,Ana,{doses}\na2,Bob,bridge\n")
    crowded, fine = checked(path, guides)
    assert len(crowded.problems) == SHOWN + 1
    assert "already" in crowded.problems[0]
    more = re.fullmatch(r"and ([\d,]+) more problems in this row", crowded.problems[-1])
    assert more and SHOWN + int(more.group(1).replace(",", "")) >= 1_999  # each dose again
    assert fine.ok
