"""PDF variants (PDF/UA, PDF/A, PDF/X): which ones WeasyPrint offers and the options each needs.

Every guidepress PDF is tagged whatever the variant: a print shop's PDF/X-4
or an archive's PDF/A-3u reads as well with a screen reader as the default
PDF/UA-1. The variant decides what the file claims to conform to (its XMP
identification) and the rules WeasyPrint applies while writing it.
"""

from __future__ import annotations

from functools import lru_cache

from guidepress.errors import UsageError

DEFAULT_VARIANT = "pdf/ua-1"
PRINT_SHOP_VARIANT = "pdf/x-4"  # transparency kept, colours in an output intent


@lru_cache(maxsize=1)
def variants() -> tuple[str, ...]:
    """Every variant the installed WeasyPrint can write, the default first."""
    from weasyprint.pdf import VARIANTS

    names = [name for name in VARIANTS if name.startswith("pdf/")]  # not its "debug" mode
    return (DEFAULT_VARIANT, *sorted(n for n in names if n != DEFAULT_VARIANT))


def check_variant(name: str | None) -> str:
    """``name`` in canonical form (the default for None); a UsageError listing the choices."""
    if name is None:
        return DEFAULT_VARIANT
    canonical = name.strip().lower()
    if canonical not in variants():
        raise UsageError(f'unknown PDF variant "{name}"; choose one of {", ".join(variants())}')
    return canonical


def variant_options(name: str | None) -> dict:
    """The WeasyPrint options for ``name``: the variant, and tags in every case."""
    return {"pdf_variant": check_variant(name), "pdf_tags": True}
