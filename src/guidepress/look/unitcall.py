"""``unit`` in templates: ``{% call unit("card") %}...{% endcall %}`` marks a unit
of a product whose pages are planned (``layout.units``). The layout that fills
the template sets who records the units; any other fill prints the markup as it is."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from markupsafe import Markup

_RECORDER: ContextVar = ContextVar("guidepress_units", default=None)


def unit(kind: str, caller, anchor: str = "") -> Markup:
    """The unit's markup, as the fill's recorder prints it (as it is when none).
    ``anchor``: the id a page reference may point to, kept when the unit is left out."""
    recorder = _RECORDER.get()
    return recorder(str(kind), caller, str(anchor)) if recorder is not None else Markup(caller())


@contextmanager
def recording(recorder):
    """Fill templates with ``recorder`` taking each unit."""
    token = _RECORDER.set(recorder)
    try:
        yield recorder
    finally:
        _RECORDER.reset(token)
