"""The HTML written with ``--html`` never shows where files are on this machine: the
clinic's logo, stylesheets and guide folder are linked by relative paths that
still lead to the same files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin
from urllib.request import url2pathname

import pytest
from conftest import FIXTURE_GUIDE

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#1d5b86"/></svg>')


@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(FIXTURE_GUIDE, tmp_path / "guide")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo mark.svg").write_text(LOGO)
    (tmp_path / "guidepress.toml").write_text(
        '[clinic]\nname = "Riverside"\nlogo = "brand/logo mark.svg"\n[defaults]\nguide = "guide"\n')
    return tmp_path


def resolved(html_file: Path, url: str) -> Path:
    """The file a relative URL in ``html_file`` leads to, through its <base>."""
    base = re.search(r'<base href="([^"]+)"', html_file.read_text(encoding="utf-8"))[1]
    joined = urljoin(urljoin(html_file.as_uri(), base), url)
    return Path(url2pathname(unquote(joined.removeprefix("file://")))).resolve()


@pytest.mark.parametrize("command", [
    ["handout", "-o", "out/handout.pdf"],
    ["routine", "--patient", "Ana", "-e", "bridge 2x10", "-o", "out/sheet.pdf"],
    ["batch", "r.csv", "--workers", "1", "--out", "out"],
])
def test_no_machine_path_in_the_html(run_cli, workspace, command):
    (workspace / "r.csv").write_text("id,patient,exercises\nb1,Bob,bridge\n", encoding="utf-8")
    result = run_cli(*command, "--html")
    assert result.exit_code == 0, result.output
    name = "out/b1-Bob.pdf" if command[0] == "batch" else command[-1]
    html_file = workspace / name.replace(".pdf", ".html")
    text = html_file.read_text(encoding="utf-8")
    assert "file:" not in text
    assert str(workspace) not in text and str(workspace.resolve()) not in text
    logos = re.findall(r'<img class="[^"]*logo" src="([^"]+)"', text)
    assert logos, "the clinic's logo is in the page"
    assert {resolved(html_file, src) for src in logos} == {
        (workspace / "brand" / "logo mark.svg").resolve()}
