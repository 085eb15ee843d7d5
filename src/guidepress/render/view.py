"""What a template may see: the render context as plain data, never a model.

A template comes from anyone on a clinic's team, so it gets text, numbers,
dates, markup, lists and dicts, and nothing with methods that parse, load,
validate or construct (pydantic's ``parse_raw``/``parse_file`` on a model
would unpickle or read any file). ``plain`` is the one gate every context
passes on its way to a template: the models it knows become dicts of their
fields (with what templates used to compute by calling a method, such as a
dose's summary, computed here), plain values pass, and anything else is a
``TypeError`` naming where it was, so a new model slipped into a context fails
in the tests rather than reaching a template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from markupsafe import Markup
from pydantic import BaseModel

from guidepress.content.doses import Dose, Prescribed
from guidepress.content.exercises import Exercise, ExerciseLibrary
from guidepress.content.layers import LayeredLibrary
from guidepress.content.guide import (Faq, FaqEntry, Guide, Item, PosterDesign, Safety, Section,
                                      WarningGroup)
from guidepress.content.labels import Labels
from guidepress.content.prescription import ExerciseLine, Prescription, PrescriptionFile
from guidepress.look.filters import figure_image, figure_style, frame_images, label_sides
from guidepress.look.paper import PageSize, Paper

# Values a template may hold as they are (bool and the numbers included; str subclasses
# other than Markup, such as enums, are not: they carry their class's methods).
LEAVES = (str, Markup, int, float, bool, Decimal, dt.date, dt.datetime, type(None))

LONGEST_NAME = 200  # characters in the longest name exercise(name) looks up

# Content models whose fields are all a template sees of them.
FIELD_MODELS = (Guide, Section, Item, Faq, FaqEntry, Safety, WarningGroup, PosterDesign,
                PrescriptionFile, ExerciseLine)


class Words(dict):
    """A language's labels as a dict; reading one through a template still notes
    the labels that fell back to English (``Labels.warnings``)."""

    __slots__ = ("_labels",)

    def __init__(self, labels: Labels):
        super().__init__(labels.words())
        self._labels = labels

    def __getitem__(self, key):
        return self._labels[key]


class Lookup:
    """``exercise(name)`` in a template: an exercise of the library, as data."""

    __slots__ = ("_library", "_words", "_memo")

    def __init__(self, library: ExerciseLibrary, words: Labels | None, memo: dict):
        self._library, self._words, self._memo = library, words, memo

    def __call__(self, name: str) -> dict:
        if len(str(name)) > LONGEST_NAME:  # no exercise is named so; not matched letter by letter
            raise LookupError(f"no exercise has a name of {len(str(name)):,} characters")
        return plain(self._library.resolve(str(name)), self._words, f"exercise({name!r})",
                     self._memo)


def plain(value, words: Labels | None = None, where: str = "context", memo: dict | None = None):
    """``value`` as plain data for a template; ``words`` are the labels dose texts are
    written in; ``memo`` keeps the views made so far. A TypeError names any value that
    is neither plain nor a known model."""
    memo = {} if memo is None else memo
    kind = type(value)
    if kind in LEAVES or kind in (Words, Lookup):
        return value
    if kind is dict:
        return {key: plain(item, words, f"{where}[{key!r}]", memo) for key, item in value.items()}
    if kind in (list, tuple):
        return kind(plain(item, words, f"{where}[{i}]", memo) for i, item in enumerate(value))
    if kind in (set, frozenset):  # membership is all a template asks of a set
        return sorted(plain(item, words, where, memo) for item in value)
    view = _VIEWS.get(kind)
    if view is None and kind in FIELD_MODELS:
        view = _fields
    if view is None:
        raise TypeError(f"{where}: a {kind.__module__}.{kind.__qualname__} is not plain data "
                        "and has no view for templates (render/view.py)")
    made = memo.get(id(value))
    if made is None or made[0] is not value:  # one view per model, however often it is named
        made = memo[id(value)] = (value, plain(view(value, words, memo), words, where, memo))
    return made[1]


def _fields(model: BaseModel, words, memo) -> dict:
    return {name: getattr(model, name) for name in type(model).model_fields}


def exercise_view(ex: Exercise, words: Labels | None, memo: dict | None = None) -> dict:
    """An exercise as a template sees it: its words, its default dose and its figure."""
    return plain({
        **{name: getattr(ex, name) for name in ("id", "name", "aliases", "category", "purpose",
                                                 "steps", "short_steps", "tips", "stop_if", "muscles",
                                                 "easier", "harder", "alt", "link")},
        "dose": ex.dose,
        "figure": {"frame_names": ex.figure.frame_names, "image": figure_image(ex),
                   "frames": frame_images(ex), "size": figure_style(ex),
                   "label_sides": label_sides(ex)},
    }, words, f"exercise {ex.id}", memo)


def _dose(dose: Dose, words, memo) -> dict:
    return {**_fields(dose, words, memo), "summary": dose.summary(words)}


def _prescription(rx: Prescription, words, memo) -> dict:
    return {"form": rx.form, "items": rx.items, "who": rx.who, "start": rx.start,
            "sheet_id": rx.sheet_id}


def _prescribed(item: Prescribed, words, memo) -> dict:
    return {"exercise": item.exercise, "dose": item.dose, "note": item.note, "text": item.text}


def _page_size(size: PageSize, words, memo) -> dict:
    return {**dataclasses.asdict(size), "css": size.css, "landscape": size.landscape}


def _paper(paper: Paper, words, memo) -> dict:
    return {"name": paper.value, "css": paper.css}


def _labels(labels: Labels, words, memo) -> Words:
    return Words(labels)


_VIEWS = {
    Exercise: exercise_view,
    ExerciseLibrary: Lookup,
    LayeredLibrary: Lookup,  # a guide's own exercises over the shared library
    Dose: _dose,
    Prescription: _prescription,
    Prescribed: _prescribed,
    PageSize: _page_size,
    Paper: _paper,
    Labels: _labels,
}


def template_context(context: Mapping) -> dict:
    """The context a template receives: ``context`` through ``plain``, with dose texts
    in the language of its labels."""
    labels = context.get("labels")
    return plain(dict(context), labels if isinstance(labels, Labels) else None, memo={})
