"""Trust is checked once: settings, template and style folders, the logo and the print
profile must be the
user's alone (owned by them or root, writable by nobody else), unless the workspace is
shared on purpose in a settings file that is itself trusted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE, folded
from PIL import Image

from guidepress.config import trust
from guidepress.config.settings import resolve_settings
from guidepress.errors import ContentError

root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="giving a file to another user needs root")
COLLEAGUE = 4321  # a second user of the machine (no account needed to own files)
CLINIC_GROUP = 4322  # a group with colleagues in it
TEMPLATE = '{% extends "builtin/handout.html" %}\n'


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private workspace with its own templates and styles folders."""
    folder = tmp_path / "clinic"
    (folder / "templates").mkdir(parents=True)
    (folder / "styles").mkdir()
    (folder / "templates" / "handout.html").write_text(TEMPLATE)
    (folder / "styles" / "custom.css").write_text("h1 { color: #123456 }\n")
    (folder / "guidepress.toml").write_text('[clinic]\nname = "Riverside"\n')
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def settings(folder: Path, **options):
    return resolve_settings(config=folder / "guidepress.toml", **options)


def group_writable(path: Path) -> None:
    """Writable by a group colleagues are in (not the owner's private group)."""
    os.chown(path, -1, CLINIC_GROUP)
    path.chmod(path.stat().st_mode | 0o020)


@root_only
@pytest.mark.parametrize("item", ["guidepress.toml", "templates", "templates/handout.html",
                                  "styles", "styles/custom.css", "."])
def test_group_writable_is_refused_with_the_fix(workspace, item):
    path = workspace / item
    group_writable(path)
    with pytest.raises(ContentError) as caught:
        settings(workspace)
    assert "can be changed by other members of its group" in str(caught.value)
    assert f"chmod g-w '{path.resolve() if item == '.' else path}'" in str(caught.value)


@root_only
@pytest.mark.parametrize("option", ["templates", "styles"])
def test_a_group_writable_folder_given_as_an_option_is_refused(tmp_path, option):
    mine = tmp_path / "mine"
    mine.mkdir()
    group_writable(mine)
    with pytest.raises(ContentError, match="group"):
        resolve_settings(**{option: [mine]})


def test_the_owners_private_group_may_write(workspace):
    """Where the umask is 002 every file is group-writable, by a group of one."""
    import grp
    import pwd

    me = pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(me.pw_gid)
    if group.gr_name != me.pw_name or set(group.gr_mem) - {me.pw_name}:
        pytest.skip("this user has no private group")
    for path in [workspace, *workspace.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o020)
    assert settings(workspace).resources.style_dirs == (workspace / "styles",)


@root_only
@pytest.mark.parametrize("item", ["guidepress.toml", "templates", "templates/handout.html",
                                  "styles/custom.css"])
def test_a_colleagues_file_is_refused(workspace, item):
    os.chown(workspace / item, COLLEAGUE, COLLEAGUE)
    with pytest.raises(ContentError) as caught:
        settings(workspace)
    message = str(caught.value)
    assert "belongs to another user" in message and "chown" in message


@root_only
def test_a_shared_workspace_accepts_colleagues_and_the_group(workspace):
    (workspace / "guidepress.toml").write_text('shared_workspace = true\n[clinic]\nname = "R"\n')
    for item in ("templates", "templates/handout.html", "styles/custom.css", "."):
        os.chown(workspace / item, COLLEAGUE, CLINIC_GROUP)
        (workspace / item).chmod((workspace / item).stat().st_mode | 0o020)
    assert settings(workspace).resources.template_dirs == (workspace / "templates",)


@pytest.mark.parametrize("item", ["templates", "templates/handout.html", "."])
def test_a_shared_workspace_still_refuses_what_anyone_can_change(workspace, item):
    (workspace / "guidepress.toml").write_text('shared_workspace = true\n')
    path = workspace / item
    path.chmod(path.stat().st_mode | 0o022)
    with pytest.raises(ContentError, match="can be changed by any user"):
        settings(workspace)


