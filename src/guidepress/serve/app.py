"""The composer's web app: the page, its library, checks, preview, PDF and prescription files
(the routes for rosters and templates are in ``routes``).

Every answer about the patient is made on request and kept nowhere: nothing is
stored unless the clinician downloads or saves it. Bad input gets a 400 with a
message that says what to change; the page shows it where it belongs.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import sys
import traceback
from importlib.resources import files

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from guidepress.errors import GuidepressError
from guidepress.serve.batch import Batches
from guidepress.serve.bodies import MAX_FORM, page_form, uploaded
from guidepress.serve.forms import check, exercise_lines, from_yaml, to_yaml
from guidepress.serve.guard import MAX_BODY, BodyTooLarge, Guard, allowed_hosts
from guidepress.serve.programmes import Programmes
from guidepress.serve.routes import batch_routes, programme_routes
from guidepress.serve.shown import for_page
from guidepress.serve.sheets import MAX_PREVIEW_PAGES, Composer, Look, download_name

STATIC = {"compose.js": "text/javascript", "compose.css": "text/css"}


def _static(name: str) -> bytes:
    return files("guidepress.serve").joinpath("static", name).read_bytes()


def make_app(composer: Composer, *, token: str, host: str, port: int):
    """The Starlette app wrapped in the guard (token, Host, Origin, CSP, size caps)."""
    order = composer.settings.date_order

    def checked(form: dict):
        guide, language = str(form.get("guide") or ""), str(form.get("language") or "")
        library = composer.source(guide, language).library
        return check(form, library, order)

    async def page(request: Request) -> Response:
        if "token" in request.query_params:  # the cookie is set: drop the token from the address
            return RedirectResponse("/", status_code=303)
        return Response(_static("index.html"), media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse("no such file", status_code=404)
        return Response(_static(name), media_type=f"{STATIC[name]}; charset=utf-8")

    async def about(request: Request) -> Response:
        return JSONResponse(composer.about())

    async def library(request: Request) -> Response:
        q = request.query_params
        return JSONResponse(composer.library(q.get("guide", ""), q.get("lang", "")))

    async def figure(request: Request) -> Response:
        svg = composer.figure(request.path_params["id"])
        return Response(svg, media_type="image/svg+xml; charset=utf-8")

    async def check_form(request: Request) -> Response:
        return JSONResponse(checked(await page_form(request)).as_json())

    async def preview(request: Request) -> Response:
        form = await page_form(request)
        result = checked(form)
        body = result.as_json()
        if result.ok:
            sheet, first, revision = await run_in_threadpool(
                composer.preview, result.rx, Look.of(form), form_key(form))
            # page 1 at once; the others by address, made as the browser asks for them
            pages = min(sheet.pages, MAX_PREVIEW_PAGES)
            body.update(count=sheet.pages, warnings=sheet.warnings, pages=[
                "data:image/png;base64," + base64.b64encode(first).decode(), *[
                    f"/api/page/{revision}/{n}.png" for n in range(2, pages + 1)]])
        return JSONResponse(body)

    async def page_image(request: Request) -> Response:
        png = await run_in_threadpool(composer.page, request.path_params["revision"],
                                      request.path_params["number"])
        if png is None:
            return PlainTextResponse("this preview has been replaced by a newer one", 404)
        return Response(png, media_type="image/png")

    async def findings(request: Request) -> Response:
        form = await page_form(request)
        result = _valid(checked(form))
        return JSONResponse(await run_in_threadpool(composer.findings, result.rx, Look.of(form),
                                                    form_key(form)))

    async def download(request: Request) -> Response:
        from guidepress.products.routine import routine_name

        form = await page_form(request)
        result = _valid(checked(form))
        sheet = await run_in_threadpool(composer.sheet, result.rx, Look.of(form), form_key(form))
        shown = request.url.path == "/print"  # opened in the browser's viewer, to print
        return Response(sheet.pdf, media_type="application/pdf", headers={
            "content-disposition": download_name(routine_name(result.rx), inline=shown)})

    async def save(request: Request) -> Response:
        from guidepress.products.routine import routine_name

        form = await page_form(request)
        result = _valid(checked(form))
        name = routine_name(result.rx).removesuffix("-routine.pdf") + "-prescription.yaml"
        return Response(to_yaml(result.rx, exercise_lines(form)).encode(),
                        media_type="application/yaml", headers={
                            "content-disposition": download_name(name)})

    async def open_file(request: Request) -> Response:
        raw, name = await uploaded(request, "file", MAX_FORM, "a prescription file (.yaml)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GuidepressError(f"{name} is not a text file in UTF-8; open a prescription "
                                  "file saved by guidepress (.yaml)") from None
        library = composer.source("", "").library
        return JSONResponse(await run_in_threadpool(from_yaml, text, name, library, order))

    async def refused(request: Request, exc: Exception) -> Response:
        if isinstance(exc, BodyTooLarge):
            return PlainTextResponse(f"the upload is larger than {MAX_BODY // 1024} kB", 413)
        if not isinstance(exc, GuidepressError):  # a bug: said plainly; its trace, which may
            # hold paths and data, goes to the terminal only, never to the page
            traceback.print_exception(exc, file=sys.stderr)
            return JSONResponse({"error": "guidepress failed on this request; this is a bug: please "
                                 "report it with what you did (the details are in the terminal "
                                 "where guidepress serve runs)"}, 500)
        return JSONResponse({"error": for_page(str(exc), composer.settings)},
                            status_code=400)

    routes = [
        Route("/", page), Route("/static/{name}", static), Route("/api/about", about),
        Route("/api/library", library), Route("/figure/{id}.svg", figure),
        Route("/api/check", check_form, methods=["POST"]),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/api/findings", findings, methods=["POST"]),
        Route("/api/page/{revision:int}/{number:int}.png", page_image),
        Route("/download", download, methods=["POST"]), Route("/print", download, methods=["POST"]),
        Route("/save", save, methods=["POST"]), Route("/api/open", open_file, methods=["POST"]),
    ]
    batches = Batches(composer.settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        batches.close()  # the rosters and their sheets go with the server

    routes += batch_routes(batches)
    routes += programme_routes(Programmes(composer.settings.workspace.root), composer)
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        GuidepressError: refused, BodyTooLarge: refused, Exception: refused})
    return Guard(app, token=token, hosts=allowed_hosts(host, port), port=port)


def form_key(form: dict) -> str:
    """The form as one string, with the day (the sheet says when it was made): the same
    key, the same sheet."""
    return f"{dt.date.today().isoformat()} {json.dumps(form, sort_keys=True, ensure_ascii=False)}"


def _valid(result):
    if not result.ok:
        problems = [*result.general, *result.fields.values(), *result.doses.values()]
        raise GuidepressError("; ".join(problems) or "the prescription is not complete")
    return result
