"""guidepress: structured guide content to printable PDFs for clinics."""

from guidepress.versions import __version__

__all__ = ["__version__"]
