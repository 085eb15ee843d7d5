"""Where the built-in content, templates, styles and message catalogs live in the package."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_GUIDES = PACKAGE_DIR / "guide"
BUILTIN_LIBRARY = BUILTIN_GUIDES / "exercises"
BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
BUILTIN_STYLES = PACKAGE_DIR / "styles"
MESSAGES = PACKAGE_DIR / "messages"
