"""``guidepress check`` on any PDF is bounded: a locked, malformed, oversized or
bomb-like PDF, a pipe or a device ends quickly with a message naming the file
(or a finding), never a traceback; memory and time stay bounded."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zlib

import pikepdf
import pytest
from conftest import normalise

from guidepress.check import bounds, drawing, drawwork
from guidepress.check.pdf import check_pdf
from guidepress.errors import ContentError

FONT = {"/Type": pikepdf.Name.Font, "/Subtype": pikepdf.Name.Type1, "/BaseFont": pikepdf.Name.Helvetica}

@pytest.fixture(autouse=True)
def in_this_process(monkeypatch):
    """The bounds are read in this process, as they hold wherever ``check`` runs (the
    child process and its time limit, ``drawing``, are tested on their own)."""
    monkeypatch.setattr(drawing, "can_fork", lambda: False)



def pdf_with(path, content: bytes = b"BT /F1 12 Tf 72 72 Td (Hello) Tj ET", size=(595, 842),
             change=None, encoded: bytes | None = None):
    """A one-page PDF drawing ``content`` (or the Flate data ``encoded``) on a page of ``size`` pt."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.MediaBox = pikepdf.Array([0, 0, *size])  # beyond the 14,400 pt pikepdf would make
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(FONT)))
    stream = pikepdf.Stream(pdf, content)
    if encoded is not None:
        stream.write(encoded, filter=pikepdf.Name.FlateDecode)
    page.obj.Contents = pdf.make_indirect(stream)
    if change:
        change(pdf)
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_pdf_locked_with_a_password_is_a_message(tmp_path, run_cli):
    path = tmp_path / "locked.pdf"
    pdf = pikepdf.open(pdf_with(tmp_path / "open.pdf"))
    pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(ContentError, match="password"):
        check_pdf(path)
    result = run_cli("check", path)
    assert result.exit_code == 1 and "locked.pdf" in normalise(result.stderr)
    assert "Traceback" not in result.output


def _set(key: str, value):
    def change(pdf):
        pdf.Root[key] = value
    return change


def _page(key: str, value):
    def change(pdf):
        pdf.pages[0].obj[key] = value
    return change


BROKEN = {
    "structure tree as a number": _set("/StructTreeRoot", 5),
    "structure tree with a kid of the wrong kind": _set("/StructTreeRoot", pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Dictionary(S=pikepdf.Name.H1, Pg=7, K="x"))),
    "markinfo as an array": _set("/MarkInfo", pikepdf.Array([1, 2])),
    "viewer preferences as a string": _set("/ViewerPreferences", pikepdf.String("x")),
    "form as a number": _set("/AcroForm", 3),
    "form fields as a dictionary": _set("/AcroForm", pikepdf.Dictionary(Fields=pikepdf.Dictionary(T=1))),
    "annotations as a number": _page("/Annots", 12),
    "annotation with a parent of the wrong kind": _page("/Annots", pikepdf.Array([pikepdf.Dictionary(
        Subtype=pikepdf.Name.Link, Contents=pikepdf.Dictionary(a=1))])),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_objects_of_the_wrong_kind_are_findings_not_tracebacks(tmp_path, run_cli, change):
    path = pdf_with(tmp_path / "broken.pdf", change=change)
    findings = check_pdf(path)
    assert any(f.level == "error" for f in findings)
    result = run_cli("check", path)
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("side", [14_400, 14_400 * 3])
def test_a_page_larger_than_any_paper_is_not_rendered(tmp_path, side):
    path = pdf_with(tmp_path / "huge.pdf", size=(side, side), content=(
        b"1 0 0 rg 0 0 %d %d re f BT /F1 400 Tf 100 100 Td (Huge) Tj ET" % (side, side)))
    before, start = peak_mb(), time.monotonic()
    findings = check_pdf(path)
    assert time.monotonic() - start < 30
    assert peak_mb() - before < 400
    assert any("larger than 5 m" in f.message for f in findings)


def test_a_large_page_is_rendered_within_the_pixel_budget(tmp_path, monkeypatch):
    path = pdf_with(tmp_path / "poster.pdf", size=(10_000, 10_000), content=(
        b"BT 0 0 0 rg /F1 400 Tf 100 100 Td (Poster) Tj ET"))
    sizes = []
    real = bounds.render_scale

    def spy(page, wanted):
        scale = real(page, wanted)
        sizes.append(page.get_width() * page.get_height() * scale ** 2)
        return scale

    monkeypatch.setattr("guidepress.check.contrast.render_scale", spy)
    findings = check_pdf(path)
    assert sizes and max(sizes) <= bounds.MAX_BITMAP_PIXELS * 1.01
    assert any(f.check == "contrast" and f.level == "ok" for f in findings)


