"""The wheel carries everything a render needs: content, templates, styles, fonts, labels."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "guidepress"


def test_wheel_ships_every_data_file(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "--quiet", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("guidepress-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    needed = [p for folder in ("guide", "templates", "styles", "messages")
              for p in (PACKAGE / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(needed) > 60
    missing = [str(p.relative_to(PACKAGE.parent)) for p in needed
               if str(p.relative_to(PACKAGE.parent)) not in shipped]
    assert missing == []
    assert "guidepress/cli.py" in shipped
