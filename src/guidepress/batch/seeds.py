"""Sizes a batch's workers learned, handed on to the workers of its next pool.

A batch renews its pool of workers every so many sheets (``export.RENEW_AFTER``);
without this, each new worker would measure again every card the old ones had
measured. Each chunk's results carry the sizes its worker learned since its last
chunk (hashes of markup, and millimetres: nothing a patient could be read from);
the batch gathers them, and a new pool's workers start from what was gathered.
Sizes passed on are only a starting point: every layout is checked as ever.
"""

from __future__ import annotations

# (renderer's guide and language, scope) -> table -> key -> size
Known = dict[tuple, dict[str, dict]]


def learned(renderers: dict, said: dict) -> Known:
    """What the ``renderers``' size caches hold that ``said`` does not (then noted in it)."""
    new: Known = {}
    for which, renderer in renderers.items():
        for scope, sizes in getattr(renderer, "unit_sizes", {}).items():
            for table, entries in [*sizes.tables.items(), ("last_heads", sizes.last_heads)]:
                for key, value in entries.items():
                    if said.get((which, scope, table, key)) != value:
                        said[which, scope, table, key] = value
                        new.setdefault((which, scope), {}).setdefault(table, {})[key] = value
    return new


def gather(known: Known, new: Known) -> None:
    """Add what a worker ``learned`` to what the batch ``known``."""
    for place, tables in new.items():
        for table, entries in tables.items():
            known.setdefault(place, {}).setdefault(table, {}).update(entries)


def seed(renderer, which: tuple, known: Known) -> None:
    """Start a worker's new renderer for ``which`` guide and language from ``known``."""
    from guidepress.layout.sizes import Sizes  # here, not above: a run with nothing to
    # render never lays anything out
    caches = renderer.__dict__.setdefault("unit_sizes", {})
    for (place, scope), tables in known.items():
        if place != which or scope in caches:
            continue
        sizes = caches[scope] = Sizes(scope, list(renderer.fetcher.roots))
        for table, entries in tables.items():
            if table == "last_heads":
                sizes.last_heads.update(entries)
            else:
                for key, value in entries.items():
                    sizes.put(table, key, value)
