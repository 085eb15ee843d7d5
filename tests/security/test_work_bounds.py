"""Every bound is explicit: --workers is capped with a warning, watch refuses an
interval that is not a sensible number of seconds, and a roster of more columns
(or keys in one row) than ``MAX_COLUMNS`` is refused quickly, naming its line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import typer
from conftest import normalise

from guidepress.batch import export, pool
from guidepress.batch.export import BatchOptions, export_batch, most_workers
from guidepress.content.rosterfile import MAX_COLUMNS, parse_csv
from guidepress.errors import ContentError


class Started(Exception):
    pass


@pytest.fixture
def pool_size(monkeypatch):
    """The number of processes a batch asks its pool for (the pool is never started)."""
    asked = []

    def start_pool(workers, setup):
        asked.append(workers)
        raise Started

    monkeypatch.setattr(pool, "start_pool", start_pool)
    return asked


def roster(tmp_path: Path, rows: int = 80) -> Path:
    path = tmp_path / "week.csv"
    path.write_text("id,patient,exercises\n" + "".join(f"p{n},Patient {n},bridge\n"
                                                       for n in range(rows)))
    return path


@pytest.mark.parametrize("asked", [33, 1000, 10**9])
def test_a_batch_never_starts_more_than_its_most_workers(tmp_path, pool_size, asked):
    with pytest.raises(Started):
        export_batch(roster(tmp_path), BatchOptions(out_dir=tmp_path / "out", workers=asked))
    assert pool_size == [min(asked, most_workers(), 80)]
    assert most_workers() <= export.MAX_WORKERS


@pytest.mark.parametrize("asked", ["1000", "65"])
def test_too_many_workers_warns_and_uses_the_most(run_cli, tmp_path, monkeypatch, asked):
    seen = []

    def capture(path, options, progress=None):
        seen.append(options.workers)
        raise typer.Exit(0)

    monkeypatch.setattr(export, "export_batch", capture)
    result = run_cli("batch", roster(tmp_path), "--workers", asked)
    assert seen == [most_workers()]
    assert (f"--workers {asked} is more than this machine can use; using {most_workers()}"
            in normalise(result.stderr))


@pytest.mark.parametrize("interval", ["nan", "inf", "-inf", "-1", "0", "1e9"])
def test_watch_refuses_an_interval_that_is_not_a_sensible_number_of_seconds(run_cli, interval):
    result = run_cli("watch", "--interval", interval)
    assert result.exit_code == 2
    assert "isnotanumberofsecondsfrom0.05to3600" in "".join(result.output.replace("│", "").split())


def _header(columns: int) -> str:
    return ",".join(f"c{n}" for n in range(columns)) + "\n" + "x\n"


def test_a_roster_of_the_most_columns_is_read(tmp_path):
    (line, values, extra), = parse_csv(_header(MAX_COLUMNS), tmp_path / "wide.csv")
    assert values == {"c0": "x"} and not extra


WIDE = {
    "a wide header": ("r.csv", _header(MAX_COLUMNS + 1), "line 1"),
    "a wide row": ("r.csv", "id,patient\np1,A" + "," * 2_000_000 + "\n", "line 2"),
    "a wide row of quoted cells": ("r.csv", 'id,patient\n' + '"",' * MAX_COLUMNS + '""\n', "line 2"),
    "a wide row over many lines": ("r.csv", "id,patient\np1," + ",".join(['"a\nb"'] * MAX_COLUMNS)
                                   + "\n", r"line \d+"),
    "a wide YAML row": ("r.yaml", "- id: p1\n" + "".join(f"  c{n}: x\n" for n in range(MAX_COLUMNS)),
                        "line 201"),
    "a wide JSON row": ("r.json", "[{" + ",".join(f'"c{n}": "x"' for n in range(MAX_COLUMNS + 1))
                        + "}]", ""),
}


@pytest.mark.parametrize("name, text, where", WIDE.values(), ids=WIDE.keys())
def test_a_roster_of_too_many_columns_is_refused_quickly(tmp_path, name, text, where):
    from guidepress.content.roster import read_roster

    (tmp_path / name).write_text(text)
    started = time.monotonic()
    with pytest.raises(ContentError, match=f"{name}{' ' + where if where else ''}: more than "
                                           f"{MAX_COLUMNS} (columns|keys)"):
        read_roster(tmp_path / name)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("header", ["id,patient,id", "a,b,c,b,a", " id ,id"])
def test_a_column_named_twice_is_still_refused(tmp_path, header):
    with pytest.raises(ContentError, match="appears twice"):
        parse_csv(header + "\n1,2,3\n", tmp_path / "r.csv")


def test_a_roster_of_too_many_rows_is_refused_before_it_is_checked(tmp_path):
    import time

    from guidepress.content.roster import read_roster
    from guidepress.content.rosterfile import MAX_ROWS
    from guidepress.errors import ContentError

    for name, text in (("r.csv", "id,patient,exercises\n" + "".join(f"p{i},A,plank\n" for i in range(MAX_ROWS + 1))),
                       ("r.json", "[" + ",".join('{"id": "p", "exercises": "plank"}' for _ in range(MAX_ROWS + 1)) + "]")):
        (tmp_path / name).write_text(text)
        started = time.monotonic()
        with pytest.raises(ContentError, match=f"more than {MAX_ROWS:,} patients in one roster"):
            read_roster(tmp_path / name)
        assert time.monotonic() - started < 20


@pytest.mark.parametrize("shard", ["1/99999999999999999999999999", "1/1001"])
def test_a_huge_shard_count_is_refused(run_cli, tmp_path, shard):
    (tmp_path / "r.csv").write_text("id,patient,exercises\np1,A,plank\n")
    result = run_cli("batch", "r.csv", "--shard", shard)
    assert result.exit_code == 1 and "at most 1,000 shards" in " ".join(result.output.split())


def test_a_planted_shard_manifest_of_a_huge_batch_is_refused(run_cli, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "manifest-1-of-99999999.json").write_text('{"rows": []}')
    result = run_cli("merge-manifests", "out")
    assert result.exit_code == 1 and "not a shard of a batch" in result.output
