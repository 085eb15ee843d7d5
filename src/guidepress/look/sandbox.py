"""The Jinja sandbox templates run in, and a loader that reads only inside its folders.

Templates may come from anyone on a clinic's team: they run in Jinja's immutable
sandbox, with huge powers and repetitions refused, and a template whose real path
leads out of the template folders (a symbolic link) is never read.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from guidepress.confine import read_text


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, also refusing the huge powers and repetitions
    (``9 ** 9 ** 9``, ``"x" * 10 ** 9``) that would hang a render or fill memory."""

    intercepted_binops = frozenset(["**", "*"])

    def call_binop(self, context, operator, left, right):
        numbers = [v for v in (left, right) if isinstance(v, (int, float))]
        if operator == "**" and any(abs(n) > 100 for n in numbers):
            raise SecurityError("powers of numbers over 100 are not allowed in templates")
        if operator == "*" and len(numbers) == 1 and abs(numbers[0]) > 10_000:
            raise SecurityError("repeating a text or list over 10,000 times is not allowed")
        return super().call_binop(context, operator, left, right)


class ConfinedLoader(jinja2.BaseLoader):
    """Templates from one folder, read through the confined reader: a template whose real
    path is outside ``roots`` (a symbolic link), or that is a pipe, device or huge file, is
    never read."""

    def __init__(self, folder: Path, roots: tuple[Path, ...]):
        self.folder, self.roots = Path(folder), roots

    def get_source(self, environment, template):
        path = Path(self.folder, *split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        source = read_text(path, "template", self.roots)
        mtime = _mtime(path)
        return source, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None
