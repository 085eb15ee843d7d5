"""What guidepress runs on: versions and whether fast font subsetting is available."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("guidepress")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"


def harfbuzz_subset_available() -> bool:
    """True when WeasyPrint found libharfbuzz-subset (3-4x faster font subsetting)."""
    from weasyprint.text import ffi

    return getattr(ffi, "harfbuzz_subset", None) is not None


def cjk_font() -> str | None:
    """A system font that prints Chinese, Japanese and Korean text, if there is one."""
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return None
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    families = sorted({line.split(",")[0].strip() for line in found.stdout.splitlines() if line.strip()})
    return families[0] if families else None


def report() -> list[tuple[str, str]]:
    """Name and version of guidepress and the libraries it renders and checks with."""
    import pikepdf
    import pypdf
    import pypdfium2
    import weasyprint
    from weasyprint.text.ffi import pango

    number = pango.pango_version()
    pango_version = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    subset = ("available" if harfbuzz_subset_available() else
              "MISSING: install libharfbuzz-subset0 (Debian/Ubuntu) for 3-4x faster rendering")
    return [
        ("guidepress", __version__),
        ("WeasyPrint", weasyprint.__version__),
        ("pypdf", pypdf.__version__),
        ("pikepdf (tags when merging and imposing)", pikepdf.__version__),
        ("pypdfium2 (guidepress check)", f"{pypdfium2.PYPDFIUM_INFO}, pdfium {pypdfium2.PDFIUM_INFO}"),
        ("Pango", pango_version),
        ("HarfBuzz subsetting", subset),
        ("CJK font", cjk_font() or "MISSING: install fonts-droid-fallback (Debian/Ubuntu) "
                                   "to print Chinese, Japanese and Korean text"),
    ]
