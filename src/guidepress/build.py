"""``guidepress build``: every product of a guide into one output folder."""

from __future__ import annotations

from pathlib import Path

from .guides import load_guide
from .handout import handout_name, write_handout
from .pages import Paper
from .products import Written
from .resources import Resources

DEFAULT_OUTPUT = Path("output")


def build(guide_dir: Path | None = None, out_dir: Path = DEFAULT_OUTPUT, *,
          paper: Paper = Paper.a4, resources: Resources | None = None) -> list[Written]:
    """Render the guide's products into ``out_dir`` and return what was written."""
    source = load_guide(guide_dir)
    resources = resources or Resources()
    return [write_handout(source, Path(out_dir) / handout_name(source),
                          paper=paper, resources=resources)]
