"""``guidepress batch``: a roster of patients to one routine sheet each.

Every row is validated before anything is rendered; good rows are rendered in a
process pool (WeasyPrint imported and warmed once per worker); a manifest
records what was made from which inputs, so a re-run renders only what changed
and an interrupted run picks up where it stopped.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from guidepress.batch.manifest import (
    MANIFEST,
    Entry,
    fingerprint,
    input_hash,
    is_current,
    load_manifest,
    save_manifest,
)
from guidepress.builtin import BUILTIN_STYLES, BUILTIN_TEMPLATES
from guidepress.config.workspace import DEFAULT_OUTPUT
from guidepress.content.loader import load_guide
from guidepress.content.roster import Row, check_rows, read_roster
from guidepress.errors import GuidepressError, UsageError
from guidepress.files import fill_name, safe_stem
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.pdf.merge import merge_sheets
from guidepress.render.product import Written

DEFAULT_NAME = "{id}-{patient}"
SAVE_EVERY = 2.0  # seconds between manifest saves while rendering


@dataclass
class BatchOptions:
    """How to run a batch; every field has the CLI's default."""

    out_dir: Path = Path(DEFAULT_OUTPUT)
    name: str = DEFAULT_NAME
    workers: int | None = None
    shard: tuple[int, int] | None = None
    force: bool = False
    strict: bool = False
    merge: Path | None = None
    paper: Paper = Paper.a4
    guide_dir: Path | None = None
    language: str | None = None  # for rows without a language column
    resources: Resources = field(default_factory=Resources)


@dataclass
class BatchResult:
    """What a batch did: one entry per row of this run's share of the roster."""

    entries: list[Entry]
    bad_rows: list[Row]
    notes: list[str]
    manifest: Path | None = None
    merged: Written | None = None

    def count(self, status: str) -> int:
        return sum(e.status == status for e in self.entries)


class GuideSet:
    """The guide in each language a roster asks for, loaded once each."""

    def __init__(self, folder: Path | None, default_language: str | None = None):
        self.folder, self.default, self._loaded = folder, default_language, {}

    def get(self, language: str | None):
        language = language or self.default
        if language not in self._loaded:
            self._loaded[language] = (load_guide(self.folder, language=language) if language
                                      else load_guide(self.folder))
        return self._loaded[language]

    def library(self, language: str | None):
        return self.get(language).library


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4): the second of four slices."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise UsageError(f'--shard "{text}": write K/N, e.g. 2/4 for the second of four') from None
    if not 1 <= k <= n:
        raise UsageError(f'--shard "{text}": K must be from 1 to N')
    return k, n


def in_shard(row_id: str, shard: tuple[int, int] | None) -> bool:
    """Rows go to shards by a hash of their id: disjoint, covering, and stable
    when rows are added or reordered."""
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % n == k - 1


def manifest_path(out_dir: Path, shard: tuple[int, int] | None) -> Path:
    return out_dir / (MANIFEST if shard is None else f"manifest-{shard[0]}-of-{shard[1]}.json")


def file_names(rows: list[Row], template: str) -> tuple[dict[str, str], list[str]]:
    """A safe, unique file name per row id, in roster order; notes on collisions."""
    names, taken, notes = {}, {}, []
    for row in rows:
        fields = {c: "" for c in ("id", "patient", "patient_id", "clinician", "clinic", "date")}
        fields.update({k: str(v) for k, v in row.values.items()})
        fields["patient"] = fields["patient"] or fields["patient_id"] or fields["id"]
        stem = safe_stem(fill_name(template, fields), fallback=safe_stem(row.id, "sheet"))
        name, n = f"{stem}.pdf", 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}.pdf"
        if n > 1:
            notes.append(f"row {row.number}: {stem}.pdf is taken by row "
                         f"{taken[f'{stem}.pdf'.casefold()]}; named {name}")
        taken[name.casefold()] = row.number
        names[row.id] = name
    return names, notes


