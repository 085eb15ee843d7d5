"""Allow ``python -m guidepress``."""

from .cli import app

app(prog_name="guidepress")
