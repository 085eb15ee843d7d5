"""The wheel carries everything a render needs: content, templates, styles, fonts, labels
and the composer's page; installed alone in a new environment, it renders a routine sheet."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "guidepress"


def test_wheel_ships_every_data_file(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "--quiet", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("guidepress-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    needed = [p for folder in ("guide", "templates", "styles", "messages", "serve/static")
              for p in (PACKAGE / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(needed) > 60
    missing = [str(p.relative_to(PACKAGE.parent)) for p in needed
               if str(p.relative_to(PACKAGE.parent)) not in shipped]
    assert missing == []
    assert "guidepress/cli.py" in shipped


def test_the_installed_wheel_renders_a_routine_sheet(tmp_path):
    """Build the wheel, install it alone into a new virtual environment and render a
    sheet with its ``guidepress`` command: templates, styles, fonts, the built-in guide
    and exercise library must all come from the wheel, not from this checkout.

    The new environment takes its dependencies (WeasyPrint and the rest) from the one
    running the tests, by a path file: no index is asked for anything. That folder's own
    path files are not run, so the checkout's editable install stays out of sight."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True)
    wheel = next((tmp_path / "dist").glob("guidepress-*.whl"))
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(_ask(python, "import sysconfig; print(sysconfig.get_paths()['purelib'])"))
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    where = Path(_ask(python, "import guidepress; print(guidepress.__file__)"))
    assert where.is_relative_to(site), f"guidepress came from {where}, not the new environment"
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run([str(env_dir / "bin" / "guidepress"), "routine", "--patient", "Ana",
                           "-e", "bridge 2x12", "-o", "ana.pdf"], cwd=work,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "warning" not in done.stderr.lower(), done.stderr[-2000:]  # WeasyPrint's included
    text = " ".join(page.extract_text() for page in PdfReader(work / "ana.pdf").pages)
    assert "Ana" in text and "Bridge" in text


def _ask(python: Path, code: str) -> str:
    """What ``code`` prints when run by ``python`` outside the checkout."""
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                          check=True, cwd=python.parent).stdout.strip()
