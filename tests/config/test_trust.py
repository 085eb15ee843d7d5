"""Settings files are only trusted when they are the user's own (issue: planted guidepress.toml)."""

from __future__ import annotations

import os

import pytest

from guidepress.config.workspace import find_config, load_workspace
from guidepress.errors import ContentError

SETTINGS = '[clinic]\nname = "Riverside Physio"\n'


def test_search_stops_at_a_repository_root(tmp_path):
    (tmp_path / "guidepress.toml").write_text(SETTINGS)  # above the repository: not ours
    inner = tmp_path / "repo" / "handouts"
    inner.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    assert find_config(inner) is None
    (tmp_path / "repo" / "guidepress.toml").write_text(SETTINGS)
    assert find_config(inner) == tmp_path / "repo" / "guidepress.toml"


def test_search_stops_at_the_home_folder(tmp_path, monkeypatch):
    (tmp_path / "guidepress.toml").write_text(SETTINGS)  # planted above home
    home = tmp_path / "home"
    (home / "work").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert find_config(home / "work") is None


def test_a_settings_file_anyone_can_change_is_refused(tmp_path):
    config = tmp_path / "guidepress.toml"
    config.write_text(SETTINGS)
    config.chmod(0o666)
    with pytest.raises(ContentError, match="can be changed by any user"):
        load_workspace(config)


def test_a_settings_folder_anyone_can_change_is_refused(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "guidepress.toml").write_text(SETTINGS)
    folder.chmod(0o777)
    with pytest.raises(ContentError, match="folder can be changed by any user"):
        load_workspace(folder / "guidepress.toml")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_another_users_settings_file_is_refused(tmp_path):
    config = tmp_path / "guidepress.toml"
    config.write_text(SETTINGS)
    os.chown(config, 4321, 4321)
    with pytest.raises(ContentError, match="belongs to another user"):
        load_workspace(config)


def test_a_device_is_refused():
    with pytest.raises(ContentError, match="not a regular file"):
        load_workspace(os.devnull)


def test_a_byte_order_mark_is_accepted(tmp_path):
    config = tmp_path / "guidepress.toml"
    config.write_bytes("\ufeff".encode() + SETTINGS.encode())
    assert load_workspace(config).config.clinic.name == "Riverside Physio"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_settings_file_planted_by_another_user_neither_steers_nor_blocks_a_run(tmp_path):
    # /tmp-like: a folder anyone may write to, where another user left a guidepress.toml
    shared = tmp_path / "shared"
    (shared / "mine" / "work").mkdir(parents=True)
    shared.chmod(0o1777)
    planted = shared / "guidepress.toml"
    planted.write_text('[defaults]\noutput = "/somewhere/else"\n')
    os.chown(planted, 4321, 4321)
    assert find_config(shared / "mine" / "work") is None  # the search stops at the shared folder
    os.chown(planted, 0, 0)
    assert find_config(shared / "mine" / "work") is None  # even a root-owned file is not reached
    own = shared / "mine" / "guidepress.toml"
    own.write_text("")
    assert find_config(shared / "mine" / "work") == own
    os.chown(own, 4321, 4321)  # the user's own folder, another user's file: not used
    assert find_config(shared / "mine" / "work") is None