@root_only
@pytest.mark.parametrize("mode", [0o664, 0o666])
def test_the_switch_counts_only_in_a_settings_file_nobody_else_can_write(workspace, mode):
    (workspace / "guidepress.toml").write_text('shared_workspace = true\n')
    os.chown(workspace / "guidepress.toml", -1, CLINIC_GROUP)
    (workspace / "guidepress.toml").chmod(mode)
    with pytest.raises(ContentError, match="guidepress.toml: this settings file can be changed"):
        settings(workspace)


@root_only
def test_the_switch_counts_only_in_a_settings_file_of_your_own(workspace):
    (workspace / "guidepress.toml").write_text('shared_workspace = true\n')
    os.chown(workspace / "guidepress.toml", COLLEAGUE, COLLEAGUE)
    with pytest.raises(ContentError, match="belongs to another user"):
        settings(workspace)


def test_a_refused_template_folder_stops_the_command_with_exit_1(run_cli, tmp_path):
    shutil.copytree(Path(FIXTURE_GUIDE), tmp_path / "guide")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "handout.html").write_text(TEMPLATE)
    (tmp_path / "tpl" / "handout.html").chmod(0o666)
    result = run_cli("handout", "-g", "guide", "--templates", "tpl", "-o", "h.pdf")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "chmod o-w 'tpl/handout.html'" in folded(result.output)
    assert not (tmp_path / "h.pdf").exists()


@pytest.mark.parametrize("mode, sticky_ok, refused", [
    (0o700, False, False), (0o707, False, True), (0o777, False, True),
    (0o1777, True, False), (0o1777, False, True)])
def test_the_parent_check_others_share(tmp_path, mode, sticky_ok, refused):
    parent = tmp_path / "parent"
    parent.mkdir()
    parent.chmod(mode)
    if sticky_ok:
        check = lambda: trust.check_parent(parent / "cache")  # noqa: E731
    else:
        check = lambda: trust.check(parent, "folder")  # noqa: E731
    if refused:
        with pytest.raises(ContentError, match="chmod"):
            check()
    else:
        check()


PROFILE = b"\0" * 16 + b"CMYK" + b"\0" * 108  # a header that names CMYK


@pytest.mark.parametrize("item", ["clinic/logo.png", "clinic/shop.icc"])
def test_a_logo_or_print_profile_anyone_can_change_is_refused(workspace, item):
    (workspace / "clinic").mkdir()
    Image.new("RGB", (4, 4), "white").save(workspace / "clinic" / "logo.png")
    (workspace / "clinic" / "shop.icc").write_bytes(PROFILE)
    (workspace / "guidepress.toml").write_text(
        '[clinic]\nname = "R"\nlogo = "clinic/logo.png"\n'
        '[defaults]\nprint_profile = "clinic/shop.icc"\n')
    settings(workspace)  # both trusted as they are
    (workspace / item).chmod(0o666)
    with pytest.raises(ContentError, match=f"{item}: this .* can be changed by any user.*"
                                           f"chmod o-w '.*{item}'"):
        settings(workspace)


@root_only
@pytest.mark.parametrize("change", ["group", "owner"])
def test_a_print_profile_of_a_colleague_or_the_group_is_refused(workspace, change):
    (workspace / "shop.icc").write_bytes(PROFILE)
    (workspace / "guidepress.toml").write_text('[defaults]\nprint_profile = "shop.icc"\n')
    if change == "group":
        group_writable(workspace / "shop.icc")
    else:
        os.chown(workspace / "shop.icc", COLLEAGUE, COLLEAGUE)
    with pytest.raises(ContentError, match="shop.icc: this colour profile (can be changed by "
                                           "other members|belongs to another user)"):
        settings(workspace)


def test_the_parent_check_looks_at_the_folder_holding_a_link(tmp_path):
    """A private folder reached through a link in a folder others may write: the link
    can be swapped, so the folder holding it is refused too."""
    (tmp_path / "private").mkdir(mode=0o700)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    (shared / "cache").symlink_to(tmp_path / "private", target_is_directory=True)
    with pytest.raises(ContentError, match="shared"):
        trust.check_parent(shared / "cache")
