"""Batch workers: render rows in a process that loads the guides once, never
replaces a file the batch did not write, and exits as soon as its parent dies.

Workers are forked from a server process that has already imported WeasyPrint
and the routine sheet's modules (``guidepress.batch.preload``), so no worker
pays for those imports again. The server is a fresh single-threaded process,
so forking it is safe where forking the main process (with its progress and
lock threads) would not be. Rows arrive checked, as plain values
(``Prescription.compact``): workers do not validate them again.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

from guidepress.batch.guard import refuse_foreign
from guidepress.batch.manifest import Entry
from guidepress.batch.seeds import Known
from guidepress.errors import GuidepressError
from guidepress.memory import cap_worker, out_of_memory, worker_share
from guidepress.owned import approved, is_disk_full, replacing
from guidepress.render.deadline import LayoutTimeout

DISK_FULL = "not written: the disk is full"
# the styles, not the row, take too long: every further row would wait out the limit too
TIMED_OUT = "not written, and the batch stopped"
# the row takes too long, where the sheets before it did not: the batch carries on
ROW_TOO_LONG = "not written: its sheet took longer than the layout time limit"
_PRINTED = ("patient", "patient_id", "clinician", "clinic", "notes")  # a row's printed text
PRELOAD = "guidepress.batch.preload"


@dataclass(frozen=True)
class Task:
    """One row to render, as sent to a worker."""

    row: int
    id: str
    language: str | None
    prescription: tuple  # Prescription.compact() of the checked row
    file: str
    inputs: str
    recorded_sha256: str | None = None  # of this row's file, as the last run recorded it


class GuideSet:
    """Each guide, in each language, that a roster's rows ask for, loaded once each.

    A row names its guide by id (``known``: the built-in guides and the workspace's
    ``[guides]``); a row that names none gets the batch's own guide, ``folder``.
    """

    def __init__(self, folder: Path | None, default_language: str | None = None,
                 known: dict[str, Path] | None = None):
        self.folder, self.default, self._loaded = folder, default_language, {}
        self.known = dict(known or {})

    def get(self, language: str | None, guide: str = ""):
        language = language or self.default
        if (guide, language) not in self._loaded:
            from guidepress.content.folders import guide_named
            from guidepress.content.loader import load_guide

            folder = guide_named(guide, self.known, 'column "guide"') if guide else self.folder
            self._loaded[guide, language] = (load_guide(folder, language=language) if language
                                             else load_guide(folder))
        return self._loaded[guide, language]

    def library(self, language: str | None, guide: str = ""):
        return self.get(language, guide).library


_WORKER: dict = {}


def start_pool(workers: int, setup: tuple):
    """A process pool whose workers are forked from the preloaded server."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    context = get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_pooled,
                               initargs=(worker_share(workers), workers, *setup))


def _init_pooled(share: int, workers: int, *setup) -> None:
    """A pool worker: its share of the memory cap (``memory.worker_share``), then
    ``init_worker``."""
    cap_worker(share, workers)
    init_worker(*setup)


def init_worker(guide_dir, language, resources, paper, out_dir, force=False, guides=None,
                seconds=None, known=None) -> None:
    """Load guides once per worker process (WeasyPrint warms on the first sheet);
    ``force`` lets --html replace an HTML file guidepress did not write; ``guides`` are
    the guides rows may name, by id; ``seconds``, the batch's layout time limit (the
    fork server's environment is the one it started with, not this run's); ``known``,
    the sizes the batch's earlier workers learned (``guidepress.batch.seeds``)."""
    if seconds is not None:
        from guidepress.render.deadline import SETTING

        os.environ[SETTING] = repr(seconds)
    _WORKER.update(guides=GuideSet(guide_dir, language, guides), resources=resources, paper=paper,
                   out_dir=out_dir, renderers={}, force=force, in_time=False, row_slow=False,
                   known=known or {}, said={})
    import multiprocessing  # here, not above: a run with nothing to render never needs it
    import threading

    parent = multiprocessing.parent_process()
    if parent is not None:
        # Ctrl-C reaches every process of the terminal: the batch process decides what
        # stops (stop_workers); a worker interrupted mid-sheet would only report it late
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()


def stop_workers(pool) -> None:
    """End a pool's workers now, dropping the sheets in flight (never half-written:
    each is renamed into place only when complete)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            continue
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(timeout=2)


def _exit_with_parent(sentinel) -> None:
    """A worker whose parent was killed (kill -9) would render on with nobody to
    record its sheets, then wait forever for work: end it at once instead."""
    import multiprocessing.connection

    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def render_chunk(chunk: list[Task], proven: bool = False) -> tuple[list[Entry], Known]:
    """Render the tasks in order; after a full disk, the rest are not tried. ``proven``:
    sheets of this batch were laid out in time already (by any worker). Returns their
    entries, and the sizes learned since the worker's last chunk."""
    from guidepress.batch.seeds import learned
    from guidepress.render.collector import release_memory

    _WORKER["in_time"] = _WORKER.get("in_time") or proven
    entries = []
    for task in chunk:
        if entries and timed_out(entries[-1]):
            break  # the rows after it are not tried, nor recorded: a re-run renders them
        if entries and disk_full(entries[-1]):
            entries.append(Entry(task.row, task.id, error=DISK_FULL, inputs=task.inputs))
        else:
            entries.append(render_one(task))
            release_memory()  # or the worker's memory grows with every sheet
    return entries, learned(_WORKER["renderers"], _WORKER["said"])


