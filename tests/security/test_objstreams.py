"""Object streams are counted from a PDF's bytes before any parser opens it: behind a
predictor too, with the page tree inside them, for ``check``, for a file found where
guidepress writes and for a merge target; one built in a way the count cannot follow
is refused. Sizes are small, with the bound lowered to match."""

from __future__ import annotations

import struct
import zlib

import pytest
from conftest import normalise

from guidepress import objstreams, owned
from guidepress.check.pdf import check_pdf
from guidepress.errors import ContentError, UsageError
from guidepress.owned import is_ours, pdf_info
from guidepress.pdf.merge import check_merge_target

COLUMNS = 100


def _predicted(data: bytes) -> bytes:
    """``data`` behind the PNG "Sub" predictor, a row of COLUMNS bytes at a time."""
    data += b" " * (-len(data) % COLUMNS)
    rows = []
    for at in range(0, len(data), COLUMNS):
        row, prev = bytearray([1]), 0
        for byte in data[at:at + COLUMNS]:
            row.append((byte - prev) & 0xFF)
            prev = byte
        rows.append(bytes(row))
    return b"".join(rows)


def objstm_pdf(path, numbers: int, *, predictor=False, filters=b"/FlateDecode",
               pages_inside=False):
    """A PDF whose metadata says guidepress made it, kept in one object stream with an
    array of ``numbers`` ones (and, with ``pages_inside``, the page tree, which qpdf
    reads on opening)."""
    info = b"<< /Creator (guidepress 1.0) >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    inside = [(4, info), (5, b"[" + b"1 " * numbers + b"]")] + ([(2, pages)] if pages_inside else [])
    header, body = b"", b""
    for number, text in inside:
        header += b"%d %d " % (number, len(body))
        body += text + b" "
    raw = header + body
    parms = b""
    if predictor:
        raw = _predicted(raw)
        parms = b" /DecodeParms << /Predictor 11 /Columns %d >>" % COLUMNS
    packed = zlib.compress(raw, 9)
    for _ in range(filters.count(b"/FlateDecode") - 1):
        packed = zlib.compress(packed, 9)
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               6: b"<< /Type /ObjStm /N %d /First %d /Filter %s%s /Length %d >>\nstream\n" % (
                   len(inside), len(header), filters, parms, len(packed)) + packed + b"\nendstream"}
    if not pages_inside:
        objects[2] = pages
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    rows, xref = [struct.pack(">BIH", 0, 0, 65535)], len(out)
    where = {number: i for i, (number, _) in enumerate(inside)}
    for number in range(1, 8):  # an xref stream (object 7): the rest live in stream 6
        rows.append(struct.pack(">BIH", 2, 6, where[number]) if number in where else
                    struct.pack(">BIH", 1, xref if number == 7 else offsets[number], 0))
    table = b"".join(rows)
    out += (b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Info 4 0 R /Length %d >>"
            b"\nstream\n" % len(table) + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def few_parts(monkeypatch):
    monkeypatch.setattr(objstreams, "MAX_PARTS", 50_000)


@pytest.fixture
def no_qpdf(monkeypatch):
    """Fails a test in which qpdf opens a file: the count must come first."""
    import pikepdf

    opened = []
    real = pikepdf.open

    def watched(*args, **kwargs):
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(pikepdf, "open", watched)
    return opened


@pytest.mark.parametrize("kind", [{}, {"predictor": True}, {"pages_inside": True},
                                  {"predictor": True, "pages_inside": True}])
@pytest.mark.parametrize("read_up_to", [owned.READ_PDF_BYTES, 0])  # read whole, or mapped
def test_a_small_file_within_the_bound_is_read_as_before(tmp_path, few_parts, kind, read_up_to,
                                                         monkeypatch):
    monkeypatch.setattr(owned, "READ_PDF_BYTES", read_up_to)
    path = objstm_pdf(tmp_path / "fine.pdf", 1_000, **kind)
    assert pdf_info(path, ("/Creator",)) == {"/Creator": "guidepress 1.0"}
    assert is_ours(path)


@pytest.mark.parametrize("kind", [{}, {"predictor": True}, {"pages_inside": True},
                                  {"predictor": True, "pages_inside": True}])
@pytest.mark.parametrize("read_up_to", [owned.READ_PDF_BYTES, 0])
def test_a_crowded_file_where_guidepress_writes_is_not_ours_and_never_opened(
        tmp_path, few_parts, no_qpdf, kind, read_up_to, monkeypatch):
    monkeypatch.setattr(owned, "READ_PDF_BYTES", read_up_to)
    path = objstm_pdf(tmp_path / "handout.pdf", 100_000, **kind)
    assert path.stat().st_size < 8192
    assert pdf_info(path, ("/Creator",)) is None and not is_ours(path)
    assert no_qpdf == []


def test_check_counts_a_predicted_object_stream_before_opening_it(tmp_path, few_parts,
                                                                  no_qpdf, run_cli):
    path = objstm_pdf(tmp_path / "pred.pdf", 100_000, predictor=True, pages_inside=True)
    with pytest.raises(ContentError, match="object streams hold more than 50,000 objects"):
        check_pdf(path)
    assert no_qpdf == []
    result = run_cli("check", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "pred.pdf: its object streams hold more than" in normalise(result.stderr)


@pytest.mark.parametrize("filters", [b"[/FlateDecode /FlateDecode]", b"/LZWDecode", b"9 0 R"])
def test_an_object_stream_the_count_cannot_follow_is_refused(tmp_path, no_qpdf, filters):
    path = objstm_pdf(tmp_path / "odd.pdf", 10, filters=filters)
    with pytest.raises(ContentError, match="odd.pdf: it is built in a way guidepress does not read"):
        check_pdf(path)
    assert pdf_info(path, ("/Creator",)) is None and no_qpdf == []


def test_a_crowded_merge_target_is_refused_unopened(tmp_path, few_parts, no_qpdf):
    target = objstm_pdf(tmp_path / "print.pdf", 100_000, pages_inside=True)
    with pytest.raises(UsageError, match="print.pdf: the file exists and is not a print file"):
        check_merge_target(target, [])
    assert no_qpdf == []


def test_a_name_written_with_escapes_is_still_counted(tmp_path, few_parts):
    path = objstm_pdf(tmp_path / "escaped.pdf", 100_000)
    data = path.read_bytes().replace(b"/First", b"/F#69rst").replace(b"/FlateDecode",
                                                                     b"/Fl#61teDecode")
    assert "hold more than 50,000" in objstreams.crowded(data)


@pytest.mark.parametrize("change, said", [
    ((b"/Type /ObjStm", b"/Filter /FlateDecode /Type /ObjStm"),
     "an object stream's dictionary gives a key twice"),
    ((b"/Type /ObjStm", b"/Type /ObjStm /Pad (" + b"x" * 70_000 + b")"),
     "a compressed stream's dictionary cannot be read"),
])
def test_a_dictionary_the_count_cannot_read_for_sure_is_refused(tmp_path, change, said):
    data = objstm_pdf(tmp_path / "odd.pdf", 10).read_bytes().replace(*change)
    assert objstreams.crowded(data) == f"it is built in a way guidepress does not read ({said})"


def test_the_word_stream_in_a_page_s_text_is_not_taken_for_one(tmp_path):
    data = objstm_pdf(tmp_path / "fine.pdf", 10).read_bytes()
    text = b"9 0 obj\n<< /Length 30 >>\nstream\nBT (a) Tj ET\n% a stream of text\nendstream\nendobj\n"
    assert objstreams.crowded(data.replace(b"1 0 obj", text + b"1 0 obj", 1)) is None


def test_spaces_after_the_stream_keyword_do_not_hide_an_object_stream(tmp_path, few_parts):
    """qpdf skips spaces between ``stream`` and its line end (with a warning): so does the count."""
    data = objstm_pdf(tmp_path / "spaced.pdf", 100_000).read_bytes()
    spaced = data.replace(b">>\nstream\n", b">>\nstream   \n", 1)
    assert spaced != data and "hold more than 50,000" in objstreams.crowded(spaced)


def test_an_object_stream_with_a_wrong_checksum_is_refused(tmp_path, no_qpdf):
    """qpdf reads on past a wrong Adler-32 checksum, keeping what it inflated; the count
    cannot tell how much that is, so the file is refused unopened."""
    path = objstm_pdf(tmp_path / "crc.pdf", 1_000)
    data = bytearray(path.read_bytes())
    end = data.index(b"\nendstream")  # the first stream is the object stream
    data[end - 1] ^= 0xFF  # the checksum's last byte
    path.write_bytes(bytes(data))
    assert "compressed data is damaged" in objstreams.crowded(bytes(data))
    assert pdf_info(path, ("/Creator",)) is None and no_qpdf == []


def test_a_file_without_metadata_is_read_without_making_any(tmp_path):
    """pikepdf's ``docinfo`` makes an /Info where there is none, and qpdf then loads every
    object in the file: the trailer's own /Info is read instead."""
    path = objstm_pdf(tmp_path / "bare.pdf", 1_000)
    path.write_bytes(path.read_bytes().replace(b" /Info 4 0 R", b""))
    assert pdf_info(path, ("/Creator",)) == {} and not is_ours(path)


def test_vertical_tabs_after_the_stream_keyword_do_not_hide_an_object_stream(tmp_path, few_parts):
    """qpdf takes a vertical tab (0x0B) for a space too."""
    data = objstm_pdf(tmp_path / "tabbed.pdf", 100_000).read_bytes()
    tabbed = data.replace(b">>\nstream\n", b">>\nstream\x0b\x0b\x0b\n", 1)
    assert tabbed != data and "hold more than 50,000" in objstreams.crowded(tabbed)


def test_a_comment_in_the_header_and_a_decoy_before_it_do_not_hide_an_object_stream(
        tmp_path, few_parts):
    """``6 0 %...`` then ``obj`` on the next line is a header to qpdf; read from the decoy
    ``9 0 obj`` before it, the same bytes are a dictionary of two strings."""
    data = objstm_pdf(tmp_path / "decoy.pdf", 100_000).read_bytes()
    start = data.index(b"6 0 obj\n")
    end = data.index(b">>\nstream\n", start)
    hidden = (data[:start] + b"9 0 obj\n<< /A (6 0 %)/B (\nobj\n" + data[start + 8:end]
              + b"%)\n" + data[end:])
    assert "hold more than 50,000" in objstreams.crowded(hidden)


def test_a_refused_file_is_read_once(tmp_path, monkeypatch):
    """The refusal's words (a patient's sheet or not) reuse what deciding it read."""
    import pikepdf

    path = tmp_path / "theirs.pdf"
    pikepdf.new().save(path)  # a PDF another program made
    calls = []
    real = owned.pdf_info
    monkeypatch.setattr(owned, "pdf_info", lambda *args: calls.append(args) or real(*args))
    assert not owned.is_ours(path)
    assert "exists and was not written by guidepress" in owned._refusal(path)
    assert len(calls) == 1


def test_the_count_tries_no_zlib_data_where_no_zlib_header_begins(monkeypatch):
    """``stream`` over and over once had each place copied a megabyte at a time."""
    import zlib as real_zlib

    made = []
    monkeypatch.setattr(objstreams.zlib, "decompressobj",
                        lambda: made.append(1) or real_zlib.decompressobj())
    assert objstreams.crowded(b"%PDF-1.7\n" + b"stream\nendstream\n" * 200) is None
    assert made == []


def test_a_file_that_takes_too_much_reading_to_count_is_refused(monkeypatch):
    monkeypatch.setattr(objstreams, "READ_SLACK", 0)
    monkeypatch.setattr(objstreams, "READ_FACTOR", 2)
    data = b"%PDF-1.7\n" + b"stream\n" * 2000 + b"endstream\n"  # each counted to the end
    assert objstreams.crowded(data) == ("it is built in a way guidepress does not read (its "
                                        "streams take more reading than any PDF's should)")


def test_a_pdf_over_the_size_at_an_output_path_is_not_read(tmp_path, monkeypatch):
    path = objstm_pdf(tmp_path / "big.pdf", 10)
    assert is_ours(path)
    monkeypatch.setattr(owned, "MAX_PDF_BYTES", path.stat().st_size - 1)
    monkeypatch.setattr(objstreams, "crowded", lambda data: pytest.fail("the file was read"))
    owned._LAST_MADE.clear()
    assert pdf_info(path, ("/Creator",)) is None and not is_ours(path)
