"""The Jinja sandbox templates run in, and a loader that reads only inside its folders.

Templates may come from anyone on a clinic's team: they run in Jinja's immutable
sandbox, with what they may make bounded (``bounds``), and a template whose real
path leads out of the template folders (a symbolic link) is never read. Nor is
anything guidepress wrote: a file in a folder guidepress writes into (one holding
its write record or a batch manifest, such as an output folder under a templates
folder), or a file carrying a patient's mark (a sheet's ``--html``), so a template
cannot print another patient's sheet into this one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from guidepress.confine import read_text
from guidepress.look import bounds
from guidepress.errors import TemplateError
from guidepress.owned import RECORD

# a sheet's HTML names its patient; a template names only the placeholder for one
_PATIENT_MARK = re.compile(r"<meta\s+name=[\"']?guidepress-patient[\"']?\s+content=(?![\"']?\{)",
                           re.IGNORECASE)
_OUTPUT_MARKS = (RECORD, "manifest.json")  # what guidepress leaves in a folder it writes into


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, also bounding what a template makes (``bounds``):
    huge powers (``9 ** 9 ** 9``), texts and lists over ``MAX_TEXT``, and renders
    over ``MAX_STEPS`` loop turns and calls or ``MAX_WORK`` characters."""

    intercepted_binops = frozenset(["**", "*", "%", "+"])

    def __init__(self, **options):
        from guidepress.look.jinjabounds import (BoundedCodeGenerator, BoundedTemplate,
                                                 bounded_filters, bounded_tests)

        self.code_generator_class = BoundedCodeGenerator
        self.template_class = BoundedTemplate
        super().__init__(finalize=bounds.printed, **options)
        del self.filters["pprint"]  # indents by the length of a key: no bound holds it
        self.filters.update(bounded_filters(self.filters))
        self.tests.update(bounded_tests(self.tests))

    # what compiled templates call (see jinjabounds.BoundedCodeGenerator)
    loop_turns = staticmethod(bounds.loop_turns)
    made = staticmethod(bounds.made)
    joinable = staticmethod(bounds.joinable)
    comparable = staticmethod(bounds.comparable)
    charge = staticmethod(bounds.charge)

    def add_filters(self, cost: int = 1, **filters) -> None:
        """Give templates our own ``filters``, bounded like Jinja's (``cost``: how many
        characters of work each character a filter reads counts for)."""
        from guidepress.look.jinjabounds import bounded_filters

        self.filters.update(bounded_filters(filters, cost))

    def call_binop(self, context, operator, left, right):
        numbers = [v for v in (left, right) if isinstance(v, (int, float))]
        if operator == "**" and any(abs(n) > 100 for n in numbers):
            raise SecurityError("powers of numbers over 100 are not allowed in templates")
        if operator == "*" and all(isinstance(v, int) for v in (left, right)):
            bounds.digits(abs(left).bit_length() + abs(right).bit_length())
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
                    bounds.ensure(len(sequence) * max(times, 0))
        if operator == "%" and isinstance(left, (str, bytes)):
            bounds.percent(left.decode("latin-1") if isinstance(left, bytes) else left, right)
        if operator == "+" and (isinstance(left, (str, bytes)) or isinstance(right, (str, bytes))):
            bounds.joinable((left, right))  # Markup + a list prints the list
        return bounds.made(super().call_binop(context, operator, left, right))

    def getattr(self, obj, attribute):
        """``section.items`` is the section's items, not the dict method: a template's data
        are dicts, so a key comes before an attribute of the same name."""
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value):
        """``text.format(...)`` and ``format_map``, with every field's width bounded."""
        from guidepress.look.jinjabounds import bounded_format

        wrapped = super().wrap_str_format(value)
        return None if wrapped is None else bounded_format(self, value)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        """Call from a template: counted, a text method's result checked before it is made."""
        from guidepress.look.jinjabounds import text_method_args

        bounds.step()
        args = text_method_args(__obj, args)
        return bounds.made(super().call(__context, __obj, *args, **kwargs))


TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".j2")


class ConfinedLoader(jinja2.BaseLoader):
    """Templates from one folder, read through the confined reader: a template whose real
    path is outside ``roots`` (a symbolic link), or that is a pipe, device or huge file, is
    never read."""

    def __init__(self, folder: Path, roots: tuple[Path, ...]):
        self.folder, self.roots = Path(folder), roots

    def get_source(self, environment, template):
        path = Path(self.folder, *split_template_path(template))
        if path.suffix.lower() not in TEMPLATE_SUFFIXES:
            # a templates folder may sit beside rosters, manifests or sheets: an include
            # of one would print a patient list into someone's sheet
            raise TemplateError(f'"{template}" is not a template: templates are .html (or '
                                f"{', '.join(TEMPLATE_SUFFIXES[1:])}) files; other files are never read")
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        self._refuse_outputs(path)
        source = read_text(path, "template", self.roots)
        if _PATIENT_MARK.search(source):
            raise TemplateError(_output(path, "it is a patient's sheet"))
        mtime = _mtime(path)
        return source, str(path), lambda: _mtime(path) == mtime


    def _refuse_outputs(self, path: Path) -> None:
        """A template in a folder guidepress writes into (from its own folder up to the
        loader's) is refused: it may be a sheet guidepress made for a patient."""
        folder = path.parent
        while True:
            if any(os.path.lexists(folder / mark) for mark in _OUTPUT_MARKS):
                raise TemplateError(_output(path, f"its folder {folder} is one guidepress "
                                                  "writes into"))
            if folder == self.folder or folder == folder.parent or not folder.is_relative_to(self.folder):
                return
            folder = folder.parent


def _output(path: Path, why: str) -> str:
    return (f"{path}: not a template, {why}; a template never reads what guidepress "
            "made (move output folders out of the templates folder)")


def _mtime(path: Path) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None