def _bomb(megabytes: int) -> bytes:
    """Flate data that inflates to ``megabytes`` MB of drawing operators."""
    packer, chunk = zlib.compressobj(9), b"0 0 m " * (1 << 17)
    parts = [packer.compress(chunk) for _ in range(megabytes * (1 << 20) // len(chunk))]
    return b"".join(parts) + packer.flush()


@pytest.mark.parametrize("megabytes", [24, 64])
def test_a_content_stream_bomb_is_refused_with_a_message(tmp_path, monkeypatch, run_cli, megabytes):
    monkeypatch.setattr(bounds, "MAX_DECODED", 16 * 2**20)
    path = pdf_with(tmp_path / "bomb.pdf", encoded=_bomb(megabytes))
    assert path.stat().st_size < 2**20
    start = time.monotonic()
    result = run_cli("check", path)
    assert time.monotonic() - start < 30
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "decompress to more than 16 MB" in normalise(result.stderr)


def test_too_many_objects_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_OBJECTS", 50)

    def padding(pdf):
        pdf.Root.Padding = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(N=n)) for n in range(60)])

    with pytest.raises(ContentError, match="objects"):
        check_pdf(pdf_with(tmp_path / "many.pdf", change=padding))


def test_many_text_objects_take_linear_time(tmp_path):
    def page_of(count):
        ops = b"".join(b"BT /F1 4 Tf %d %d Td (ab) Tj ET\n" % (n % 100 * 5, n // 100 % 160 * 5)
                       for n in range(count))
        return pdf_with(tmp_path / f"text-{count}.pdf", content=ops)

    small, large = page_of(5_000), page_of(40_000)
    start = time.monotonic()
    check_pdf(small)
    middle = time.monotonic()
    check_pdf(large)
    end = time.monotonic()
    assert end - middle < 20 * max(middle - start, 0.05)  # 8 times the objects: not 64 times the time


def test_a_file_that_takes_too_long_stops_with_a_finding(tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "SECONDS", 0.0)
    path = pdf_with(tmp_path / "slow.pdf")
    findings = check_pdf(path)
    assert any(f.check == "time" and f.level == "error" for f in findings)


def _check_in_a_process(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidepress", "check", str(path)],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    result = _check_in_a_process(pipe)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pipe.pdf" in result.stderr and "not a regular file" in normalise(result.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it(tmp_path):
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    result = _check_in_a_process(tmp_path / "zero.pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not a regular file" in normalise(result.stderr)


def test_an_unreadable_file_does_not_stop_the_others(tmp_path, run_cli):
    (tmp_path / "notes.pdf").write_text("not a pdf")
    good = pdf_with(tmp_path / "good.pdf")
    result = run_cli("check", tmp_path / "notes.pdf", good)
    assert result.exit_code == 1
    assert "notes.pdf" in normalise(result.stderr) and "good.pdf" in normalise(result.stdout)


@pytest.mark.parametrize("side, dpi", [(14_400, 72), (10_000, 108), (40_000, 1)])
def test_measuring_a_page_refuses_a_bitmap_over_the_budget(tmp_path, side, dpi):
    import pypdfium2 as pdfium

    from guidepress.check.measure import render_page

    document = pdfium.PdfDocument(str(pdf_with(tmp_path / "big.pdf", size=(side, side))))
    before = peak_mb()
    with pytest.raises(ContentError, match="too large to draw"):
        render_page(document[0], dpi)
    assert peak_mb() - before < 100
    small = pdfium.PdfDocument(str(pdf_with(tmp_path / "a4.pdf")))
    assert bounds.render_scale(small[0], dpi / 72) == dpi / 72  # a sheet of paper is drawn as asked


def test_a_picture_too_large_to_draw_is_not_rendered(tmp_path):
    def picture(pdf):
        image = pikepdf.Stream(pdf, b"")
        image.write(zlib.compress(b"\0" * 1_000_000), filter=pikepdf.Name.FlateDecode)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 100_000, 100_000, 8
        image.ColorSpace = pikepdf.Name.DeviceRGB
        pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Im1=pdf.make_indirect(image))

    path = pdf_with(tmp_path / "picture.pdf", change=picture,
                    content=b"q 500 0 0 700 0 0 cm /Im1 Do Q BT /F1 12 Tf 72 72 Td (Hi) Tj ET")
    before, start = peak_mb(), time.monotonic()
    findings = check_pdf(path)
    assert time.monotonic() - start < 30 and peak_mb() - before < 400
    assert any(f.check == "contrast" and "too large to draw" in f.message for f in findings)


def _text_bomb(pdf):
    """Just over the runs of text one page may draw, in a few kilobytes of Flate data."""
    stream = pdf.pages[0].obj.Contents
    body = b"BT /F1 1 Tf " + b"(a) Tj " * (drawwork.MAX_SHOWS + 1) + b"ET"
    stream.write(zlib.compress(body, 9), filter=pikepdf.Name.FlateDecode)


def _fan_out(pdf, levels: int = 8, times: int = 10):
    """Forms nested ``levels`` deep, each drawing the next ``times`` times."""
    inner = pdf.make_indirect(pikepdf.Stream(pdf, b"0 0 m 1 1 l S"))
    inner.Type, inner.Subtype, inner.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 9, 9]
    for _ in range(levels):
        form = pdf.make_indirect(pikepdf.Stream(pdf, b"/P Do " * times))
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 9, 9]
        form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(P=inner))
        inner = form
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(P=inner)
    pdf.pages[0].obj.Contents = pdf.make_indirect(pikepdf.Stream(pdf, b"/P Do"))


