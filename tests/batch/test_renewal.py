"""A long batch renews its worker pool between groups of sheets and loses no row."""

from __future__ import annotations

import json

from conftest import pdf_text
from pypdf import PdfReader

from guidepress.batch import export


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

    start_pool = export.start_pool
    monkeypatch.setattr(export, "start_pool", counted)
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
