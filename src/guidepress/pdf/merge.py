"""Merge per-patient sheets into one print file, keeping their tags (pikepdf)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from guidepress.objstreams import crowded
from guidepress.errors import ContentError, RenderError, UsageError
from guidepress.files import check_replaceable
from guidepress.owned import MERGED_KEY, PATIENT_KEY, owned_path
from guidepress.pdf.structure import TreeJoiner
from guidepress.render.product import Written

TITLE = "Routine sheets"
MAX_SHEET = 50 * 1024 * 1024  # bytes; a patient's sheet is well under a megabyte


def check_merge_target(target: Path, sheets: Iterable[Path]) -> None:
    """Refuse a print file that would replace a sheet, a manifest or any file that
    is not a print file guidepress merged earlier (which a re-run replaces)."""
    target = Path(target)
    check_replaceable(target)
    where = target.resolve()
    if any(where == Path(sheet).resolve() for sheet in sheets):
        raise UsageError(f"--merge {target}: that is one of the sheets; choose another file name")
    if target.exists() and not _merged_by_us(target):
        raise UsageError(f"--merge {target}: the file exists and is not a print file guidepress "
                         "merged; choose another file name, or delete it first")


def _merged_by_us(path: Path) -> bool:
    """Whether the file's metadata says guidepress merged it, read as every file at an
    output path is (``owned``: its object streams counted before qpdf opens it)."""
    from guidepress.owned import pdf_info

    return MERGED_KEY in (pdf_info(path, (MERGED_KEY,)) or {})


def merge_sheets(sheets: list[tuple[str, str, Path]], target: Path, *, title: str = TITLE,
                 expected: dict[Path, str | None] | None = None,
                 marks: dict[Path, dict[str, str]] | None = None) -> Written:
    """Append ``(label, page_prefix, path)`` sheets in order into ``target``.

    Each sheet gets an outline entry named ``label`` and page labels that restart
    at 1 with ``page_prefix``, so a print operator can find a patient's pages.
    The sheets' structure trees are joined, one ``/Part`` per sheet titled
    ``label``, so the print file is as readable with a screen reader as a sheet.
    With ``expected`` (path -> recorded SHA-256), a sheet whose bytes differ is refused
    and nothing is merged: another file must never print under a patient's entry.
    With ``marks`` (path -> the metadata a sheet must carry: its patient's mark, its
    row's, the hash of the inputs it was made from), so is a sheet that carries other
    marks or none (a manifest's hash can be edited along with the file it records).
    """
    import pikepdf

    check_merge_target(target, [path for _, _, path in sheets])
    out = pikepdf.new()
    joiner = TreeJoiner(out)
    labels = pikepdf.Array()
    first_source = None
    with out.open_outline() as outline:
        for label, prefix, path in sheets:
            source = _open_sheet(path, label, expected, marks)
            first = len(out.pages)
            out.pages.extend(source.pages)
            joiner.add(source, out.pages[first:], title=label, id_prefix=prefix)
            labels.extend([first, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{prefix} "))])
            outline.root.append(pikepdf.OutlineItem(label, first))
            first_source = first_source or source
    out.Root.PageLabels = pikepdf.Dictionary(Nums=labels)
    if first_source is not None:
        _document_settings(out, first_source, title)
    if joiner.document.K:
        joiner.install()
    share_resources(out)
    out.docinfo[MERGED_KEY] = pikepdf.String("1")  # a re-run may replace this file
    # the sheets' PDF version: PDF/X-4 is written as PDF 1.6, PDF/A-3 as 1.7
    version = first_source.pdf_version if first_source is not None else ""
    with owned_path(Path(target)) as tmp:
        out.save(tmp, object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version=version)
    return Written(Path(target), len(out.pages))


def _open_sheet(path: Path, label: str, expected: dict | None, marks: dict | None = None):
    """The sheet at ``path``, from the very bytes checked against its recorded SHA-256
    and its marks."""
    import io

    import pikepdf

    from guidepress.freshness import sha256_hex

    try:
        data = _sheet_bytes(Path(path), label)
        if expected is not None and sha256_hex(data) != expected.get(Path(path)):
            raise RenderError(f"{path}: not the sheet recorded for {label} (its SHA-256 differs "
                              "from the manifest's); nothing was merged: run the batch again "
                              "to make it afresh")
        found = crowded(data)  # before qpdf reads any of it
        if found:
            raise RenderError(f"{path}: {found}; nothing was merged. Run the batch again "
                              "to make the sheet afresh")
        source = pikepdf.open(io.BytesIO(data))
        _check_marks(source, path, label, None if marks is None else marks.get(Path(path), {}))
        return source
    except (pikepdf.PdfError, OSError) as exc:
        raise RenderError(f"{path}: cannot read this sheet to merge it ({exc})") from None


def _sheet_bytes(path: Path, label: str) -> bytes:
    """A sheet's bytes, read only if it is a regular file of at most MAX_SHEET bytes."""
    import os

    from guidepress.files import stat_regular

    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat_regular(fd):
            raise ContentError(f"{path}: not a sheet (a pipe, device or folder); nothing was "
                               "merged. Move it away and run the batch again")
        data = handle.read(MAX_SHEET + 1) if os.fstat(fd).st_size <= MAX_SHEET else None
    if data is None or len(data) > MAX_SHEET:
        raise ContentError(f"{path}: larger than a sheet can be (more than {MAX_SHEET:,} "
                           f"bytes) for {label}; nothing was merged. Move it away and run the "
                           "batch again")
    return data


def _check_marks(source, path: Path, label: str, wanted: dict | None) -> None:
    """Refuse a sheet whose metadata lacks or differs from a mark it must carry."""
    if wanted is None:
        return
    if not wanted:  # a sheet asked for without its marks: nothing could vouch for it
        raise ContentError(f"{path}: no record of whose sheet this is; nothing was merged")
    wrong = [key for key, value in wanted.items() if str(source.docinfo.get(key, "")) != value]
    if PATIENT_KEY in wrong:
        raise ContentError(f"{path}: this sheet is not the one made for {label}: it carries "
                           "another patient's mark; nothing was merged. Move it away and "
                           "run the batch again")
    if wrong:
        raise ContentError(f"{path}: this sheet was not made for {label} from its current "
                           "prescription (another row's sheet, or an older one); nothing was "
                           "merged. Move it away and run the batch again")


def share_resources(pdf) -> None:
    """Store fonts, figures and other page resources that several sheets share once.

    Sheets made from the same guide repeat the same figures (and often the same
    font subsets); each resource is replaced by the first identical one, and
    the copies, no longer referenced, are not written.
    """
    import hashlib

    import pikepdf

    first: dict[bytes, object] = {}
    memo: dict[tuple[int, int], bytes] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for kind in ("/Font", "/XObject", "/ExtGState", "/Pattern", "/Shading"):
            group = resources.get(kind)
            if not isinstance(group, pikepdf.Dictionary):
                continue
            for name, value in list(group.items()):
                if value.is_indirect:
                    group[name] = first.setdefault(_digest(value, memo, hashlib), value)


def _digest(obj, memo: dict, hashlib) -> bytes:
    """A fingerprint of an object and everything it refers to."""
    import pikepdf

    if not isinstance(obj, pikepdf.Object):  # numbers and booleans come back as Python values
        return repr(obj).encode()
    if obj.is_indirect and obj.objgen in memo:
        return memo[obj.objgen]
    if obj.is_indirect:
        memo[obj.objgen] = b"cycle"  # a loop back to this object hashes as a marker
    digest = hashlib.sha256()
    if isinstance(obj, pikepdf.Stream):
        digest.update(obj.read_raw_bytes())
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        for key in sorted(k for k in obj.keys() if k != "/Length"):
            digest.update(key.encode() + _digest(obj[key], memo, hashlib))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            digest.update(b"[" + _digest(item, memo, hashlib))
    else:
        digest.update(obj.unparse())
    result = digest.digest()
    if obj.is_indirect:
        memo[obj.objgen] = result
    return result


def _document_settings(out, source, title: str) -> None:
    """Language, title shown by viewers, colour intents and XMP identification of the
    sheets (all made alike), with the print file's own title."""
    import pikepdf

    for key in ("/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
        if key in source.Root:
            value = source.Root[key]
            out.Root[key] = out.copy_foreign(value if value.is_indirect else source.make_indirect(value))
    out.docinfo.Title = pikepdf.String(title)
    if "/Trapped" in source.docinfo:  # PDF/X says whether the file was trapped
        out.docinfo.Trapped = source.docinfo.Trapped
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        for key in ("dc:creator", "dc:description"):  # one patient's sheet described them
            if key in meta:
                del meta[key]
