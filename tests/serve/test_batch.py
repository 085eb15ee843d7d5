"""Rosters in the composer, without the browser: checked on upload, kept privately, removed."""

from __future__ import annotations

import stat

import pytest

pytest.importorskip("starlette", reason="guidepress serve needs the extra: pip install guidepress[serve]")

from guidepress.config.settings import resolve_settings  # noqa: E402
from guidepress.errors import ContentError  # noqa: E402
from guidepress.serve.batch import Batches  # noqa: E402


@pytest.fixture
def batches(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = Batches(resolve_settings())
    yield found
    found.close()


def test_an_upload_lists_every_bad_row_and_is_kept_privately(batches):
    raw = b"id,patient,exercises\nu1,Ana,bridge 2x12\nu2,Bo,plank 3x\nu2,Cy,bridge\n"
    answer = batches.upload("today.csv", raw)
    assert (answer["rows"], answer["good"]) == (3, 1)
    assert [p["row"] for p in answer["problems"]] == [3, 4]
    assert all(line.startswith(f"today.csv row {p['row']}: ")
               for p in answer["problems"] for line in p["problems"])
    folder = batches.jobs[answer["job"]].folder
    assert stat.S_IMODE(batches.root.stat().st_mode) == 0o700  # no other user reads a roster
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_roster_of_another_kind_is_a_message(batches):
    with pytest.raises(ContentError, match=r"roster\.xlsx: a roster is a \.csv, \.json or \.yaml"):
        batches.upload("roster.xlsx", b"PK...")


def test_a_roster_with_no_good_row_does_not_run(batches):
    answer = batches.upload("r.csv", b"id,patient,exercises\nu1,Ana,brdge\n")
    with pytest.raises(ContentError, match="no row of this roster can be printed"):
        batches.start(answer["job"])


def test_closing_removes_every_roster_and_sheet(batches):
    batches.upload("r.csv", b"id,patient,exercises\nu1,Ana,bridge\n")
    root = batches.root
    batches.close()
    assert not root.exists()


def test_an_unknown_job_says_to_upload_again(batches):
    with pytest.raises(ContentError, match="upload it again"):
        batches.job("nope")


def test_one_roster_prints_at_a_time_and_a_printing_one_is_never_dropped(batches, monkeypatch):
    from guidepress.serve import batch

    monkeypatch.setattr(batch, "MAX_JOBS", 2)
    raw = b"id,patient,exercises\nu1,Ana,bridge 2x12\n"
    first = batches.upload("a.csv", raw)["job"]
    batches.start(first)
    second = batches.upload("b.csv", raw)["job"]
    with pytest.raises(ContentError, match="another roster is printing"):
        batches.start(second)
    batches.upload("c.csv", raw)  # the room it needs is the second's, not the printing first's
    assert first in batches.jobs and second not in batches.jobs


@pytest.mark.parametrize("name, raw, said", [
    ("today.yaml", b"a: &a [x, x]\nb: [*a, *a]\n", "today.yaml line 2: aliases"),
    ("today.json", b"{bad", "today.json: malformed JSON"),
])
def test_a_roster_that_cannot_be_read_is_named_as_uploaded(batches, name, raw, said):
    with pytest.raises(ContentError) as raised:
        batches.upload(name, raw)
    assert str(raised.value).startswith(said), raised.value
    assert str(batches.root) not in str(raised.value)


def test_the_runs_messages_name_the_roster_as_uploaded(batches, tmp_path):
    from guidepress.serve.batch import Job, _relay

    class Said:
        def __init__(self, events):
            self.events = events

        def get(self, timeout):
            return self.events.pop(0)

    folder = batches.root / "key"
    job = Job(folder, folder / "roster.csv", 1, "today.csv")
    ended = type("Ended", (), {"join": lambda self, seconds: None})()
    _relay(Said([{"kind": "problem", "message": f"{job.roster} row 3: no such exercise"}]), ended, job)
    assert job.events == [{"kind": "problem", "message": "today.csv row 3: no such exercise"}]


def test_row_problems_name_a_guide_by_its_id_and_files_within_the_workspace(tmp_path, monkeypatch):
    """A guide listed by a path outside the workspace is named by its [guides] id, one
    inside by its path in the workspace; a guide that fails to load is the "guide"
    column's problem."""
    workspace, elsewhere = tmp_path / "clinic", tmp_path / "elsewhere" / "hip"
    for folder, text in ((workspace / "guides" / "knee", "sections: [\n"),
                         (elsewhere, "title: Hip\n")):
        folder.mkdir(parents=True)
        (folder / "guide.yaml").write_text(text)
    (workspace / "guidepress.toml").write_text(
        f'[guides]\nknee = "guides/knee"\nhip = "{elsewhere}"\n')
    monkeypatch.chdir(workspace)
    batches = Batches(resolve_settings())
    try:
        answer = batches.upload("r.csv", b"id,patient,guide,exercises\n1,Ana,knee,plank\n"
                                         b"2,Bo,hip,plank\n")
    finally:
        batches.close()
    said = {p["row"]: "\n".join(p["problems"]) for p in answer["problems"]}
    assert said[2].startswith('r.csv row 2: column "guide": guides/knee/guide.yaml'), said
    assert said[3].startswith('r.csv row 3: column "guide": [guides] hip/guide.yaml'), said
    assert str(tmp_path) not in str(answer)


def test_every_answer_names_a_guide_kept_elsewhere_by_its_id(tmp_path):
    """What /api/check, /api/library and the other answers say of a guide that does not
    load goes through ``for_page``, as a roster's row problems do."""
    from types import SimpleNamespace

    from guidepress.serve.shown import for_page

    root, hip = tmp_path / "clinic", tmp_path / "elsewhere" / "hip"
    settings = SimpleNamespace(workspace=SimpleNamespace(root=root),
                               guides={"hip": hip, "knee": root / "guides" / "knee"})
    said = for_page(f"{hip / 'guide.yaml'}: 4 problems; see {root / 'guides/knee/x.yaml'}",
                    settings)
    assert said == "[guides] hip/guide.yaml: 4 problems; see guides/knee/x.yaml"
