"""Laying out and writing a PDF is bounded in time: a stylesheet that asks WeasyPrint for
work without end (``column-count: 1000``) stops with a message naming the product and
what to do, exit 1 and nothing written; the alarm is put back as it was."""

from __future__ import annotations

import signal
import time

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.errors import RenderError, UsageError
from guidepress.render.deadline import SETTING, deadline

# nested two deep at most (deeper is refused before layout: render/layouts.py)
MANY_COLUMNS = "section, ul, ol { column-count: 1000 !important; }\n"


def test_a_stylesheet_asking_for_a_thousand_columns_is_stopped(run_cli, tmp_path, monkeypatch):
    styles = tmp_path / "S"
    styles.mkdir()
    (styles / "custom.css").write_text(MANY_COLUMNS)
    monkeypatch.setenv(SETTING, "1")
    began = time.perf_counter()
    result = run_cli("handout", "-g", FIXTURE_GUIDE, "--styles", styles, "-o", "h.pdf")
    assert time.perf_counter() - began < 20
    assert result.exit_code == 1, result.output
    assert "laying out the handout PDF took more than 1 seconds" in result.output
    assert SETTING in result.output and "Traceback" not in result.output
    assert not (tmp_path / "h.pdf").exists()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_a_tiny_bound_stops_each_row_of_a_batch_in_its_worker(run_cli, tmp_path, monkeypatch):
    (tmp_path / "r.csv").write_text("id,patient,exercises\nb1,Bob,bridge\nc2,Cy,plank\n")
    monkeypatch.setenv(SETTING, "0.001")
    result = run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 2, "--out", "out")
    assert result.exit_code == 1, result.output
    assert "PDF took more than 0.001 seconds" in result.output, result.output
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_an_earlier_alarm_is_left_to_ring_and_a_later_one_put_back(monkeypatch):
    rang = []
    old = signal.signal(signal.SIGALRM, lambda *_: rang.append(1))
    try:
        monkeypatch.setenv(SETTING, "5")
        signal.setitimer(signal.ITIMER_REAL, 60)
        with deadline("laying out the test PDF"):
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= 5
        assert 50 < signal.getitimer(signal.ITIMER_REAL)[0] <= 60
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        with deadline("laying out the test PDF"):
            time.sleep(0.2)
        assert rang == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_the_bound_stops_python_work_and_zero_turns_it_off(monkeypatch):
    monkeypatch.setenv(SETTING, "0.05")
    with pytest.raises(RenderError, match="laying out the test PDF took more than 0.05 seconds"):
        with deadline("laying out the test PDF"):
            while True:
                pass
    monkeypatch.setenv(SETTING, "0")
    with deadline("laying out the test PDF"):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bound_that_is_not_a_number_of_seconds_is_a_message(monkeypatch, value):
    monkeypatch.setenv(SETTING, value)
    with pytest.raises(UsageError, match=f'{SETTING}="{value}" is not a number of seconds'):
        with deadline("laying out the test PDF"):
            pass


def _manifest_rows(folder) -> dict[str, str]:
    from guidepress.batch.manifest import read_manifest

    return {e.id: e.status for e in read_manifest(folder / "manifest.json")[1]}


def test_a_batch_stops_at_the_second_row_in_a_row_that_times_out(run_cli, tmp_path, monkeypatch):
    """Two rows in a row over the limit, after sheets made in time: the styles changed, not
    the rows: the rows after them are not tried (each would wait the limit out in turn);
    the sheets made before are kept and recorded."""
    from guidepress.batch import worker

    rows = "".join(f"r{n},Pat {n},bridge\n" for n in range(1, 7))
    (tmp_path / "r.csv").write_text("id,patient,exercises\n" + rows)
    render = worker._render

    def slow_from_the_third(task, entry):  # as if the styles changed under the run
        if task.id == "r3":
            monkeypatch.setenv(SETTING, "0.001")
        return render(task, entry)

    monkeypatch.setattr(worker, "_render", slow_from_the_third)
    began = time.perf_counter()
    result = run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 1, "--out", "out",
                     "--merge", "all.pdf")
    assert result.exit_code == 1, result.output
    assert time.perf_counter() - began < 60
    message = " ".join(result.output.split())
    assert "the batch stopped at row 5 (r4)" in message
    assert "The 2 sheets written are kept and recorded; 2 rows were not rendered" in message
    assert "no print file was merged" in message and SETTING in message
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "r1-Pat-1.pdf", "r2-Pat-2.pdf"]
    assert _manifest_rows(tmp_path / "out") == {"r1": "written", "r2": "written", "r3": "failed",
                                                "r4": "failed"}
    assert not (tmp_path / "all.pdf").exists()


def test_one_row_over_the_limit_after_rows_in_time_fails_alone(run_cli, tmp_path, monkeypatch):
    """Rows laid out in time with the same templates show the row is at fault: it fails,
    naming its longest text, and the batch carries on."""
    from guidepress.batch import worker

    rows = "".join(f"r{n},Pat {n},{'n' * 1500 if n == 3 else 'Rest'},bridge\n" for n in range(1, 6))
    (tmp_path / "r.csv").write_text("id,patient,notes,exercises\n" + rows)
    render = worker._render

    def slow_third(task, entry):  # as if its text took minutes
        monkeypatch.setenv(SETTING, "0.001" if task.id == "r3" else "120")
        return render(task, entry)

    monkeypatch.setattr(worker, "_render", slow_third)
    result = run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 1, "--out", "out")
    assert result.exit_code == 1, result.output
    message = " ".join(result.output.split())
    assert "the batch stopped" not in message and "Traceback" not in message
    assert ("its longest is column \"notes\", 1,500 characters): shorten it" in message), message
    assert _manifest_rows(tmp_path / "out") == {"r1": "written", "r2": "written", "r3": "failed",
                                                "r4": "written", "r5": "written"}


def test_a_batch_whose_every_row_would_time_out_tries_one(run_cli, tmp_path, monkeypatch):
    rows = "".join(f"r{n},Pat {n},bridge\n" for n in range(1, 9))
    (tmp_path / "r.csv").write_text("id,patient,exercises\n" + rows)
    monkeypatch.setenv(SETTING, "0.001")
    result = run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 1, "--out", "out")
    message = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "the batch stopped at row 2 (r1)" in message and "7 rows were not rendered" in message
    assert "1 row failed" in message and "Traceback" not in message
    assert _manifest_rows(tmp_path / "out") == {"r1": "failed"}
    assert not list((tmp_path / "out").glob("*.pdf"))
