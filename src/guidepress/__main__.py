"""Allow ``python -m guidepress``."""

from guidepress.cli import main

main()
