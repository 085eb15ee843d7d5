"""One formatter for validation problems, whatever the input was."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guidepress.content.problems import Problem, ProblemsError, format_problems, problems_from


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lead: str
    text: str = ""


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Item]


def errors_of(data) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Doc.model_validate(data)
    return caught.value


def test_a_problem_names_file_line_and_key():
    problems = problems_from(errors_of({"items": [{"laed": "x"}]}), Doc, file="guide.yaml",
                             line_of=lambda loc: 7)
    assert [str(p) for p in problems] == [
        "guide.yaml line 7, items[0].lead: required key is missing",
        'guide.yaml line 7, items[0].laed: unknown key (did you mean "lead"?)',
    ]


def test_keys_can_be_named_as_columns_or_options():
    problems = problems_from(errors_of({}), Doc, key_of=lambda loc: f'column "{loc[0]}"',
                             missing="missing")
    assert problems == [Problem("missing", "", None, 'column "items"')]


def test_several_problems_in_one_file_are_counted_and_listed():
    text = format_problems([Problem("a", "dir/x.yaml", 1, "k"), Problem("b", "dir/x.yaml", 2, "j")])
    assert text == "dir/x.yaml: 2 problems\n  x.yaml line 1, k: a\n  x.yaml line 2, j: b"


def test_the_error_keeps_the_structured_problems():
    error = ProblemsError([Problem("bad", "f.toml", 3, "clinic.name")])
    assert str(error) == "f.toml line 3, clinic.name: bad"
    assert error.problems[0].line == 3


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=50)
    dose: str


class Prescribed(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=50)
    exercises: list[str | Line]
    guide: str = Field("", pattern=r"^([a-z0-9]+(-[a-z0-9]+)*)?$")


def _said(data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Prescribed.model_validate(data)
    return [str(p) for p in problems_from(caught.value, Prescribed, file="ana.yaml")]


def test_a_value_too_long_for_a_union_says_so_not_what_the_other_kinds_want():
    assert _said({"exercises": ["x" * 120]}) == [
        "ana.yaml, exercises[0]: 120 characters is more than the 50 this key may hold; shorten it"]


def test_a_value_of_no_kind_of_a_union_is_one_problem_naming_the_kinds():
    assert _said({"exercises": [5]}) == ["ana.yaml, exercises[0]: give text or a mapping"]


def test_a_key_that_is_not_an_id_is_said_in_words_not_as_a_pattern():
    [said] = _said({"exercises": ["plank"], "guide": "../x"})
    assert said.startswith('ana.yaml, guide: "../x" is not an id: use lowercase letters')
    assert "^" not in said and "[a-z0-9]" not in said
