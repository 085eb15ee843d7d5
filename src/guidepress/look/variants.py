"""PDF variants (PDF/UA, PDF/A, PDF/X): which ones WeasyPrint offers and the options each needs.

Every guidepress PDF is tagged whatever the variant: a print shop's PDF/X-4
or an archive's PDF/A-3u reads as well with a screen reader as the default
PDF/UA-1. The variant decides what the file claims to conform to (its XMP
identification) and the rules WeasyPrint applies while writing it.
"""

from __future__ import annotations

from guidepress.errors import UsageError

DEFAULT_VARIANT = "pdf/ua-1"
PRINT_SHOP_NOTE = (
    "for a print shop, add --pdf-variant pdf/x-4 (tagged, transparency kept); with the shop's "
    "CMYK profile in your styles folder's custom.css, @color-profile device-cmyk "
    "{ src: url(shop.icc) }, the file also carries it as its output intent, which PDF/X needs")


# WeasyPrint 70's variants (not its "debug" mode), the default first. Listed here so
# the command line and settings can offer them without importing WeasyPrint.
VARIANTS = (
    DEFAULT_VARIANT, "pdf/ua-2",
    "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u",
    "pdf/a-3a", "pdf/a-3b", "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u",
    "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g",
)


def check_variant(name: str | None) -> str:
    """``name`` in canonical form (the default for None); a UsageError listing the choices."""
    if name is None:
        return DEFAULT_VARIANT
    canonical = name.strip().lower()
    if canonical not in VARIANTS:
        raise UsageError(f'unknown PDF variant "{name}"; choose one of {", ".join(VARIANTS)}')
    return canonical


def variant_options(name: str | None) -> dict:
    """The WeasyPrint options for ``name``: the variant, and tags in every case."""
    return {"pdf_variant": check_variant(name), "pdf_tags": True}
