"""guidepress init: a whole workspace or nothing, and a clear message where it cannot write."""

from __future__ import annotations

import pytest

from conftest import folded
from guidepress.config import scaffold
from guidepress.config.scaffold import init_workspace
from guidepress.errors import ContentError


def test_init_makes_a_workspace_in_an_empty_folder(tmp_path):
    (tmp_path / "ws").mkdir()
    made = init_workspace(tmp_path / "ws")
    assert (tmp_path / "ws" / "guidepress.toml").is_file()
    assert all(path.exists() for path in made)
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]  # no temporary folder left


def test_a_failure_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    def full_disk(folder):
        (folder / "guide").mkdir()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scaffold, "_fill", full_disk)
    with pytest.raises(ContentError, match="No space left on device"):
        init_workspace(tmp_path / "ws")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["/proc/guidepress-ws", "/sys/guidepress-ws"])
def test_an_unwritable_place_is_a_message_not_a_traceback(run_cli, where):
    result = run_cli("init", where)
    assert result.exit_code == 1
    assert f"{where}: cannot create the workspace here" in folded(result.stderr)
