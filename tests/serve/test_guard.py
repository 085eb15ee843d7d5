"""The composer's front door, seen by a plain HTTP client: the token, Host, Origin, limits."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest


def ask(server, path="/api/about", *, method="GET", token=True, host=None, origin=None,
        body=b"", content_type="application/json", cookie=True):
    """One request; returns (status, headers, body)."""
    netloc = urlsplit(server.base).netloc
    conn = http.client.HTTPConnection(netloc, timeout=30)
    headers = {"Host": host or server.host, "Content-Type": content_type}
    if token and cookie:
        headers["Cookie"] = f"{server.cookie}={server.token}"
    if origin is not None:
        headers["Origin"] = origin
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def test_a_request_with_the_token_is_answered(server):
    status, headers, body = ask(server)
    assert status == 200
    assert json.loads(body)["workspace_name"].startswith("clinic")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]


def test_no_token_is_refused(server):
    status, _, body = ask(server, token=False)
    assert status == 403
    assert b"token" in body


def test_a_wrong_token_is_refused(server):
    status, _, _ = ask(server, f"/api/about?token={'x' * len(server.token)}", cookie=False)
    assert status == 403


def test_the_token_in_the_address_sets_a_cookie_and_leaves_the_address(server):
    status, headers, _ = ask(server, f"/?token={server.token}", cookie=False)
    assert status == 303 and headers["location"] == "/"
    assert f"{server.cookie}={server.token}" in headers["set-cookie"]
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=Strict" in headers["set-cookie"]


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
def test_another_origin_is_refused(server, origin):
    form = json.dumps({"patient": "Ana", "exercises": [{"id": "plank", "dose": "", "note": ""}]})
    status, _, body = ask(server, "/api/check", method="POST", origin=origin, body=form.encode())
    assert status == 403
    assert b"Origin" in body


def test_a_post_without_origin_is_refused(server):
    status, _, _ = ask(server, "/api/check", method="POST", body=b"{}")
    assert status == 403


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1:1"])
def test_another_host_is_refused(server, host):
    status, _, body = ask(server, host=host)
    assert status == 403
    assert b"Host" in body


def test_an_oversized_body_is_refused_with_a_message(server):
    status, _, body = ask(server, "/api/check", method="POST", origin=server.base,
                          body=b"x" * (3 * 1024 * 1024))
    assert status == 413
    assert b"kB" in body


def test_bad_json_is_a_message(server):
    status, _, body = ask(server, "/api/check", method="POST", origin=server.base, body=b"{not json")
    assert status == 400
    assert "reload the page" in json.loads(body)["error"]


def test_only_the_page_files_are_served(server):
    assert ask(server, "/static/compose.js")[0] == 200
    assert ask(server, "/static/..%2f__init__.py")[0] == 404
    assert ask(server, "/static/guard.py")[0] == 404


def test_print_shows_the_sheet_in_the_browser_under_its_name(server):
    form = json.dumps({"patient": "Zoë", "exercises": [{"id": "bridge", "dose": "", "note": ""}]})
    status, headers, body = ask(server, "/print", method="POST", origin=server.base,
                                body=form.encode())
    assert status == 200 and body.startswith(b"%PDF")
    assert headers["content-disposition"].startswith("inline;")
    assert "filename*=UTF-8''Zo%C3%AB-routine.pdf" in headers["content-disposition"]


@pytest.mark.parametrize("query", ["lang=../../etc", "lang=xx", "guide=../guide", "guide=nope"])
def test_a_language_or_guide_that_is_not_offered_is_a_message(server, query):
    status, _, body = ask(server, f"/api/library?{query}")
    assert status == 400
    assert json.loads(body)["error"]


def test_the_library_comes_in_the_guides_languages(server):
    english = {e["id"]: e["name"] for e in json.loads(ask(server, "/api/library")[2])}
    spanish = {e["id"]: e["name"] for e in json.loads(ask(server, "/api/library?lang=es")[2])}
    assert english.keys() == spanish.keys()
    assert english != spanish  # the names patients who speak Spanish know


def test_a_bug_is_said_plainly_and_its_details_stay_in_the_terminal(server, monkeypatch, capsys):
    def broken():
        raise RuntimeError("an example failure in /private/path")

    monkeypatch.setattr(server.composer, "about", broken)
    status, _, body = ask(server)
    assert status == 500
    message = json.loads(body)["error"]
    assert "please report it" in message and "the terminal" in message
    assert "/private/path" not in message and "RuntimeError" not in message
    assert "RuntimeError: an example failure in /private/path" in capsys.readouterr().err
