"""Start the composer: load the workspace, warm up, print the address, serve until Ctrl-C."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
import threading
import time
from dataclasses import dataclass

from guidepress.config.settings import Settings
from guidepress.errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def needs_extra() -> None:
    """A clear message when the optional web server packages are missing."""
    from importlib.util import find_spec

    if not all(find_spec(name) for name in ("starlette", "uvicorn", "python_multipart")):
        raise UsageError('guidepress serve needs its web server: pip install "guidepress[serve]"')


@dataclass
class Composing:
    """A composer ready to serve: its socket, app, token and address."""

    composer: object
    server: object  # uvicorn.Server
    sock: object
    token: str
    base: str  # http://127.0.0.1:<port>

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def on_first_visit(self, callback) -> None:
        """Call ``callback`` at the first request that brings the token in its address."""
        self.server.config.app.first_visit.append(callback)

    def in_thread(self) -> threading.Thread:
        """Serve from a thread (for tests and benchmarks); ``stop()`` ends it."""
        thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                  daemon=True)
        thread.start()
        for _ in range(400):
            if self.server.started:
                break
            time.sleep(0.025)
        return thread

    def stop(self, thread: threading.Thread | None = None) -> None:
        self.server.should_exit = True
        if thread:
            thread.join(10)


def prepare(settings: Settings, *, host: str = "127.0.0.1", port: int = 0, say=lambda line: None,
            warm: bool = True) -> Composing:
    """Bind the socket, load the workspace, warm up and make the app."""
    needs_extra()
    import uvicorn

    from guidepress.serve.app import make_app
    from guidepress.serve.guard import new_token
    from guidepress.serve.sheets import Composer

    sock = listen(host, port)
    port = sock.getsockname()[1]  # --port 0 takes a free port
    composer = Composer(settings)
    if warm:
        say("warming up (one sheet laid out so the first preview is quick)...")
        composer.warm_up()
    token = new_token()
    app = make_app(composer, token=token, host=host, port=port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False)
    shown = f"[{host}]" if ":" in host else host
    return Composing(composer, uvicorn.Server(config), sock, token, f"http://{shown}:{port}")


def serve(settings: Settings, *, host: str, port: int, open_browser: bool, say) -> None:
    """Serve the composer on ``host``:``port`` until interrupted; ``say`` prints a line."""
    if host in ("0.0.0.0", "::", ""):
        raise UsageError(f"--host {host or 'empty'}: give this computer's own address on the network "
                         "(e.g. 192.168.1.20), which the composer checks every request against")
    if host not in LOOPBACK:
        say(f"warning: serving on {host}: anyone who can reach this address and has the token "
            "can make sheets from this workspace; use 127.0.0.1 unless you mean it")
    ready = prepare(settings, host=host, port=port, say=say)
    root = settings.workspace.root
    say(f"workspace: {root if root else 'none (built-in settings)'}")
    say(f"composer: {ready.url}")
    say("nothing is stored unless you download or save it; press Ctrl-C to stop")
    with contextlib.ExitStack() as stack:
        caught = stack.enter_context(_terminate_unwinds(ready.server))
        if open_browser:  # through a private page: a command line shows the token to all
            from guidepress.serve.launch import forwarding_page, open_browser as show, remove_page

            page = stack.enter_context(forwarding_page(ready.url))
            ready.on_first_visit(lambda: remove_page(page))  # gone even if killed after
            show(page)
        ready.server.run(sockets=[ready.sock])
        if caught:  # the clean-up above runs as the exit unwinds
            raise SystemExit(128 + caught[0])


@contextlib.contextmanager
def _terminate_unwinds(server) -> Iterator[list[int]]:
    """SIGTERM (or SIGHUP, the terminal closed) ends the composer as Ctrl-C does, through
    the clean-up (the forwarding page removed): the server is told to stop, and the
    signals caught are listed for the exit code. (Uvicorn stops gracefully on SIGTERM
    itself, then sends it again to the handler it found: this one, not the default
    that ends the process at once.) A signal is handled only where it would otherwise
    end the process: under ``nohup``, SIGHUP stays ignored."""
    import signal

    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return

    def stop(number, frame):
        caught.append(number)
        server.should_exit = True

    ending = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    before = {number: signal.signal(number, stop) for number in ending
              if signal.getsignal(number) == signal.SIG_DFL}
    try:
        yield caught
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def listen(host: str, port: int):
    """A socket bound to ``host``:``port``, or a UsageError that says what to do."""
    import socket

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections wait from now on, even before the app answers
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); "
                         "give another --port, or another --host") from None
    return sock
