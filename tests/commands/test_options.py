"""Bad option values are Click usage errors (exit 2) before any work; data mistakes stay exit 1."""

from __future__ import annotations

import pytest
from conftest import folded

from guidepress.errors import ExitCode


@pytest.mark.parametrize(("args", "says"), [
    (["handout", "--paper", "a7"], "'a7' is not one of 'a4', 'letter'"),
    (["poster", "--paper", "a5"], "'a5' is not one of 'a4', 'letter'"),
    (["routine", "--per-page", "5", "-e", "plank"], "'5' is not one of '1', '2', '6'"),
    (["routine", "--per-page", "0", "-e", "plank"], "'0' is not one of"),
    (["routine", "--weeks", "0", "-e", "plank"], "Invalid value for '--weeks'"),
    (["routine", "--weeks", "13", "-e", "plank"], "Invalid value for '--weeks'"),
    (["handout", "--theme", "../../etc/evil"], "is a path; give a theme name"),
    (["handout", "--theme", "nosuch"], 'unknown theme "nosuch"; available: default'),
    (["handout", "--lang", "e_x"], '"e_x" is not a language tag'),
    (["watch", "--paper", "a5"], "'a5' is not one of 'a4', 'letter'"),
    (["watch", "nothing"], "'nothing' is not one of 'handout', 'routine', 'poster', 'card'"),
    (["batch", "x.csv", "--workers", "0"], "Invalid value for '--workers'"),
])
def test_bad_option_is_a_usage_error_before_any_work(run_cli, tmp_path, args, says):
    result = run_cli(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert says in folded(result.stderr)
    assert not (tmp_path / "output").exists()  # nothing was rendered


def test_a_content_mistake_stays_exit_1(run_cli, tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "guide.yaml").write_text("title: [unclosed\n")
    result = run_cli("handout", "--guide", tmp_path / "guide")
    assert result.exit_code == ExitCode.ERROR
    assert "guide.yaml" in result.stderr


def test_a_device_is_not_a_settings_file(run_cli):
    result = run_cli("handout", "--config", "/dev/null")
    assert result.exit_code == ExitCode.ERROR
    assert "/dev/null: not a regular file" in folded(result.stderr)
