"""A whole roster from the composer: upload, row problems first, then a batch run with progress.

The roster is checked as ``guidepress batch`` checks it (``content.roster``) before
anything is rendered, so the clinician sees every bad row at once. A run is
``export_batch`` itself, in a process of its own (the composer's own process keeps
answering previews), its progress passed back through a queue and on to the page
as server-sent events. Everything lives in a private temporary folder that the
server removes when it stops: the clinician downloads the print file, the sheets
or the manifest.
"""

from __future__ import annotations

import dataclasses
import io
import multiprocessing
import secrets
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from guidepress.errors import ContentError, GuidepressError
from guidepress.serve.shown import for_page, named

KINDS = (".csv", ".json", ".yaml", ".yml")
MAX_JOBS = 20  # rosters kept at once; the oldest go first
MERGED, SHEETS = "print.pdf", "sheets"


@dataclass
class Job:
    """One uploaded roster and, once started, its run."""

    folder: Path
    roster: Path
    good: int
    shown: str = "the roster"  # its name as uploaded
    events: list[dict] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    started: bool = False

    def add(self, event: dict) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    @property
    def finished(self) -> bool:
        return bool(self.events) and self.events[-1]["kind"] in ("done", "problem")


class Batches:
    """The rosters of this server's run, each in its own folder under one private one."""

    def __init__(self, settings):
        self.settings = settings
        self.root = Path(tempfile.mkdtemp(prefix="guidepress-serve-"))  # 0700: ours alone
        self.jobs: dict[str, Job] = {}
        self.runs: list = []  # the runs' processes

    def close(self) -> None:
        """Stop any run still going (its sheets are never half-written) and remove the
        rosters and sheets of this server's run."""
        for process in self.runs:
            if process.is_alive():
                process.terminate()
            process.join(10)
        shutil.rmtree(self.root, ignore_errors=True)

    def job(self, name: str) -> Job:
        if name not in self.jobs:
            raise ContentError("this roster is no longer here (the server was restarted); "
                               "upload it again")
        return self.jobs[name]

    def upload(self, name: str, raw: bytes) -> dict:
        """Keep an uploaded roster and check every row; the answer lists the bad ones."""
        from guidepress.batch.worker import GuideSet
        from guidepress.content.roster import check_rows, read_roster
        from guidepress.owned import write_bytes

        suffix = Path(name).suffix.lower()
        if suffix not in KINDS:
            raise ContentError(f"{name}: a roster is a .csv, .json or .yaml file")
        while len(self.jobs) >= MAX_JOBS:  # the oldest roster goes, never one printing
            oldest = next((k for k, j in self.jobs.items() if not j.started or j.finished), None)
            if oldest is None:
                raise ContentError("too many rosters are printing; wait for one to finish")
            shutil.rmtree(self.jobs.pop(oldest).folder, ignore_errors=True)
        key = secrets.token_urlsafe(9)
        folder = self.root / key
        folder.mkdir(mode=0o700)
        roster, shown = folder / f"roster{suffix}", Path(name).name
        write_bytes(roster, raw)
        try:
            rows = read_roster(roster)
            s = self.settings
            check_rows(rows, GuideSet(s.guide_dir, s.language, s.guides).library, keep=False,
                       date_order=s.date_order)
        except ContentError as exc:  # the page knows the roster by its name, not our folder
            raise ContentError(named(str(exc), {roster: shown, self.root: "the composer's folder"})) from None
        self.jobs[key] = Job(folder, roster, sum(r.ok for r in rows), shown)
        return {"job": key, "rows": len(rows), "good": self.jobs[key].good, "problems": [
            {"row": r.number, "id": r.id, "problems": [
                for_page(f"{shown} row {r.number}: {p}", self.settings) for p in r.problems]}
            for r in rows if not r.ok]}

    def start(self, key: str) -> None:
        """Run the batch of an uploaded roster in a process of its own."""
        job = self.job(key)
        if job.started:
            return
        if not job.good:
            raise ContentError("no row of this roster can be printed; fix the rows listed")
        if any(process.is_alive() for process in self.runs):  # each run takes every core
            raise ContentError("another roster is printing; start this one when it has finished")
        job.started = True
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        process = context.Process(target=run_batch, args=(job.roster, self.options(job), queue))
        process.start()
        self.runs.append(process)
        threading.Thread(target=_relay, args=(queue, process, job), daemon=True).start()

    def options(self, job: Job):
        from guidepress.batch.export import BatchOptions

        s = self.settings
        # a fresh copy: the composer's has its template environment cached, which the
        # run's process could not be sent
        resources = dataclasses.replace(s.resources)
        return BatchOptions(out_dir=job.folder / SHEETS, merge=job.folder / MERGED, paper=s.paper,
                            guide_dir=s.guide_dir, language=s.language, resources=resources,
                            date_order=s.date_order, guides=s.guides, workers=2)

    def sheets_zip(self, key: str) -> bytes:
        """Every sheet of a finished run, in one zip file."""
        folder = self.job(key).folder / SHEETS
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed
            for sheet in sorted(folder.glob("*.pdf")):
                archive.write(sheet, sheet.name)
        return buffer.getvalue()

    def file(self, key: str, which: str) -> Path:
        from guidepress.batch.manifest import MANIFEST

        job = self.job(key)
        path = {"merged": job.folder / MERGED, "manifest": job.folder / SHEETS / MANIFEST}[which]
        if not job.finished or not path.is_file():
            raise ContentError("this file is made when the run has finished")
        return path


def run_batch(roster: Path, options, queue) -> None:
    """The batch, in its own process: every step and the outcome go into ``queue``."""
    from guidepress.batch.export import export_batch

    try:
        result = export_batch(roster, options, progress=lambda done, total: queue.put(
            {"kind": "progress", "done": done, "total": total}))
    except GuidepressError as exc:
        queue.put({"kind": "problem", "message": str(exc)})
        return
    except BaseException as exc:  # noqa: BLE001 - the page must hear of any end
        queue.put({"kind": "problem", "message": f"the run stopped: {exc.__class__.__name__}: {exc}"})
        raise
    failed = [f"row {e.row} ({e.id}): {e.error}" for e in result.entries if e.status == "failed"]
    queue.put({"kind": "done", "written": result.count("written") + result.count("unchanged"),
               "failed": failed, "merged": bool(result.merged), "notes": result.notes})


def _named(event: dict, job: Job) -> dict:
    """``event`` naming the roster as it was uploaded, never by the private folder."""
    places = {job.roster: job.shown, job.folder: "."}
    if "message" in event:
        event["message"] = named(event["message"], places)
    if "failed" in event:
        event["failed"] = [named(line, places) for line in event["failed"]]
    return event


def _relay(queue, process, job: Job) -> None:
    """Pass the run's events on to the job until it ends (or its process dies)."""
    import queue as queues

    while True:
        try:
            event = queue.get(timeout=1)
        except queues.Empty:
            if not process.is_alive():
                job.add({"kind": "problem", "message": "the run ended without a word; try again"})
                return
            continue
        job.add(_named(event, job))
        if event["kind"] in ("done", "problem"):
            process.join(5)
            return
