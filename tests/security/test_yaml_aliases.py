"""YAML aliases (``*name``) that multiply a content file into millions of values, or an
alias that contains itself, are refused quickly with a message naming the file,
instead of costing minutes and gigabytes while the models build every copy."""

from __future__ import annotations

import time

import pytest
from conftest import FIXTURE_GUIDE
from hypothesis import given, settings
from hypothesis import strategies as st

from guidepress.content.guide import Guide
from guidepress.content.loader import load_guide
from guidepress.content.prescription import load_prescription
from guidepress.content.yamlfile import MAX_NODES, load_model
from guidepress.errors import ContentError, GuidepressError

HEADER = (FIXTURE_GUIDE / "guide.yaml").read_text().split("sections:")[0]


def fanned_sections(levels: int, fan_out: int) -> str:
    """Sections whose level k holds ``fan_out`` aliases of level k-1."""
    lines = ["sections:", "  - &s0 {id: a, heading: A, body: x}"]
    for k in range(1, levels + 1):
        aliases = ", ".join([f"*s{k - 1}"] * fan_out)
        lines.append(f"  - &s{k} {{id: s{k}, heading: S, sections: [{aliases}]}}")
    return HEADER + "\n".join(lines) + "\n"


def expanded(levels: int, fan_out: int) -> int:
    """The values of ``fanned_sections``'s list once aliases are expanded, as counted."""
    sizes = [1 + 3]  # the mapping and its three values
    for _ in range(levels):
        sizes.append(1 + 2 + (1 + fan_out * sizes[-1]))  # id, heading, and the list
    return 1 + sum(sizes)


BOMBS = {
    "sections": fanned_sections(8, 10),
    "items": HEADER + "sections:\n  - id: a\n    heading: A\n    items: &i0 [{text: x}]\n"
    + "".join(f"  - id: b{k}\n    heading: B\n    items: &i{k} [{', '.join([f'*i{k - 1}'] * 10)}]\n"
              for k in range(1, 8)),
    "itself": HEADER + "sections: &a\n  - id: a\n    heading: A\n    sections: *a\n",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_an_alias_bomb_in_a_guide_is_refused_quickly(guide_copy, name):
    (guide_copy / "guide.yaml").write_text(BOMBS[name])
    start = time.perf_counter()
    with pytest.raises(ContentError, match=r"guide\.yaml: .*alias") as caught:
        load_guide(guide_copy)
    assert time.perf_counter() - start < 5
    assert len(str(caught.value)) < 400  # one message, not one per copy


def test_an_alias_bomb_in_a_prescription_is_refused_quickly(tmp_path):
    rows = "".join(f"x{k}: &x{k} [{', '.join([f'*x{k - 1}'] * 10)}]\n" for k in range(1, 8))
    (tmp_path / "rx.yaml").write_text("patient: Ana\nexercises: [bridge]\nx0: &x0 [a]\n" + rows)
    start = time.perf_counter()
    with pytest.raises(ContentError, match="alias"):
        load_prescription(tmp_path / "rx.yaml", load_guide().library)
    assert time.perf_counter() - start < 5


def test_a_few_aliases_still_load(guide_copy):
    (guide_copy / "guide.yaml").write_text(
        HEADER + "sections:\n  - id: a\n    heading: A\n    items: &same [{text: x}]\n"
        "  - id: b\n    heading: B\n    items: *same\n")
    assert [s.id for s in load_guide(guide_copy).guide.sections] == ["a", "b"]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(1, 12))
def test_refused_exactly_when_the_aliases_expand_too_far(tmp_path_factory, levels, fan_out):
    path = tmp_path_factory.mktemp("g") / "guide.yaml"
    path.write_text(fanned_sections(levels, fan_out))
    start = time.perf_counter()
    try:
        load_model(Guide, path)
    except GuidepressError as exc:
        refused = "alias" in str(exc)
    else:
        refused = False
    assert time.perf_counter() - start < 5
    if expanded(levels, fan_out) > MAX_NODES:
        assert refused
    elif expanded(levels, fan_out) + 100 < MAX_NODES:  # the header has fewer values than 100
        assert not refused
