"""``guidepress batch``: a roster of patients to one routine sheet each.

Every row is validated before anything is rendered; good rows are rendered in a
process pool (see ``guidepress.batch.worker``); a manifest
records what was made from which inputs, so a re-run renders only what changed
and an interrupted run picks up where it stopped. A run holds a lock on its
manifest and never replaces a file it did not write.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guidepress.batch.guard import ManifestLock
from guidepress.batch.manifest import (Entry, is_current, load_manifest, row_inputs,
                                       seal_entry, sealed,
                                       save_manifest)
from guidepress.batch.names import file_names
from guidepress.batch.printfile import merge_rows, row_key, unnamed_guides
from guidepress.batch.rowguides import guide_header, row_guides
from guidepress.batch.shards import in_shard, manifest_path
from guidepress.batch.unchanged import nothing_to_do, record, shared_inputs
from guidepress.batch.pool import results as pool_results
from guidepress.batch.worker import DISK_FULL, GuideSet, Task, disk_full, stopped_note, timed_out
from guidepress.config.models import DEFAULT_OUTPUT
from guidepress.errors import GuidepressError, RenderError, UsageError
from guidepress.files import remove_stale_parts
from guidepress.freshness import file_sha256
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.owned import PATIENT_KEY, is_disk_full, sheet_marks
from guidepress.render.deadline import layout_seconds

if TYPE_CHECKING:  # a run with nothing to render imports neither pypdf nor WeasyPrint,
    # nor (see export_batch) the content models
    from guidepress.content.roster import Row
    from guidepress.render.product import Written

DEFAULT_NAME = "{id}-{patient}"
SAVE_EVERY = 2.0  # seconds between manifest saves while rendering
MAX_WORKERS = 32  # rendering processes, whatever --workers asks (see most_workers)
# Sheets each worker renders before its pool is replaced by a fresh one. Even with
# the garbage collected after every sheet (``release_memory``), a worker's memory
# creeps up by about a third of a megabyte per sheet: what it holds stays the same,
# but its heaps fragment. So a long batch gives each group of chunks a new pool,
# forked from the same preloaded server; 75 sheets keep two workers and the rest
# under 500 MB together (RSS), for a renewal's cost of a few seconds (the fresh
# workers' slower first sheets). Not ``max_tasks_per_child``: on Python 3.11 it
# can deadlock the pool (cpython gh-115634).
RENEW_AFTER = 75
MAX_CHUNK = 8  # sheets sent to a worker at once


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
    date_order: str = ""  # short dates in the roster: "DMY", "MDY" or "" (ISO only)
    guides: dict[str, Path] = field(default_factory=dict)  # guides rows may name, by id


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a batch, after the manifest was saved with what it records."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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


def export_batch(roster: Path, options: BatchOptions, progress=None) -> BatchResult:
    """Validate the roster, then render every good row that is not up to date."""
    quick = nothing_to_do(roster, options)
    if quick is not None:  # same roster, options and inputs: every row is as it was
        entries, notes, manifest = quick
        return BatchResult(entries, [], notes, manifest)
    from guidepress.content.roster import check_rows, read_roster

    rows = read_roster(roster)
    guides = GuideSet(options.guide_dir, options.language, options.guides)
    check_rows(rows, guides.library, keep=False, compact=True, date_order=options.date_order,
               strict=options.strict)
    # Named over the whole roster, before sharding, so every shard agrees on every name.
    names, renamed = file_names([r for r in rows if r.ok], options.name)
    guide_of = row_guides(rows, options)
    about = _about(roster, len(rows), options, guides, [guide_of[r.number] for r in rows if r.ok])
    rows = [r for r in rows if in_shard(r.id, options.shard)]
    notes = [renamed[r.number] for r in rows if r.number in renamed]
    renamed_notes = list(notes)  # said again by a re-run that finds nothing to do
    notes += [f"{Path(roster).name} row {r.number}: {warning}"  # doses that look like slips
              for r in rows if r.ok and r.compact for warning in r.compact[2]]
    notes += unnamed_guides(rows, options.guides, guides)
    bad = [r for r in rows if not r.ok]
    if options.strict and bad:
        return BatchResult([], bad, ["--strict: nothing was rendered because of the bad rows"])
    good = [r for r in rows if r.ok]
    out_dir = _output_folder(Path(options.out_dir))
    if options.merge:
        from guidepress.pdf.merge import check_merge_target

        check_merge_target(options.merge, [out_dir / name for name in names.values()])
    manifest = manifest_path(out_dir, options.shard)
    with ManifestLock(manifest):
        remove_stale_parts(out_dir)
        earlier, unreadable = load_manifest(manifest)
        if unreadable:
            notes.append(f"{manifest}: {unreadable} malformed entries ignored; their rows are "
                         "rendered again")
        shared = shared_inputs(options, [p for p in (out_dir, options.merge) if p])
        about.update(record(options, shared, len(rows), renamed_notes))
        entries = [Entry(r.number, r.id or f"(row {r.number})", status="failed",
                         error="; ".join(r.problems)) for r in bad]
        todo = _plan(good, names, earlier, shared, options, out_dir, entries)
        try:
            _run(todo, options, entries, manifest, (about, guide_of), progress)
        except KeyboardInterrupt:
            made = sum(e.status != "failed" for e in entries)
            raise Interrupted(f"stopped: {made} of {len(good)} sheets written and recorded in "
                              f"{manifest.name}; run the same command again to finish") from None
        stopped = stopped_note(entries, todo, options.merge)
        result = BatchResult(entries, bad, notes + [stopped] if stopped else notes, manifest)
        if options.merge and not stopped:  # a print file with rows missing would mislead
            result.merged = merge_rows(entries, good, out_dir, options.merge)
    return result


def _output_folder(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"--out {out_dir}: exists and is not a folder") from None
    except OSError as exc:
        raise RenderError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    if not out_dir.is_dir():
        raise UsageError(f"--out {out_dir}: exists and is not a folder")
    return out_dir


def _about(roster: Path, total: int, options: BatchOptions, guides: GuideSet,
           used: list[str]) -> dict:
    """The manifest's header: what merge-manifests checks before combining shards;
    ``used`` are the guide ids of the good rows."""
    shard = f"{options.shard[0]}/{options.shard[1]}" if options.shard else None
    which = guide_header(options, guides, used)
    return {"roster": Path(roster).name, "roster_sha256": file_sha256(roster),
            "rows_total": total, "shard": shard,
            "options": {"language": options.language, "paper": options.paper.value,
                        "theme": options.resources.theme, "name": options.name, **which}}


def _plan(good: list[Row], names: dict, earlier: dict, shared: str, options: BatchOptions,
          out_dir: Path, entries: list[Entry]) -> list[Task]:
    """Record the rows that are up to date; return the ones to render. Up to date is the
    recorded SHA-256 and, as a manifest can be edited with its files, the sheet's own
    marks: whose it is, its row, and the hash of the inputs it was made from."""
    from guidepress.batch.printfile import entry_marks

    todo = []
    for row in good:
        inputs = row_inputs(row.values, options, shared)
        before = earlier.get(row.id)
        same_file = before is not None and before.file == names[row.id]
        if (not options.force and same_file and is_current(before, inputs, out_dir)
                and (sealed(before) or sheet_marks(out_dir / before.file) == {
                    PATIENT_KEY: row_key(row), **entry_marks(before)})):
            entries.append(Entry(**{**before.__dict__, "row": row.number, "status": "unchanged"}))
        else:
            todo.append(Task(row.number, row.id, row.values.get("language") or None, row.compact,
                             names[row.id], inputs, before.sha256 if same_file else None))
    return todo


def most_workers() -> int:
    """The most rendering processes a batch starts: each holds a renderer (about
    100 MB), and more than twice the CPUs only wait on each other."""
    return min(MAX_WORKERS, 2 * (os.cpu_count() or 1))


def _run(todo: list[Task], options: BatchOptions, entries: list[Entry], manifest: Path,
         header: tuple[dict, dict], progress) -> None:
    """Render the tasks, saving the manifest as results come in and on any exit;
    ``header`` is the manifest's header and each row's guide id, by row number."""
    setup = (options.guide_dir, options.language, options.resources, options.paper,
             Path(options.out_dir), options.force, options.guides, layout_seconds())
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(todo) or 1, most_workers()))
    groups = _schedule(todo, workers, RENEW_AFTER * workers)
    last_save, done = time.monotonic(), 0
    if progress and todo:
        progress(0, len(todo))
    try:
        for results in pool_results(groups, setup, workers, entries):
            entries.extend(results)
            done += len(results)
            if progress:
                progress(done, len(todo))
            if any(disk_full(e) or timed_out(e) for e in results):
                break  # every further sheet would fail the same way
            if time.monotonic() - last_save > SAVE_EVERY:
                _save(manifest, entries, header, final=False)
                last_save = time.monotonic()
    finally:
        if any(map(disk_full, entries)):  # record the rows the full disk left undone
            recorded = {e.row for e in entries}
            entries.extend(Entry(t.row, t.id, error=DISK_FULL, inputs=t.inputs)
                           for t in todo if t.row not in recorded)
        _save(manifest, entries, header, final=True)


def _save(manifest: Path, entries: list[Entry], header: tuple[dict, dict], final: bool) -> None:
    """Save the manifest; a failed save in passing is retried at the end, a failed
    final save says what is at stake."""
    about, guide_of = header
    for entry in entries:
        entry.guide = guide_of.get(entry.row, entry.guide)
        seal_entry(entry)  # each written this run, or found up to date by its marks or seal
    try:
        save_manifest(manifest, entries, **about)
    except (OSError, GuidepressError) as exc:
        if final:
            full = is_disk_full(exc)
            raise RenderError(f"{manifest}: cannot save the manifest ({exc}); the sheets made "
                              "in this run are in the folder but not recorded: "
                              f"{'free some space' if full else 'fix that'} and run the same "
                              "command again") from exc


def _schedule(todo: list[Task], workers: int, per_group: int) -> list[list[list[Task]]]:
    """The tasks in order, in groups of at most ``per_group`` (each group has a fresh
    pool), each group cut into chunks. In one process a chunk is one sheet, recorded as
    it is done. In a pool, chunks amortise its messages and shrink toward the group's
    end, so that no worker waits long for another's last chunk before the pool is renewed."""
    groups = []
    for start in range(0, len(todo), per_group):
        left, chunks = todo[start:start + per_group], []
        while left:
            size = 1 if workers == 1 else max(1, min(MAX_CHUNK, len(left) // (workers * 4)))
            chunks.append(left[:size])
            left = left[size:]
        groups.append(chunks)
    return groups
