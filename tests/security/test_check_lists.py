"""``guidepress check`` counts what a hostile PDF lists (a page's annotations, the page
tree) before anything walks it: a list over its cap is refused with
one message, before the pages are read, in bounded memory."""

from __future__ import annotations

import os
import subprocess
import sys

import pikepdf
import pytest
from conftest import normalise
from test_check_bounds import pdf_with

from guidepress.check import drawing, drawwork, listed
from guidepress.check import pdf as check_module
from guidepress.check.pdf import check_pdf
from guidepress.errors import ContentError

MANY = 60_000  # over every cap, yet quick to write and read

@pytest.fixture(autouse=True)
def in_this_process(monkeypatch):
    """The bounds are read in this process, as they hold wherever ``check`` runs (the
    child process and its time limit, ``drawing``, are tested on their own)."""
    monkeypatch.setattr(drawing, "can_fork", lambda: False)



def _link(pdf):
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                Rect=[0, 0, 9, 9]))


def _annotations(count: int):
    def change(pdf):
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([_link(pdf)] * count))
    return change


def _fields(count: int):
    def change(pdf):
        field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("f")))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pdf.make_indirect(pikepdf.Array([field] * count)))
    return change


def _page_tree(count: int):
    def change(pdf):
        pdf.Root.Pages.Kids = pikepdf.Array([pdf.Root.Pages.Kids[0]] * count)
    return change


@pytest.fixture
def walked(monkeypatch) -> list[str]:
    """The walks of the file that ran: none may, for a file refused by its lists."""
    ran: list[str] = []
    for module, name in ((check_module, "scan"), (drawwork, "_page_drawn"), (check_module, "check_fields")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: (
            ran.append(_name), _real(*a, **k))[1])
    return ran


@pytest.mark.parametrize("change, said", [
    (_annotations(MANY), f"page 1 lists {MANY:,} annotations"),
    (_page_tree(MANY), "page tree lists more than"),
])
def test_a_long_list_is_refused_before_anything_walks_it(tmp_path, walked, change, said):
    path = pdf_with(tmp_path / "long.pdf", change=change)
    with pytest.raises(ContentError, match=said):
        check_pdf(path)
    assert walked == []


def test_lists_under_the_caps_are_walked(tmp_path, walked):
    path = pdf_with(tmp_path / "short.pdf", change=lambda pdf: (_annotations(3)(pdf), _fields(3)(pdf)))
    findings = check_pdf(path)
    assert {"scan", "_page_drawn", "check_fields"} <= set(walked)
    assert any(f.check == "form fields" for f in findings)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory read from /proc")
def test_a_million_annotations_are_refused_in_bounded_memory(tmp_path):
    path = pdf_with(tmp_path / "million.pdf", change=_annotations(1_000_000))
    # the peak of this process alone (VmHWM): ru_maxrss keeps the parent's across exec
    code = ("import re, sys\nfrom guidepress.check import drawing\n"
            "drawing.can_fork = lambda: False  # read here, where the peak is measured\n"
            "from guidepress.check.pdf import check_pdf\n"
            "from guidepress.errors import ContentError\ntry:\n    check_pdf(sys.argv[1])\n"
            "except ContentError as exc:\n    print(exc)\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024)")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, timeout=60)
    message, peak = result.stdout.strip().splitlines()
    assert "1,000,000 annotations" in message
    assert int(peak) < 250, f"{peak} MB"  # reading the page list first took over 500 MB


def test_the_refusal_is_said_once(tmp_path, run_cli):
    path = pdf_with(tmp_path / "long.pdf", change=_annotations(listed.MAX_ANNOTATIONS + 1))
    result = run_cli("check", path)
    said = normalise(result.stdout + result.stderr)
    assert result.exit_code == 1 and "Traceback" not in said
    assert said.count("annotations (links, fields)") == 1, said
    assert "long.pdf" in normalise(result.stderr)
