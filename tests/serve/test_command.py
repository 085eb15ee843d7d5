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


def test_open_sends_the_browser_to_a_private_page_not_the_tokened_address(tmp_path, monkeypatch):
    """``--open``: the browser's command line (readable by every user, ``ps``) holds the
    address of a page only this user can read, which forwards to the tokened address;
    the page and its folder are gone when the composer stops."""
    import stat
    import webbrowser
    from pathlib import Path
    from types import SimpleNamespace

    from guidepress.config.settings import resolve_settings
    from guidepress.serve import run

    token, seen, opened, visits = "s3cr3t-t0ken", {}, [], []
    url = f"http://127.0.0.1:9/?token={token}"

    def serve_once(sockets):
        page = Path(opened[0].removeprefix("file://"))
        seen.update(mode=stat.S_IMODE(page.stat().st_mode), folder=stat.S_IMODE(page.parent.stat().st_mode),
                    text=page.read_text(), page=page)
        [visit() for visit in visits]  # the browser comes with the token: the page goes
        seen.update(after_visit=page.parent.exists())

    ready = SimpleNamespace(url=url, server=SimpleNamespace(run=serve_once), sock=None,
                            on_first_visit=visits.append)
    monkeypatch.setattr(run, "prepare", lambda *a, **k: ready)
    monkeypatch.setattr(webbrowser, "open", lambda address, *a, **k: opened.append(address))
    monkeypatch.chdir(tmp_path)
    run.serve(resolve_settings(), host="127.0.0.1", port=0, open_browser=True, say=lambda line: None)
    assert len(opened) == 1 and token not in opened[0] and opened[0].startswith("file://")
    assert seen["mode"] == 0o600 and seen["folder"] == 0o700
    assert f'url={url}"' in seen["text"] and f'"{url}"' in seen["text"]
    assert seen["after_visit"] is False and len(visits) == 1
    assert not seen["page"].exists() and not seen["page"].parent.exists()


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP"])
def test_the_forwarding_page_is_removed_when_the_composer_is_terminated(tmp_path, ending):
    """SIGTERM (or SIGHUP, the terminal closed) before any browser came: the page with
    the token goes all the same."""
    import os
    import signal
    import time

    env = {**os.environ, "TMPDIR": str(tmp_path), "BROWSER": "true"}  # a browser that never loads it
    process = subprocess.Popen([sys.executable, "-m", "guidepress", "serve", "--port", "0", "--open"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
    try:
        for line in process.stdout:
            if line.startswith("nothing is stored"):
                break
        waited = time.monotonic() + 10  # the page is written just after that line
        while not (pages := list(tmp_path.glob("guidepress-open-*/composer.html"))) and \
                time.monotonic() < waited:
            time.sleep(0.1)
        assert len(pages) == 1
        process.send_signal(getattr(signal, ending))
        rest = process.stdout.read()  # to the end: the server stopped without a traceback
        assert process.wait(30) == 128 + getattr(signal, ending)
        assert "Traceback" not in rest and "CancelledError" not in rest, rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    assert not list(tmp_path.glob("guidepress-open-*")), "the forwarding page was left"


def test_an_ignored_hangup_stays_ignored(tmp_path):
    """Under ``nohup`` SIGHUP is ignored: the composer goes on serving through it."""
    import signal
    import time

    process = subprocess.Popen([sys.executable, "-m", "guidepress", "serve", "--port", "0"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    try:
        for line in process.stdout:
            if line.startswith("composer: "):
                break
        url = line.split()[-1]
        process.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        with pytest.raises(urllib.error.HTTPError, match="403"):  # it still answers
            urllib.request.urlopen(url.split("?")[0], timeout=30)
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(30)


def test_the_first_request_with_the_token_is_told_once():
    """What ``serve --open`` removes its forwarding page on: the first request that
    brings the token in its address, so a kill that skips the clean-up leaves nothing."""
    import asyncio
    import threading

    from guidepress.serve.guard import Guard, allowed_hosts

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    guard, calls = Guard(app, token="t0ken", hosts=allowed_hosts("127.0.0.1", 9), port=9), []
    guard.first_visit.append(lambda: calls.append("gone"))

    def status(query: bytes) -> int:
        sent = []

        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/", "query_string": query,
                 "headers": [(b"host", b"127.0.0.1:9")]}
        # A thread of its own: a browser test earlier in the session may leave an
        # event loop running in this one.
        worker = threading.Thread(target=asyncio.run, args=(guard(scope, receive, send),))
        worker.start()
        worker.join()
        return sent[0]["status"]

    assert status(b"") == 403 and status(b"token=wrong") == 403 and calls == []
    assert status(b"token=t0ken") == 200 and calls == ["gone"]
    assert status(b"token=t0ken") == 200 and calls == ["gone"]


def test_the_forwarding_page_quotes_the_address():
    from guidepress.serve.launch import forwarding_page

    with forwarding_page('http://127.0.0.1:9/?token=a"</script><b>') as page:
        text = page.read_text()
    assert "</script><b>" not in text and 'token=a&quot;&lt;/script&gt;' in text


@pytest.mark.parametrize("file", ["a\x00.yaml", "gone.yaml"])
def test_an_answer_to_the_page_names_files_within_the_workspace(server, file):
    """A known error's answer names a workspace file relative to the workspace, never by
    where the workspace is on this computer."""
    import json

    request = urllib.request.Request(
        f"{server.base}/api/programmes/open?token={server.token}", method="POST",
        data=json.dumps({"file": file}).encode(),
        headers={"Content-Type": "application/json", "Origin": server.base})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=30)
    said = json.loads(raised.value.read())["error"]
    root = str(server.composer.settings.workspace.root)
    assert raised.value.code == 400 and said.startswith("programmes/") and root not in said, said


def test_a_file_name_that_is_not_text_is_a_message_not_a_failure(server):
    """A lone surrogate in the name asked for cannot be said back in JSON: a 400 that
    says so, never a 500."""
    import json

    request = urllib.request.Request(
        f"{server.base}/api/programmes/open?token={server.token}", method="POST",
        data=json.dumps({"file": "a\udcffb.yaml"}).encode(),
        headers={"Content-Type": "application/json", "Origin": server.base})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=30)
    said = json.loads(raised.value.read())["error"]
    assert raised.value.code == 400 and "not valid text" in said, said