def export_batch(roster: Path, options: BatchOptions, progress=None) -> BatchResult:
    """Validate the roster, then render every good row that is not up to date."""
    rows = read_roster(roster)
    guides = GuideSet(options.guide_dir, options.language)
    check_rows(rows, guides.library)
    rows = [r for r in rows if in_shard(r.id, options.shard)]
    bad = [r for r in rows if not r.ok]
    if options.strict and bad:
        return BatchResult([], bad, ["--strict: nothing was rendered because of the bad rows"])
    good = [r for r in rows if r.ok]
    names, notes = file_names(good, options.name)
    out_dir = Path(options.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(out_dir)
    manifest = manifest_path(out_dir, options.shard)
    earlier = load_manifest(manifest)
    shared = _fingerprint(options, guides, good)
    entries = [Entry(r.number, r.id or f"(row {r.number})", status="failed",
                     error="; ".join(r.problems)) for r in bad]
    todo = []
    for row in good:
        inputs = input_hash(row.values, {"paper": options.paper.value, "language": options.language,
                                         "theme": options.resources.theme}, shared)
        before = earlier.get(row.id)
        if not options.force and before and before.file == names[row.id] \
                and is_current(before, inputs, out_dir):
            entries.append(Entry(**{**before.__dict__, "row": row.number, "status": "unchanged"}))
        else:
            todo.append(_Task(row.number, row.id, row.values, names[row.id], inputs))
    _run(todo, options, entries, manifest, progress)
    result = BatchResult(entries, bad, notes, manifest)
    if options.merge:
        result.merged = _merge(entries, good, out_dir, options.merge)
    return result


def _fingerprint(options: BatchOptions, guides: GuideSet, rows: list[Row]) -> str:
    folders = [*options.resources.template_dirs, BUILTIN_TEMPLATES,
               *options.resources.style_dirs, BUILTIN_STYLES]
    for language in sorted({str(r.values.get("language") or "") for r in rows}):
        source = guides.get(language or None)
        folders += [source.folder, source.library.folder]
    return fingerprint(list(dict.fromkeys(Path(f) for f in folders if f)))


def _remove_stale_parts(out_dir: Path) -> None:
    """Temporary files left by a killed run (never a finished PDF)."""
    for part in out_dir.glob(".*.part"):
        part.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Task:
    row: int
    id: str
    values: dict
    file: str
    inputs: str


def _run(todo: list[_Task], options: BatchOptions, entries: list[Entry], manifest: Path,
         progress) -> None:
    """Render the tasks, saving the manifest as results come in and on any exit."""
    setup = (options.guide_dir, options.language, options.resources, options.paper,
             Path(options.out_dir))
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(todo) or 1))
    # Chunks amortise the pool's messages; in one process every sheet is recorded as it is done.
    chunk = 1 if workers == 1 else max(1, min(8, len(todo) // (workers * 4) or 1))
    chunks = [todo[i:i + chunk] for i in range(0, len(todo), chunk)]
    last_save, done = time.monotonic(), 0
    if progress and todo:
        progress(0, len(todo))
    try:
        for results in _results(chunks, setup, workers):
            entries.extend(results)
            done += len(results)
            if progress:
                progress(done, len(todo))
            if time.monotonic() - last_save > SAVE_EVERY:
                save_manifest(manifest, entries)
                last_save = time.monotonic()
    finally:
        save_manifest(manifest, entries)


def _results(chunks, setup, workers):
    """Yield each chunk's entries as it finishes, in-process for one worker."""
    if workers == 1:
        _init_worker(*setup)
        for chunk in chunks:
            yield _render_chunk(chunk)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                             initializer=_init_worker, initargs=setup) as pool:
        futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
        try:
            for future in futures:
                yield future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


_WORKER: dict = {}


def _init_worker(guide_dir, language, resources, paper, out_dir) -> None:
    """Load guides once per worker process (WeasyPrint warms on the first sheet)."""
    _WORKER.update(guides=GuideSet(guide_dir, language), resources=resources, paper=paper,
                   out_dir=out_dir, renderers={})


def _render_chunk(chunk: list[_Task]) -> list[Entry]:
    return [_render_one(task) for task in chunk]


def _render_one(task: _Task) -> Entry:
    from guidepress.products.routine import write_routine
    from guidepress.render.engine import PdfRenderer

    entry = Entry(task.row, task.id, file=task.file, inputs=task.inputs)
    try:
        language = task.values.get("language") or None
        source = _WORKER["guides"].get(language)
        resources = _WORKER["resources"]
        renderers = _WORKER["renderers"]
        if language not in renderers:
            renderers[language] = PdfRenderer([source.folder, *resources.roots])
        # The parent checked this row already; checking it again here rebuilds the
        # prescription from plain values, cheaper than sending models between processes.
        rows = [Row(task.row, task.values)]
        check_rows(rows, lambda lang: source.library)
        target = _WORKER["out_dir"] / task.file
        written = write_routine(source, rows[0].prescription, target, paper=_WORKER["paper"],
                                resources=resources, renderer=renderers[language])
        data = target.read_bytes()
        entry.pages, entry.bytes = written.pages, len(data)
        entry.sha256 = hashlib.sha256(data).hexdigest()
        entry.status = "written"
    except GuidepressError as exc:
        entry.error, entry.file = str(exc), None
    return entry


def _merge(entries: list[Entry], good: list[Row], out_dir: Path, target: Path) -> Written:
    by_id = {e.id: e for e in entries if e.status != "failed" and e.file}
    sheets = []
    for row in good:  # roster order
        entry = by_id.get(row.id)
        if entry:
            who = str(row.values.get("patient") or row.values.get("patient_id") or row.id)
            sheets.append((f"{who} ({row.id})", row.id, out_dir / entry.file))
    return merge_sheets(sheets, target)
