"""The composer's preview beside the naive way, and a clinician's flow beside the CLI, in one run.

Times, with a composer served from a thread of this process (the code path of
`guidepress serve`, warmed up at start as the command does):
  - start: loading the workspace and warming up;
  - first preview: the first POST /api/preview of a new patient's sheet;
  - refresh: a POST /api/preview after the first exercise's dose changed (page 1 laid
    out alone when it can be trusted to be the print's, written and drawn as a PNG), the
    median of --rounds; and with the other pages fetched as the page does (the whole
    sheet laid out, page 1 compared with the one shown); and after the last exercise's
    dose changed (its card on a later page: the whole sheet laid out for page 1);
  - naive: one `weasyprint.HTML(string=...).write_pdf(stylesheets=...)` of the same
    sheet's HTML, with the same PDF variant, plus its page 1 as a PNG (pdfium),
    interleaved round by round with the refreshes.
With --browser (Playwright and chromium-headless-shell): a scripted clinician flow in
the browser (search, add three exercises, set doses, fill the patient, download),
wall time, beside `guidepress routine` making the same sheet from the command line.
Machines are noisy: read the ratios, not the seconds.
Run: python benchmarks/composer.py [--rounds 9] [--browser]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

THREE = [("bridge", "2x12"), ("plank", "3x30s 5/week"), ("bird-dog", "2x8 2/day")]
DOSES = ["2x12", "2x10", "3x12", "3x10", "2x8"]


def wall(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def client(ready):
    """A cookie-keeping client of the composer, past its token: post a form, get a page."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    opener.open(ready.url, timeout=60).read()

    def post(path: str, form: dict) -> dict:
        request = urllib.request.Request(ready.base + path, json.dumps(form).encode(), headers={
            "Content-Type": "application/json", "Origin": ready.base})
        with opener.open(request, timeout=120) as answer:
            return json.loads(answer.read())

    def get(path: str) -> bytes:
        with opener.open(ready.base + path, timeout=120) as answer:
            return answer.read()

    return post, get


def form(patient: str, changed: str, which: int = 0) -> dict:
    """The three exercises, the one at ``which`` with the dose ``changed``."""
    lines = [{"id": id_, "dose": changed if n == which else dose, "note": ""}
             for n, (id_, dose) in enumerate(THREE)]
    return {"patient": patient, "clinician": "Dr Lee", "exercises": lines}


def naive(composer, sent: dict):
    """One write_pdf of the very same sheet's HTML, plus its page 1 as a PNG."""
    import pypdfium2
    import weasyprint

    from guidepress.look.variants import variant_options
    from guidepress.products.routine import STYLESHEETS, render_routine
    from guidepress.serve.forms import check
    from guidepress.serve.sheets import PREVIEW_SCALE

    source = composer.source("", "")
    resources = composer.resources("")
    rx = check(sent, source.library).rx
    html = render_routine(source, rx, resources=resources).html
    sheets = [str(p) for p in resources.stylesheets(STYLESHEETS)]
    base = source.folder.resolve().as_uri() + "/"
    tagged = variant_options(resources.pdf_variant)

    def run():
        pdf = weasyprint.HTML(string=html, base_url=base).write_pdf(stylesheets=sheets, **tagged)
        document = pypdfium2.PdfDocument(pdf)
        document[0].render(scale=PREVIEW_SCALE).to_pil().save(io.BytesIO(), "PNG")
        document.close()

    return run


def preview_figures(rounds: int) -> None:
    from guidepress.config.settings import resolve_settings
    from guidepress.serve.run import prepare

    settings = resolve_settings()
    ready = None

    def start():
        nonlocal ready
        ready = prepare(settings)

    started = wall(start)
    thread = ready.in_thread()
    post, get = client(ready)
    first = wall(lambda: post("/api/preview", form("Ana García", DOSES[0])))
    run_naive = naive(ready.composer, form("Ana García", DOSES[0]))
    refresh, whole, plain, last = [], [], [], []
    for n in range(rounds):
        dose = DOSES[(n + 1) % len(DOSES)]
        start = time.perf_counter()
        answer = post("/api/preview", form("Ana García", dose))  # with page 1
        refresh.append(time.perf_counter() - start)
        for address in answer["pages"][1:]:  # the other pages, as the browser asks for them
            get(address)
        whole.append(time.perf_counter() - start)
        plain.append(wall(run_naive))
        # the last exercise's dose: its card on a later page, its new size not yet known
        last.append(wall(lambda: post("/api/preview", form("Ana García", dose, which=2))))
        post("/api/preview", form("Ana García", dose))  # back to the three doses the naive makes
    ready.stop(thread)
    r, w, p, q = (statistics.median(x) for x in (refresh, whole, plain, last))
    print(f"start (load + warm-up)       {started:6.2f} s")
    print(f"first preview after start    {first:6.2f} s   {first / p:4.2f}x naive (target under 2x)")
    print(f"preview refresh, dose change {r:6.2f} s   {r / p:4.2f}x naive (target at most 0.6x; page 1 shown)")
    print(f"  ...and every page shown    {w:6.2f} s   {w / p:4.2f}x naive ({len(answer['pages'])} pages)")
    print(f"  ...the last exercise's dose {q:5.2f} s   {q / p:4.2f}x naive (page 1 shown)")
    print(f"naive write_pdf + page-1 PNG {p:6.2f} s   (median of {rounds})")


def flow_figures(work: Path) -> None:
    """The clinician's flow in the browser, and the same sheet from the command line."""
    from playwright.sync_api import sync_playwright

    from guidepress.config.settings import resolve_settings
    from guidepress.serve.run import prepare

    browser_path = shutil.which("chromium-headless-shell") or "/usr/lib/chromium/chromium-headless-shell"
    ready = prepare(resolve_settings())
    thread = ready.in_thread()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path)
        page = browser.new_context(accept_downloads=True).new_page()
        start = time.perf_counter()
        page.goto(ready.url)
        page.wait_for_selector("#results li")
        page.fill("#patient", "Ana García")
        page.fill("#clinician", "Dr Lee")
        for id_, dose in THREE:
            page.fill("#search", id_.replace("-", " "))
            page.press("#search", "Enter")
            page.keyboard.type(dose)
        with page.expect_download(timeout=120_000) as download:
            page.click("#download")
        download.value.save_as(work / "browser.pdf")
        flow = time.perf_counter() - start
        browser.close()
    ready.stop(thread)
    args = ["--patient", "Ana García", "--clinician", "Dr Lee"]
    for id_, dose in THREE:
        args += ["-e", f"{id_} {dose}"]
    cli = wall(lambda: subprocess.run([sys.executable, "-m", "guidepress", "routine", *args, "-o",
                                       str(work / "cli.pdf")], check=True, capture_output=True,
                                      cwd=work))
    print(f"clinician flow in the browser {flow:6.2f} s (page open to PDF saved, warm server)")
    print(f"the same sheet from the CLI   {cli:6.2f} s (a new process: import, load, render)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--browser", action="store_true", help="also time the flow in the browser")
    args = parser.parse_args()
    os.environ.setdefault("GUIDEPRESS_CACHE_DIR", "off")  # no plans kept from earlier runs
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # no workspace: the built-in guide and settings
        preview_figures(args.rounds)
        if args.browser:
            flow_figures(Path(tmp))


if __name__ == "__main__":
    main()
