"""Translation and edition parity: every file of a guide carries the same sections.

A guide folder holds ``guide.yaml`` and its translations ``guide.<lang>.yaml``
(the article), and each edition in ``editions/<name>/`` with the same file
names. Translations of one edition must match exactly in structure: section
ids, list lengths, exercises, FAQ entries, warning signs and poster designs.
Editions of one language must have the same section ids, nesting and exercises
(their words, lists and FAQ may differ: a plain edition rewrites them).
"""

from __future__ import annotations

from pathlib import Path

from guidepress.check.findings import Finding
from guidepress.content.loader import ARTICLE, guide_files

def _tree(sections) -> list:
    return [(s.id, tuple(s.exercises), _tree(s.sections)) for s in sections]


def _full(guide) -> dict[str, object]:
    def walk(sections):
        return [(s.id, len(s.items), tuple(s.exercises), walk(s.sections)) for s in sections]
    safety = guide.safety
    return {
        "sections (ids, list lengths, exercises)": walk(guide.sections),
        "FAQ entries": len(guide.faq.entries) if guide.faq else 0,
        "warning-sign groups": [(g.urgent, len(g.signs)) for g in safety.groups] if safety else None,
        "poster designs": [(p.id, tuple(p.sections), tuple(p.show), tuple(p.faq), p.safety, p.card)
                           for p in guide.posters],
    }


def _edition(guide) -> dict[str, object]:
    return {"sections (ids and exercises)": _tree(guide.sections),
            "poster designs": [p.id for p in guide.posters]}


def _ids(tree) -> list[str]:
    return [node[0] for node in tree] + [i for node in tree for i in _ids(node[-1])]


def _difference(aspect: str, a, b) -> str:
    """What differs, named where it can be: sections missing or extra."""
    if not aspect.startswith("sections"):
        return ""
    missing = [i for i in _ids(a) if i not in _ids(b)]
    extra = [i for i in _ids(b) if i not in _ids(a)]
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + \
            ([f"extra {', '.join(extra)}"] if extra else [])
    return f" ({'; '.join(parts)})" if parts else " (same ids; their order, nesting, lists or exercises differ)"


def _compare(base: Path, other: Path, a: dict, b: dict, level: str = "error") -> list[Finding]:
    out = []
    for aspect, value in a.items():
        if b[aspect] != value:
            detail = _difference(aspect, value, b[aspect])
            fix = ("they print in the guide's own language until translated" if level == "warning"
                   else "make them match")
            out.append(Finding(level, "parity", f"{aspect} differ from {base.parent.name}/{base.name}"
                               f"{detail}; {fix}", other))
    return out


def parity_findings(folder: Path, load) -> list[Finding]:
    """Findings for every file of the guide folder that breaks parity; ``load(path)``
    returns the validated guide of one file."""
    files = guide_files(folder)
    guides = {key: load(path) for key, path in files.items()}
    out: list[Finding] = []
    editions = sorted({e for e, _ in files}, key=lambda e: (e != ARTICLE, e))
    for edition in editions:
        keys = sorted((k for k in files if k[0] == edition), key=lambda k: (k[1] != "", k[1]))
        for key in keys[1:]:  # a translation that says it is partial is warned, not failed
            out += _compare(files[keys[0]], files[key], _full(guides[keys[0]]), _full(guides[key]),
                            "warning" if guides[key].partial else "error")
    for key in files:
        if key[0] != ARTICLE and (ARTICLE, key[1]) in files:
            base = (ARTICLE, key[1])
            out += _compare(files[base], files[key], _edition(guides[base]), _edition(guides[key]))
    return out
