"""The Jinja sandbox templates run in, and a loader that reads only inside its folders.

Templates may come from anyone on a clinic's team: they run in Jinja's immutable
sandbox, with huge powers and repetitions refused, and a template whose real path
leads out of the template folders (a symbolic link) is never read.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from guidepress.confine import confined
from guidepress.errors import GuidepressError, TemplateError


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


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file-system loader that refuses a template whose real path is outside ``roots``,
    before reading it (so a link to a device or a secret is never opened)."""

    def __init__(self, folder: Path, roots: tuple[Path, ...]):
        super().__init__(str(folder))
        self.roots = roots

    def get_source(self, environment, template):
        for folder in self.searchpath:
            candidate = Path(folder, *split_template_path(template))
            if candidate.is_file():
                try:
                    confined(candidate, self.roots, "template")
                except GuidepressError as exc:
                    raise TemplateError(str(exc)) from None
                break
        return super().get_source(environment, template)
