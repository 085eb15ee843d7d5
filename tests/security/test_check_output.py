"""What ``guidepress check`` prints from a PDF is shown, never obeyed: a heading, a
field's name or a tooltip holding ESC and other control characters (which would
clear the screen, move the cursor or retitle the terminal) is printed with each
control character as ``\\xNN``, in the report and in the JSON."""

from __future__ import annotations

import json

import pikepdf
import pytest

HOSTILE = "\x1b[2J\x1b]0;owned\x07\x9b31mRed\rX\x00"
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))]


def hostile_pdf(path):
    """A one-page PDF whose two form fields share a hostile tooltip and have no appearance,
    under a heading (H2 first: a skipped level) that shows hostile text."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    text = pikepdf.String(HOSTILE.encode("latin-1"))
    page.obj.Contents = pdf.make_stream(
        b"/H2 <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td " + text.unparse() + b" Tj ET EMC")
    heading = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.H2, K=0, Pg=page.obj))
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot,
                                                K=pikepdf.Array([heading])))
    heading.P = root
    page.obj.StructParents = 0
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    fields = [pdf.make_indirect(pikepdf.Dictionary(
        FT=pikepdf.Name.Btn, T=pikepdf.String(f"{HOSTILE}{n}"), TU=pikepdf.String(HOSTILE),
        Subtype=pikepdf.Name.Widget, Rect=[0, 0, 10, 10], P=page.obj)) for n in range(2)]
    page.obj.Annots = pikepdf.Array(fields)
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(fields))
    pdf.save(path)
    return path


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("as_json", [False, True], ids=["report", "json"])
def test_control_characters_from_a_pdf_are_shown_not_sent(run_cli, tmp_path, as_json):
    hostile_pdf(tmp_path / "hostile.pdf")
    result = run_cli("check", "hostile.pdf", *(["--json"] if as_json else []))
    assert result.exit_code == 1 and "Traceback" not in result.output
    # JSON escapes C0 itself: what its strings hold must be free of control characters too
    texts = _strings(json.loads(result.stdout)) if as_json else [result.output]
    assert not [t for t in texts if any(c in t for c in CONTROL)]
    shown = "\n".join(texts)
    assert "\\x1b[2J\\x1b]0;owned\\x07\\x9b31mRed\\x0dX\\x00" in shown  # the tooltip, escaped
    assert 'H2: "\\x1b[2J' in shown  # the heading's text too
