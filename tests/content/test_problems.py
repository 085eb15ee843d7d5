"""One formatter for validation problems, whatever the input was."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

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
