"""YAML loading: both parsers agree, and errors point at lines with suggestions."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict

from guidepress.content.problems import suggest
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: str
    count: int = 1


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Inner]


def test_yes_no_words_stay_text(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("items:\n  - answer: no\n  - answer: On\n")
    assert [i.answer for i in load_model(Outer, path).items] == ["no", "On"]


def test_error_points_at_the_line_of_the_bad_key(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("items:\n  - answer: fine\n  - answer: ok\n    cuont: 3\n")
    with pytest.raises(ContentError) as caught:
        load_model(Outer, path)
    assert str(caught.value) == (f'{path} line 4, items[1].cuont: unknown key '
                                 '(did you mean "count"?)')


def test_wrong_type_names_key_and_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("items:\n  - answer: fine\n    count: many\n")
    # our words: the file, line and key; pydantic's own wording after them may change
    with pytest.raises(ContentError, match=r"a\.yaml line 3, items\[0\]\.count: \S"):
        load_model(Outer, path)


def test_empty_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("# nothing yet\n")
    with pytest.raises(ContentError, match="the file is empty"):
        load_model(Outer, path)


def test_suggest():
    assert suggest("itmes", ["items", "intro", "heading"]) == '"items"'
    assert suggest("zzz", ["items"]) == ""
