"""PDF variants (PDF/UA, PDF/A, PDF/X): which ones WeasyPrint offers and the options each needs.

Every guidepress PDF is tagged whatever the variant, and the archival and print
variants built on PDF 1.x also claim PDF/UA-1 beside their own identification:
an archive's PDF/A-3a or a print shop's PDF/X-4 reads as well with a screen
reader as the default PDF/UA-1. The variant decides what the file claims to
conform to (its XMP identification) and the rules WeasyPrint applies while
writing it.

PDF/X describes a print condition, so a PDF/X variant needs a CMYK ICC profile:
the print shop's (``@color-profile device-cmyk`` in a stylesheet, or
``print_profile`` in guidepress.toml), else a general-purpose one installed
with the system (Ghostscript's, Debian's ``libgs-common``). Without one the
variant is refused rather than claimed without the output intent it requires.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.errors import UsageError

DEFAULT_VARIANT = "pdf/ua-1"
PRINT_SHOP_NOTE = (
    "for a print shop, add --pdf-variant pdf/x-4 (tagged, transparency kept, CMYK output "
    "intent); with the shop's own CMYK profile in your styles folder's custom.css, "
    "@color-profile device-cmyk { src: url(shop.icc) }, or print_profile in guidepress.toml, "
    "the file carries that one")


# WeasyPrint 70's variants (not its "debug" mode), the default first. Listed here so
# the command line and settings can offer them without importing WeasyPrint.
VARIANTS = (
    DEFAULT_VARIANT, "pdf/ua-2",
    "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u",
    "pdf/a-3a", "pdf/a-3b", "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u",
    "pdf/x-3", "pdf/x-4", "pdf/x-5g",
)
# WeasyPrint offers it, but its pages would not meet it: left out of the choices, and
# refused with the reason when asked for by name (from an older guidepress.toml, say)
UNMET = {"pdf/x-1a": "PDF/X-1a allows only CMYK and spot colours, and guidepress's pages are "
                     "designed in RGB; choose pdf/x-4, which carries them characterised for the "
                     "print shop to convert"}

# CMYK profiles that system packages install, tried in order when no print shop's
# profile is given: Ghostscript's general-purpose SWOP profile (Debian: libgs-common).
SYSTEM_CMYK_PROFILES = (Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),)
NO_PROFILE_HELP = (
    "{variant} needs the CMYK colour profile of the press it prints on: set "
    'print_profile = "shop.icc" in the defaults of guidepress.toml, or add @color-profile '
    "device-cmyk {{ src: url(shop.icc) }} to custom.css in your styles folder, or install "
    "a general-purpose one with Ghostscript (Debian: apt-get install libgs-common, which "
    "sh scripts/install.sh does as root)")


def check_variant(name: str | None) -> str:
    """``name`` in canonical form (the default for None); a UsageError listing the choices."""
    if name is None:
        return DEFAULT_VARIANT
    canonical = name.strip().lower()
    if canonical in UNMET:
        raise UsageError(f'PDF variant "{name}": {UNMET[canonical]}')
    if canonical not in VARIANTS:
        raise UsageError(f'unknown PDF variant "{name}"; choose one of {", ".join(VARIANTS)}')
    return canonical


def variant_options(name: str | None, print_profile: Path | None = None) -> dict:
    """The render options for ``name``: the variant, tags in every case, and for PDF/X
    the CMYK profile to print with (``print_profile``, else the system's) unless a
    stylesheet names one."""
    variant = check_variant(name)
    options = {"pdf_variant": variant, "pdf_tags": True}
    if needs_cmyk_profile(variant):
        options["cmyk_profile"] = print_profile or system_cmyk_profile()
    return options


def also_claims_ua(name: str) -> bool:
    """Whether a variant's file also claims PDF/UA-1: the tagged PDF 1.x variants that
    do not claim it already. PDF/A-4 is PDF 2.0, which PDF/UA-1 does not cover."""
    return not name.startswith(("pdf/ua", "pdf/a-4"))


def needs_cmyk_profile(name: str) -> bool:
    """Whether a variant must carry a CMYK output intent (every PDF/X)."""
    return name.startswith("pdf/x")


def icc_colour_space(path: Path) -> str:
    """The colour space an ICC profile's header names ("CMYK", "RGB", "GRAY"...), or
    "" when the file is too short to be a profile."""
    with open(path, "rb") as stream:
        header = stream.read(20)
    return header[16:20].decode("latin-1").strip() if len(header) == 20 else ""


def system_cmyk_profile() -> Path | None:
    """The first CMYK profile a system package installed, if any."""
    return next((p for p in SYSTEM_CMYK_PROFILES if p.is_file()), None)
