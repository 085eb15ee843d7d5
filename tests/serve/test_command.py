"""``guidepress serve`` as a clinician starts it: the address it prints, and its messages."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest

pytest.importorskip("starlette", reason="guidepress serve needs the extra: pip install guidepress[serve]")


def test_serve_prints_a_tokened_local_address_that_answers(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "guidepress", "serve", "--port", "0"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("composer: "):
                break
        url = lines[-1].split()[-1]
        assert url.startswith("http://127.0.0.1:") and "?token=" in url
        assert any(line.startswith("workspace: ") for line in lines)
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(url, timeout=30) as answer:  # the token becomes a cookie, the address "/"
            assert answer.url == url.split("?")[0]
            assert "Compose a routine sheet" in answer.read().decode()
        with pytest.raises(urllib.error.HTTPError, match="403"):
            urllib.request.urlopen(url.split("?")[0], timeout=30)  # no cookie, no token
    finally:
        process.terminate()
        process.wait(30)


def test_a_port_in_use_is_a_message(run_cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = run_cli("serve", "--port", taken.getsockname()[1])
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1" in result.output and "--port" in result.output


def test_every_address_at_once_is_refused_with_what_to_give(run_cli):
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 1
    assert "give this computer's own address" in result.output
