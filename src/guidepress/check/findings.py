"""What a check reports: findings with a level, a code, a message and a place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from guidepress.content.problems import format_loc
from guidepress.confine import OWN_FOLDER, read_text
from guidepress.content.yamlfile import read_yaml

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One result of a check. ``level`` "error" fails the check, "warning" asks for a
    look, "info" reports a measurement (such as a section's grade)."""

    level: Level
    code: str
    message: str
    file: Path | None = None
    line: int | None = None
    where: str = ""

    def location(self) -> str:
        """``guide.yaml line 40, sections[1].body``, or what of it is known."""
        place = self.file.name if self.file else ""
        if self.line:
            place += f" line {self.line}"
        if self.where:
            place += f", {self.where}" if place else self.where
        return place

    def as_dict(self) -> dict[str, Any]:
        """The finding as plain data, for ``--json``."""
        return {"level": self.level, "code": self.code, "message": self.message,
                "file": str(self.file) if self.file else None, "line": self.line, "where": self.where}


def errors(findings: list[Finding]) -> list[Finding]:
    """The error-level findings, those that fail a check."""
    return [f for f in findings if f.level == "error"]


WINDOW = 40_000  # characters after a key searched for a sentence: past them, the key's line


class Locator:
    """Lines in one YAML content file: of a key path, and of a sentence inside its value."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = read_yaml(path)
        self.lines = read_text(path, "content", OWN_FOLDER).splitlines()
        self._windows: dict[int, str] = {}

    def key_line(self, loc: tuple) -> int | None:
        """1-based line of the deepest key of ``loc`` present in the file."""
        node, line = self.data, None
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line, node = node.lc.key(part)[0] + 1, node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, node = node.lc.item(part)[0] + 1, node[part]
            else:
                break
        return line

    def sentence_line(self, loc: tuple, words: tuple[str, ...]) -> int | None:
        """The line where a sentence starting with ``words`` begins, searching from
        its key's line (a folded or literal value may span many lines)."""
        start = self.key_line(loc)
        if start is None or not words:
            return start
        pattern = re.compile(r"\W+".join(re.escape(w) for w in words[:4]), re.IGNORECASE)
        if start not in self._windows:  # one window a key, searched for each of its sentences
            self._windows[start] = "\n".join(self.lines[start - 1:start + 80])[:WINDOW]
        window = self._windows[start]
        match = pattern.search(window)
        return start + window.count("\n", 0, match.start()) if match else start


def where(loc: tuple) -> str:
    """A key path as written in messages: ``sections[2].items[0].text``."""
    return format_loc(loc)