def _self_drawing(pdf):
    form = pdf.make_indirect(pikepdf.Stream(pdf, b"/P Do /P Do"))
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 9, 9]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(P=form))
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(P=form)
    pdf.pages[0].obj.Contents = pdf.make_indirect(pikepdf.Stream(pdf, b"/P Do"))


DRAWING_BOMBS = {
    "text runs": (_text_bomb, "runs of text"),
    "forms drawing forms": (_fan_out, "pictures and forms"),
    "a form drawing itself": (_self_drawing, "a form that draws itself"),
    "forms nested deeper than any product": (lambda pdf: _fan_out(pdf, levels=200, times=1),
                                             "forms nested more than"),
}


@pytest.mark.parametrize("change, said", DRAWING_BOMBS.values(), ids=DRAWING_BOMBS.keys())
def test_a_page_that_draws_too_much_is_refused_before_it_is_read(tmp_path, change, said):
    path = pdf_with(tmp_path / "drawing.pdf", change=change)
    assert path.stat().st_size < 64 * 1024
    start = time.monotonic()
    result = _check_in_a_process(path)
    assert time.monotonic() - start < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = normalise(result.stderr)
    assert "drawing.pdf" in message and "page 1 draws" in message and said in message


def test_forms_drawn_a_few_times_are_checked(tmp_path):
    path = pdf_with(tmp_path / "booklet.pdf", change=lambda pdf: _fan_out(pdf, levels=3, times=4))
    findings = check_pdf(path)  # 64 forms drawn: checked, not refused
    assert any(f.check == "type size" for f in findings)


def test_a_structure_tree_that_holds_itself_is_an_error(tmp_path):
    def looped(pdf):
        root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        root.K = pikepdf.Array([root])
        pdf.Root.StructTreeRoot = root

    findings = check_pdf(pdf_with(tmp_path / "looped.pdf", change=looped))
    assert any(f.check == "structure" and f.level == "error" for f in findings)


def test_a_read_error_names_no_internals(tmp_path, run_cli):
    path = pdf_with(tmp_path / "cut.pdf")
    path.write_bytes(b"%PDF-1.7\n" + b"\0" * 64)
    result = run_cli("check", path)
    message = normalise(result.stderr)
    assert result.exit_code == 1 and "cut.pdf" in message and "cannot read" in message
    assert "BytesIO" not in message and " at 0x" not in message


def test_many_findings_of_one_kind_are_counted_not_listed(tmp_path):
    def links(pdf):
        pdf.pages[0].obj.Annots = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9])
            for _ in range(500)])

    findings = [f for f in check_pdf(pdf_with(tmp_path / "links.pdf", change=links))
                if f.check == "link text"]
    assert 1 < len(findings) <= 21
    assert "480 more" in findings[-1].message
