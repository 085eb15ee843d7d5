"""``guidepress check`` draws each page (for the contrast check) in a child process
with a time limit: a PDF of a few kilobytes that asks pdfium for minutes of drawing
on one page is reported, not waited on; an ordinary page draws as it would in the
process itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pikepdf
import pypdfium2 as pdfium
import pytest
from test_check_bounds import pdf_with

from guidepress.check import drawing
from guidepress.check.pdf import check_pdf

A0 = (2384, 3370)
TEXT = b"BT /F1 24 Tf 72 700 Td (Hello) Tj ET"


def _fills(count: int) -> bytes:
    """``count`` fills of a whole A0 page, then a line of text."""
    return b"q " + b"0 0 2384 3370 re f " * count + b"Q 1 1 1 rg " + TEXT


def test_a_page_that_takes_too_long_to_draw_is_reported_not_waited_on(tmp_path):
    """In a process of its own, as ``guidepress check`` runs (the test session may have
    threads running, in which case pages are drawn in the process itself)."""
    path = pdf_with(tmp_path / "slow.pdf", _fills(3000), size=A0)
    script = ("import sys; from guidepress.check import contrast; contrast.PAGE_SECONDS = 0.5; "
              "from guidepress.check.pdf import check_pdf; "
              "print([f.where + ': ' + f.message for f in check_pdf(sys.argv[1]) "
              "if f.check == 'contrast'])")
    started = time.monotonic()
    found = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                           text=True, timeout=120, check=True).stdout
    assert time.monotonic() - started < 20  # the whole page draws in about 25 s here
    assert "pages 1: not measured: drawing the page failed or took longer than 0.5 s" in found


@pytest.mark.skipif(not drawing.can_fork(), reason="pages are drawn in the process itself here")
def test_a_page_drawn_in_the_child_is_the_page_drawn_here(tmp_path):
    path = pdf_with(tmp_path / "page.pdf", b"0.2 0.4 0.6 rg 50 50 300 400 re f " + TEXT)
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        child = drawing.draw_within(page, 1.0, 30)
        here = page.render(scale=1.0).to_pil().convert("RGB")
        assert child.size == here.size
        assert child.tobytes() == here.tobytes()
    finally:
        document.close()


def test_a_quick_page_is_measured(tmp_path):
    path = pdf_with(tmp_path / "quick.pdf", _fills(3), size=A0)
    found = check_pdf(path)
    assert not [f for f in found if f.check == "contrast" and f.level == "error"]
    assert any(f.check == "contrast" and "measured against" in f.message for f in found)


def test_a_pdf_that_stops_the_pdf_library_is_named_and_the_other_files_still_checked(tmp_path):
    """Non-rectangular clip paths cost pdfium memory growing with the square of their
    number, until it aborts at the memory cap: the child checking that file dies, the
    command names it, and reports the other files."""
    clips = pdf_with(tmp_path / "clips.pdf", b"0 0 m 9 0 l 0 9 l h W n 0 0 1 1 re f\n" * 12_000
                     + TEXT)
    good = pdf_with(tmp_path / "good.pdf", b"0 0 0 rg " + TEXT)
    result = subprocess.run([sys.executable, "-m", "guidepress", "check", str(good), str(clips)],
                            env={**os.environ, "GUIDEPRESS_MEMORY_MB": "400"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "clips.pdf: reading it stopped the PDF library" in " ".join(result.stderr.split())
    assert "good.pdf" in result.stdout and "✓ contrast" in result.stdout


def test_text_in_huge_type_is_measured_against_a_sample_of_what_is_behind_it(tmp_path, monkeypatch):
    """A run of text in 5000 pt type covers the whole of an A0 page: the colour behind it
    is read from a sample of pixels, not from millions (2,000 such runs took 330 s)."""
    monkeypatch.setattr(drawing, "can_fork", lambda: False)  # timed here, with the work
    letters = b"".join(b"(%c)Tj 0 0 Td " % (65 + i % 26) for i in range(2000))
    path = pdf_with(tmp_path / "huge.pdf", b"0 0 1 1 re W n BT /F1 5000 Tf -200 -700 Td "
                    + letters + b"ET", size=A0)
    started = time.monotonic()
    found = check_pdf(path)
    assert time.monotonic() - started < 60
    assert any(f.check == "contrast" and "2000 runs of text measured" in f.message for f in found)


def test_figures_nested_thousands_deep_are_read_in_bounded_time(tmp_path, monkeypatch):
    """Each Figure's marked content was read from its whole subtree, again for each
    Figure: 6,000 nested in one another took 238 s. The reads are bounded, and what the
    bound stops is said as a finding."""
    monkeypatch.setattr(drawing, "can_fork", lambda: False)

    def nested(pdf):
        page = pdf.pages[0].obj
        figures = [pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure, Alt=pikepdf.String("x"), Pg=page))
            for _ in range(4000)]
        for outer, inner in zip(figures, figures[1:]):
            outer.K = inner
        figures[-1].K = 0
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=figures[0]))

    path = pdf_with(tmp_path / "nested.pdf", change=nested)
    started = time.monotonic()
    found = check_pdf(path)
    assert time.monotonic() - started < 60  # about 110 s before the bound
    assert any("more than 2,000,000 reads of its elements" in f.message for f in found)


def test_a_child_ends_with_the_process_that_started_it(tmp_path):
    """Killed from outside (a supervisor, a time-out), ``check`` can no longer stop its
    child: the child ends with it rather than run on without a limit."""
    marker = tmp_path / "child.pid"
    script = ("import os, sys, time\nfrom guidepress.check.drawing import within\n"
              "def work():\n    open(sys.argv[1], 'w').write(str(os.getpid()))\n    time.sleep(120)\n"
              "within(work, 100)\n")
    parent = subprocess.Popen([sys.executable, "-c", script, str(marker)])
    try:
        for _ in range(200):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.05)
        child = int(marker.read_text())
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):
        if not _running(child):
            break
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process still running (a zombie is not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_figures_sharing_one_long_list_are_read_in_bounded_time(tmp_path, monkeypatch):
    """200 Figures sharing one list of 200,000 marked-content ids read it 200 times: the
    items count toward the bound as the elements do."""
    monkeypatch.setattr(drawing, "can_fork", lambda: False)

    def shared(pdf):
        page = pdf.pages[0].obj
        ids = pdf.make_indirect(pikepdf.Array(list(range(200_000))))
        figures = [pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure, Alt=pikepdf.String("x"), Pg=page,
            K=ids)) for _ in range(200)]
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array(figures)))

    path = pdf_with(tmp_path / "shared.pdf", change=shared)
    started = time.monotonic()
    found = check_pdf(path)
    assert time.monotonic() - started < 60  # the whole file's time before the bound
    assert any("more than 2,000,000 reads of its elements" in f.message for f in found)
