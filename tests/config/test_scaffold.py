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


def test_init_dot_makes_the_workspace_in_the_current_folder_and_keeps_it(run_cli, tmp_path):
    # run_cli runs in tmp_path: "init ." must fill it, not replace the shell's own folder
    before = tmp_path.stat().st_ino
    result = run_cli("init", ".")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "guidepress.toml").is_file() and (tmp_path / "guide").is_dir()
    assert tmp_path.stat().st_ino == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_failure_moving_into_an_existing_folder_leaves_it_empty(tmp_path, monkeypatch):
    (tmp_path / "ws").mkdir()
    real = scaffold._move_parts

    def half_way(staging, folder):
        (staging / "zz-last").mkdir()  # moved last
        (folder / "zz-last").write_text("in the way")  # so its move fails after the others
        try:
            real(staging, folder)
        finally:
            (folder / "zz-last").unlink()

    monkeypatch.setattr(scaffold, "_move_parts", half_way)
    with pytest.raises(ContentError, match="nothing was left behind"):
        init_workspace(tmp_path / "ws")
    assert list((tmp_path / "ws").iterdir()) == []
