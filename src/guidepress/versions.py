"""What guidepress runs on: versions, whether fast font subsetting is available,
and WeasyPrint itself, imported only when something is rendered.

Commands that render nothing (``--help``, ``check``, ``exercises --json``, a
batch or build with nothing to do) never call ``load_weasyprint`` and so never
pay for the import.
"""

from __future__ import annotations

import contextlib
import io
import sys

# The one place the version is written: pyproject.toml reads it from here. (Asking
# importlib.metadata instead cost every command, even --help, some 70 ms.)
__version__ = "0.1.0"


def harfbuzz_subset_available() -> bool:
    """True when WeasyPrint found libharfbuzz-subset (3-4x faster font subsetting)."""
    load_weasyprint()
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

    weasyprint = load_weasyprint()
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
        ("web server (guidepress serve)", _web_server()),
    ]


def _web_server() -> str:
    """Starlette and uvicorn's versions, or how to install them (the extra "serve")."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"Starlette {version('starlette')}, uvicorn {version('uvicorn')}"
    except PackageNotFoundError:
        return 'not installed: pip install "guidepress[serve]" for the composer in the browser'


def load_weasyprint():
    """The ``weasyprint`` module, imported on first use.

    For each C library WeasyPrint tries several names, and for each name it
    cannot open directly cffi asks ``ctypes.util.find_library``, which on Linux
    runs ``ldconfig -p`` and, where a compiler is installed, ``gcc`` and ``ld``:
    dozens of programs, a sizeable share of the import. Every list also holds the
    library's soname (``libpango-1.0.so.0``), which the dynamic loader finds
    in its own cache, the same place ``ldconfig`` looks. So on Linux the probe
    is switched off for the import and the sonames are loaded directly; if that
    fails on some unusual system, the import is simply done again the usual way.
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    if sys.platform.startswith("linux"):
        try:
            with _no_library_probe(), contextlib.redirect_stdout(io.StringIO()):
                import weasyprint
            return weasyprint
        except OSError:
            for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
    import weasyprint

    return weasyprint


@contextlib.contextmanager
def _no_library_probe():
    import ctypes.util

    probe = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = probe
