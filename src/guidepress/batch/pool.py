"""Running a batch's chunks of rows: in this process for one worker, else in pools of
worker processes, a fresh pool for every group of chunks (``export.RENEW_AFTER``).

A worker can die without a word: a library it calls aborts the process (GLib does
when it cannot allocate memory under the cap), or the system kills it. Python's pool
then fails every chunk it holds. The chunks that finished are kept; each of the
others is rendered again a row at a time in a pool of one worker, so that the row
whose sheet ends its worker is the one that fails, with a plain message, and every
other row is rendered; the batch then goes on with fresh pools, and exits 1 at the
end as for any row that failed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from guidepress.batch.manifest import Entry
from guidepress.batch.seeds import Known, gather
from guidepress.batch.worker import init_worker, render_chunk, start_pool, stop_workers

DIED = ("not written: the process making its sheet ended without a message (a library it "
        "uses stopped it, or the system did); no other row was affected. Check this row's "
        "text, and the templates and stylesheets, then run the same command again")


def results(groups, setup: tuple, workers: int, entries: list[Entry], work=None):
    """Yield each chunk's entries as it finishes, in roster order: in-process for one
    worker, else from a fresh pool for every group of chunks, telling a group's chunks
    whether ``entries`` show sheets laid out in time already, and its workers the sizes
    the earlier pools' workers learned. ``work`` renders a chunk (``render_chunk``)."""
    work = work or render_chunk
    if workers == 1:
        init_worker(*setup)
        for chunk in (chunk for group in groups for chunk in group):
            yield work(chunk)[0]
        return
    known: Known = {}  # the sizes the workers learned, for the next pool's
    for group in groups:
        proven = any(e.status == "written" for e in entries)
        yield from _group(group, (*setup, known), workers, known, proven, work)


@contextlib.contextmanager
def _pool(workers: int, setup: tuple) -> Iterator:
    """A pool whose workers are ended at once on Ctrl-C (or a failure): nothing more is
    handed out and the chunks in flight are dropped (their temporary files are cleaned
    up by the next run)."""
    with start_pool(workers, setup) as pool:
        try:
            yield pool
        except BaseException:
            stop_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _group(group, setup, workers, known, proven, work):
    """One group's chunks in one pool; where a worker died, each unfinished chunk again
    a row at a time (``_alone``)."""
    from concurrent.futures.process import BrokenProcessPool

    with _pool(workers, setup) as pool:
        futures = [pool.submit(work, chunk, proven) for chunk in group]
        for at, future in enumerate(futures):
            try:
                done, learned = future.result()
            except BrokenProcessPool:
                break
            gather(known, learned)
            yield done
        else:
            return
    for chunk, future in zip(group[at:], futures[at:]):
        if future.done() and not future.cancelled() and future.exception() is None:
            done, learned = future.result()
            gather(known, learned)
            yield done
        else:
            yield from _alone(chunk, setup, known, proven, work)


def _alone(chunk, setup, known, proven, work):
    """The chunk's rows one by one in a pool of one worker, in order: the first row
    whose future fails was the one its worker was rendering when it died."""
    from concurrent.futures.process import BrokenProcessPool

    left = list(chunk)
    while left:
        with _pool(1, setup) as pool:
            futures = [pool.submit(work, [task], proven) for task in left]
            for number, (task, future) in enumerate(zip(left, futures)):
                try:
                    done, learned = future.result()
                except BrokenProcessPool:
                    yield [Entry(task.row, task.id, error=DIED, inputs=task.inputs)]
                    left = left[number + 1:]
                    break
                gather(known, learned)
                yield done
            else:
                left = []
