"""The form-field check of ``guidepress check``: each field has a spoken name (/TU) of
its own and something to draw for each state, and the field tree holds no loop.

A PDF handed to ``check`` may be hostile: the walk of its field tree visits each
field dictionary once, reads a bounded number of references (``MAX_FIELDS``, counted
before an array is read) to a bounded depth, so its cost grows with the file's size.
"""

from __future__ import annotations

from collections import Counter, deque

import pikepdf

from guidepress.check.report import Finding, ok

MAX_FIELDS = 50_000  # references to fields and their parts (/Fields, /Kids) read in one file
MAX_DEPTH = 64       # fields inside fields (a real form nests a few levels)
DRAWN = (pikepdf.Dictionary, pikepdf.Stream)  # what an appearance (/AP /N) may be


class _TooMany(Exception):
    """The field tree passes a bound (the message says which)."""


class _Walk:
    """The references read so far, under the cap."""

    def __init__(self) -> None:
        self.read = 0

    def items(self, array) -> list:
        """The dictionaries in ``array`` (a /Fields or /Kids value), counted before read."""
        if not isinstance(array, pikepdf.Array):
            return []
        self.read += len(array)
        if self.read > MAX_FIELDS:
            raise _TooMany(f"more than {MAX_FIELDS:,} references to form fields")
        return [item for item in array if isinstance(item, pikepdf.Dictionary)]


def check_fields(pdf) -> list[Finding]:
    """Form fields have spoken names (/TU), each different, and appearances for each state."""
    form = pdf.Root.get("/AcroForm")
    if form is None:
        return []
    roots = form.get("/Fields", pikepdf.Array())
    try:
        looped = _looped(roots, _Walk())
        fields = terminal_fields(roots, _Walk())
    except _TooMany as exc:
        return [Finding("form fields", "error", f"{exc}: the form fields were not checked")]
    found = []
    if looped:
        found.append(Finding("form fields", "error", "a field contains itself (a loop in /Kids): "
                             "viewers and screen readers may loop or stop on the form"))
    names = Counter(str(f.get("/TU", "")).strip() for f in fields)
    if names.get(""):
        found.append(Finding("form fields", "error", f"{names['']} fields without a tooltip (/TU)"))
    for name, times in names.items():
        if name and times > 1:
            found.append(Finding("form fields", "error", f'{times} fields share the tooltip "{name}"'))
    for field in fields:  # one line per field, however many widgets lack the state
        states = _missing_states(field)
        if states:
            found.append(Finding("form fields", "error", f'field "{field.get("/T")}" has no appearance '
                                 f"for {', '.join(states)}"))
    for number, page in enumerate(pdf.pages, start=1):
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            found.append(Finding("form fields", "warning", "tab order does not follow the structure "
                                 "(/Tabs /S)", f"page {number}"))
    return found or [ok("form fields", f"{len(fields)} fields, each with its own tooltip and appearances")]


def terminal_fields(roots, walk: _Walk) -> list:
    """Each field once: a radio group stands for its buttons (some writers list both)."""
    found, seen = [], set()
    queue = deque((field, 0) for field in walk.items(roots))
    while queue:
        field, depth = queue.popleft()
        if field.objgen in seen:
            continue
        if field.objgen != (0, 0):  # a direct object cannot be reached twice
            seen.add(field.objgen)
        kids = walk.items(field.get("/Kids"))
        if kids and all("/T" in k and "/FT" in k and k.get("/FT") != field.get("/FT") for k in kids):
            if depth >= MAX_DEPTH:
                raise _TooMany(f"fields nested more than {MAX_DEPTH} deep")
            queue.extendleft((kid, depth + 1) for kid in reversed(kids))  # a container of fields
            continue
        seen.update(k.objgen for k in kids)
        found.append(field)
    return [f for f in found if f.get("/Parent") is None or f.Parent.objgen not in seen]


def _looped(roots, walk: _Walk) -> bool:
    """Whether a field is among its own parts, through /Kids (depth-first, each field once)."""
    done: set = set()
    for root in walk.items(roots):
        path, stack = set(), [(root, None)]
        while stack:
            node, kids = stack[-1]
            if kids is None:
                if len(stack) > MAX_DEPTH:
                    raise _TooMany(f"fields nested more than {MAX_DEPTH} deep")
                kids = iter(walk.items(node.get("/Kids")) if node.objgen not in done else ())
                stack[-1] = (node, kids)
                path.add(node.objgen)
            kid = next(kids, None)
            if kid is None:
                stack.pop()
                path.discard(node.objgen)
                if node.objgen != (0, 0):  # a direct object cannot be reached twice
                    done.add(node.objgen)
            elif kid.objgen != (0, 0) and kid.objgen in path:
                return True
            elif kid.objgen not in done:
                stack.append((kid, None))
    return False


def _missing_states(field) -> list[str]:
    """States of a field (or of its widgets, for a radio group) that have nothing to draw."""
    kids = field.get("/Kids")
    widgets = [k for k in kids if isinstance(k, pikepdf.Dictionary)] if kids is not None else [field]
    missing = []
    for widget in widgets:
        normal = widget.get("/AP", {}).get("/N") if "/AP" in widget else None
        if normal is None:
            missing.append("any state (no /AP)")
        elif not isinstance(normal, DRAWN):
            missing.append("any state (its /AP /N is not a drawing)")
        elif field.get("/FT") == "/Btn" and isinstance(normal, pikepdf.Dictionary):
            states = {key for key, value in normal.items() if isinstance(value, pikepdf.Stream)}
            missing += ["/Off"] * ("/Off" not in states) + ["the on state"] * (not states - {"/Off"})
    return sorted(set(missing))
