"""Findings of ``guidepress check`` and how they are shown: a rich report for people,
JSON for tools. An error-level finding fails the check (exit code 1).

A finding may quote a PDF's own text (a heading, a link, a field's name), which
anyone may have written: every control character in it (C0 but tab and newline,
DEL, C1, so ESC too) is shown as ``\\xNN``, so a hostile PDF cannot clear, move or
retitle the terminal through the report or the JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

LEVELS = ("ok", "info", "warning", "error")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MARKS = {"ok": "[green]✓[/]", "info": "[cyan]·[/]", "warning": "[yellow]![/]", "error": "[bold red]✗[/]"}


@dataclass(frozen=True)
class Finding:
    """One result: which check, how serious, what was found and where."""

    check: str
    level: str
    message: str
    where: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")
        for name in ("check", "message", "where"):  # frozen: set once, as it is made
            object.__setattr__(self, name, visible(getattr(self, name)))


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _line(text: str) -> str:
    """A finding on one line: a line break in text quoted from the PDF (a font's name)
    is shown as ``\n``, so it cannot print lines that look like the report's own."""
    return visible(text).replace("\n", "\\n").replace("\t", " ")


def ok(check: str, message: str) -> Finding:
    """A check that passed, with what it measured."""
    return Finding(check, "ok", message)


def failed(findings: Iterable[Finding], strict: bool = False) -> bool:
    """Whether any finding is an error (or, when ``strict``, a warning)."""
    return any(f.level == "error" or (strict and f.level == "warning") for f in findings)


def as_finding(item) -> Finding:
    """A Finding from another checker's finding with ``level``, ``message`` and a
    ``code`` (or ``check``), placed by its ``location()`` (or ``where``)."""
    if isinstance(item, Finding):
        return item
    check = getattr(item, "code", None) or getattr(item, "check", None) or "guide"
    where = item.location() if hasattr(item, "location") else getattr(item, "where", "")
    return Finding(str(check), str(item.level), str(item.message), str(where or ""))


def to_json(subject: str, findings: list[Finding], strict: bool = False) -> str:
    """The findings for ``subject`` as a JSON document."""
    return json.dumps({"subject": visible(subject), "passed": not failed(findings, strict),
                       "errors": sum(f.level == "error" for f in findings),
                       "warnings": sum(f.level == "warning" for f in findings),
                       "findings": [asdict(f) for f in findings]}, indent=2, ensure_ascii=False)


def print_report(console, subject: str, findings: list[Finding], strict: bool = False) -> None:
    """A readable report: one line per finding, grouped by check, then a verdict."""
    from rich.markup import escape

    console.print(f"[bold]{escape(visible(subject))}[/]", soft_wrap=True)
    for finding in findings:
        where = f" [dim]({escape(_line(finding.where))})[/]" if finding.where else ""
        console.print(f"  {MARKS[finding.level]} [bold]{escape(finding.check)}[/]: "
                      f"{escape(_line(finding.message))}{where}", soft_wrap=True)
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    verdict = "[bold red]failed[/]" if failed(findings, strict) else "[bold green]passed[/]"
    console.print(f"  {verdict}: {errors} error{'s' * (errors != 1)}, "
                  f"{warnings} warning{'s' * (warnings != 1)}", soft_wrap=True)
