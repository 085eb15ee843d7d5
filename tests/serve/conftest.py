"""A composer server for the tests: one for this folder's tests, in a thread, on a free port.

The browser tests drive Debian's chromium-headless-shell with Playwright. Where the
browser is missing they skip, with the reason, except under CI (CI is set) or as
root with apt at hand, where the install script installs it: there they fail.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

BROWSERS = ("chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "chromium")


@dataclass
class Server:
    base: str  # http://127.0.0.1:<port>
    token: str
    host: str  # the Host header it answers
    cookie: str  # the name of the token's cookie
    composer: object


@pytest.fixture(scope="package")
def server(tmp_path_factory):
    pytest.importorskip("starlette", reason="guidepress serve needs the extra: pip install guidepress[serve]")
    from guidepress.config.settings import resolve_settings
    from guidepress.serve.guard import cookie_name
    from guidepress.serve.run import prepare

    workspace = tmp_path_factory.mktemp("clinic")
    (workspace / "guidepress.toml").write_text('[clinic]\nname = "Riverside Physio"\n')
    ready = prepare(resolve_settings(config=workspace / "guidepress.toml"))
    thread = ready.in_thread()
    port = ready.sock.getsockname()[1]
    yield Server(ready.base, ready.token, f"127.0.0.1:{port}", cookie_name(port), ready.composer)
    ready.stop(thread)


def browser_path() -> str | None:
    for name in (os.environ.get("GUIDEPRESS_BROWSER", ""), *BROWSERS):
        found = name and (shutil.which(name) or (name if Path(name).is_file() else None))
        if found:
            return found
    return None


def browser_required() -> bool:
    """Under CI, or as root where apt can install it, a missing browser is a failure."""
    return bool(os.environ.get("CI")) or (os.geteuid() == 0 and shutil.which("apt-get") is not None)


@pytest.fixture(scope="package")
def browser():
    path = browser_path()
    if path is None:
        message = ("no chromium-headless-shell: install it (apt-get install chromium-headless-shell; "
                   "sh scripts/install.sh test does as root) to run the composer's browser tests")
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, tmp_path):
    """A fresh page of the composer, its token taken (a new browser context each test);
    a script error, or anything the Content-Security-Policy blocks, fails the test."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    refused = []  # anything the Content-Security-Policy blocked: the page must need nothing of it
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(f"script error: {error}"))
    page.goto(f"{server.base}/?token={server.token}")
    page.wait_for_selector("#results li")
    yield page
    context.close()
    assert refused == []
