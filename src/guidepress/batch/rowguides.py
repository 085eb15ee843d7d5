"""Which guide each row of a batch belongs to, for the manifest: every row records
its guide's id, and the header names the one guide or says the batch is "mixed"."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.folders import DEFAULT_GUIDE


def own_guide_id(options) -> str:
    """The id of the batch's own guide (the one a row without a guide gets): its id
    among the known guides, else its folder's name, or its path where that name is
    another guide's id."""
    folder = Path(options.guide_dir or DEFAULT_GUIDE).resolve()
    for name, known in sorted(options.guides.items()):
        if Path(known).resolve() == folder:
            return name
    return str(options.guide_dir) if folder.name in options.guides else folder.name


def row_guides(rows: list, options) -> dict[int, str]:
    """Each row's guide id, by row number: the one its guide column names, else the
    batch's own (a bad row keeps what it names, so the manifest shows it)."""
    own = own_guide_id(options)
    named = {r.number: r.values.get("guide") for r in rows}
    return {n: g.strip() if isinstance(g, str) and g.strip() else own for n, g in named.items()}


def guide_header(options, guides, used: list[str]) -> dict:
    """The header's guide: its title and version, or "mixed" and each guide the good
    rows (``used``, their guide ids) name, by id."""
    own = own_guide_id(options)
    named = {g: guides.get(None, "" if g == own else g).guide for g in sorted(set(used) | {own})}
    titles = {g: f"{guide.title} {guide.version}" for g, guide in named.items()}
    return {"guide": titles[own]} if set(used) <= {own} else {"guide": "mixed", "guides": titles}
