"""A long batch renews its worker pool between groups of sheets and loses no row."""

from __future__ import annotations

import json

from conftest import pdf_text
from pypdf import PdfReader

from guidepress.batch import export, pool


def test_the_schedule_keeps_order_and_ends_each_group_with_small_chunks():
    todo = list(range(200))
    groups = export._schedule(todo, 2, 150)
    assert [len(sum(g, [])) for g in groups] == [150, 50]
    assert sum(sum(groups, []), []) == todo  # every task once, in order
    for group in groups:
        sizes = [len(chunk) for chunk in group]
        assert max(sizes) <= export.MAX_CHUNK
        assert sizes == sorted(sizes, reverse=True)  # large first, then smaller
        assert sizes[-2:] == [1, 1]  # no worker waits on a long last chunk
    assert export._schedule(todo[:5], 1, 150) == [[[t] for t in todo[:5]]]  # one sheet at a time
    assert export._schedule([], 2, 150) == []


def test_workers_are_renewed_and_every_row_is_written(run_cli, tmp_path, monkeypatch):
    pools = []

    def counted(workers, setup):
        pools.append(workers)
        return start_pool(workers, setup)

    start_pool = pool.start_pool
    monkeypatch.setattr(pool, "start_pool", counted)
    monkeypatch.setattr(export, "RENEW_AFTER", 1)  # one sheet per worker, then a new pool
    ids = ["r1", "r2", "r3"]
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\n" + "".join(f"{i},Patient {i},bridge\n" for i in ids),
                      encoding="utf-8")
    result = run_cli("batch", roster, "--workers", 2)
    assert result.exit_code == 0, result.output
    assert pools == [2, 2]  # sheets 1-2, then sheet 3 in fresh workers
    data = json.loads((tmp_path / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert [(r["row"], r["id"], r["status"]) for r in data["rows"]] == [
        (2, "r1", "written"), (3, "r2", "written"), (4, "r3", "written")]
    for row in data["rows"]:
        pdf = tmp_path / "output" / row["file"]
        assert row["pages"] == len(PdfReader(pdf).pages)
        assert f"Patient {row['id']}" in pdf_text(pdf)


def dying(chunk, proven=False):
    """Renders a chunk, unless it holds the row "dies": then its worker is killed, as
    one is when a library aborts it."""
    import os
    import signal

    from guidepress.batch.worker import render_chunk

    if any(task.id == "dies" for task in chunk):
        os.kill(os.getpid(), signal.SIGKILL)
    return render_chunk(chunk, proven)


def test_a_worker_that_dies_fails_its_row_alone_and_the_batch_goes_on(run_cli, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setattr(pool, "render_chunk", dying)
    monkeypatch.setattr(export, "MAX_CHUNK", 2)  # "dies" shares its chunk with another row
    ids = ["r1", "dies", "r3", "r4", "r5"]
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\n" + "".join(f"{i},Patient {i},bridge\n" for i in ids),
                      encoding="utf-8")
    result = run_cli("batch", roster, "--workers", 2)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "BrokenProcessPool" not in result.output
    data = json.loads((tmp_path / "output" / "manifest.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in data["rows"]}
    assert {i: r["status"] for i, r in rows.items()} == {
        "r1": "written", "dies": "failed", "r3": "written", "r4": "written", "r5": "written"}
    assert rows["dies"]["error"] == pool.DIED and "dies" in result.output
    assert sorted(p.name for p in (tmp_path / "output").glob("*.pdf")) == [
        f"{i}-Patient-{i}.pdf" for i in ("r1", "r3", "r4", "r5")]
