"""guidepress: structured guide content to printable PDFs for clinics.

The library behind the ``guidepress`` command. A typical script::

    import guidepress

    settings = guidepress.resolve_settings(paper="letter", theme="large-print")
    source = guidepress.load_guide(settings.guide_dir)
    guidepress.write_handout(source, settings.out_dir / "handout.pdf",
                             paper=settings.paper, resources=settings.resources)

Names are imported on first use, so ``import guidepress`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module

from guidepress.versions import __version__

_API = {
    "load_guide": "guidepress.content.loader",
    "load_prescription": "guidepress.content.prescription",
    "resolve_settings": "guidepress.config.settings",
    "Settings": "guidepress.config.settings",
    "Paper": "guidepress.look.paper",
    "Resources": "guidepress.look.resources",
    "build": "guidepress.products.build",
    "render_handout": "guidepress.products.handout",
    "write_handout": "guidepress.products.handout",
    "write_booklet": "guidepress.products.handout",
    "render_routine": "guidepress.products.routine",
    "write_routine": "guidepress.products.routine",
    "write_poster": "guidepress.products.posters",
    "write_card": "guidepress.products.posters",
    "export_batch": "guidepress.batch.export",
    "BatchOptions": "guidepress.batch.export",
    "GuidepressError": "guidepress.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'guidepress' has no attribute {name!r}")
