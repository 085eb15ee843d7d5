"""Allow ``python -m guidepress``."""

from guidepress.cli import app

app(prog_name="guidepress")
