"""guidepress: structured guide content to printable PDFs for clinics."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("guidepress")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