def disk_full(entry: Entry) -> bool:
    return entry.status == "failed" and (entry.error or "").startswith(DISK_FULL)


def timed_out(entry: Entry) -> bool:
    return entry.status == "failed" and (entry.error or "").startswith(TIMED_OUT)


def stopped_note(entries: list[Entry], todo: list[Task], merge) -> str | None:
    """What a batch stopped at the layout time limit says: the row, and what is kept."""
    stop = next((e for e in entries if timed_out(e)), None)
    if stop is None:
        return None
    tried = {t.row for t in todo} & {e.row for e in entries}
    kept = sum(e.status == "written" for e in entries)
    return (f"the batch stopped at row {stop.row} ({stop.id}): its sheet took longer than the "
            "layout time limit, before any sheet was laid out in time or right after another "
            "row that took too long, so the templates or stylesheets are the likely cause and "
            f"every other row would wait it out too. The {kept} sheets written are kept and "
            "recorded; "
            f"{len(todo) - len(tried)} rows were not rendered"
            + (", and no print file was merged" if merge else "")
            + ". Fix the stylesheets (or allow more time with GUIDEPRESS_LAYOUT_SECONDS) "
            "and run the same command again")


def render_one(task: Task) -> Entry:
    """Render one row's sheet; every failure is recorded in the entry, none raised."""
    entry = Entry(task.row, task.id, file=task.file, inputs=task.inputs)
    try:
        _render(task, entry)
    except LayoutTimeout as exc:
        entry.error = _timed_out(task, exc)
    except (GuidepressError, OSError) as exc:
        entry.error = f"{DISK_FULL} ({task.file})" if is_disk_full(exc) else str(exc)
    except MemoryError:  # past the cap (guidepress.memory), outside the layout that names it
        entry.error = f"its sheet ran out of memory: {out_of_memory()}"
    except Exception as exc:  # a bug in one row must not stop the others or lose their record
        entry.error = f"unexpected error, please report it: {type(exc).__name__}: {exc}"
    if entry.status == "failed":
        entry.file = None
    else:
        _WORKER.update(in_time=True, row_slow=False)
    return entry


def _timed_out(task: Task, exc: LayoutTimeout) -> str:
    """Why a row's sheet was not written at the time limit. Once sheets were laid out in
    time, one row that is not is that row's doing (its long text), and the batch carries
    on; before any was, or for a second row in a row, the styles are the likely cause."""
    if not _WORKER.get("in_time") or _WORKER.get("row_slow"):
        return f"{TIMED_OUT}: {exc}"
    _WORKER["row_slow"] = True
    form, items = task.prescription[0], task.prescription[1]
    sizes = {f'column "{key}"': len(str(form.get(key) or "")) for key in _PRINTED}
    sizes['column "exercises" (a note)'] = max((len(item[2] or "") for item in items), default=0)
    longest = max(sizes, key=sizes.get)
    return (f"{ROW_TOO_LONG}, though the sheets before it were laid out in time, so this row's "
            f"text is the likely cause (its longest is {longest}, {sizes[longest]:,} "
            "characters): shorten it, or allow more time with GUIDEPRESS_LAYOUT_SECONDS")


def _render(task: Task, entry: Entry) -> None:
    from guidepress.products.routine import patient_key, write_routine
    from guidepress.render.engine import PdfRenderer

    language, guide = task.language, task.prescription[0].get("guide", "")
    source = _WORKER["guides"].get(language, guide)
    resources = _WORKER["resources"]
    renderers = _WORKER["renderers"]
    if (guide, language) not in renderers:  # a renderer reads only its own guide's folder
        from guidepress.batch.seeds import seed

        renderers[guide, language] = PdfRenderer([source.folder, *resources.roots])
        seed(renderers[guide, language], (guide, language), _WORKER["known"])
    from guidepress.content.prescription import Prescription

    rx = Prescription.from_compact(task.prescription, source.library)
    rx.sheet_id = task.id  # two patients of one name never share a key
    target = _WORKER["out_dir"] / task.file
    refused = refuse_foreign(target, patient_key(rx), task.recorded_sha256)
    if refused:
        raise GuidepressError(refused)
    # refuse_foreign checked the file at the target: this row's sheet, or none
    with approved([target]), replacing(_WORKER["force"], "choose another --out folder"):
        written = write_routine(source, rx, target, inputs=task.inputs, paper=_WORKER["paper"],
                                resources=resources, renderer=renderers[guide, language])
    # size and hash of the bytes just written, taken in memory rather than read back
    entry.pages, entry.bytes = written.pages, written.size
    entry.sha256, entry.status = written.sha256, "written"
