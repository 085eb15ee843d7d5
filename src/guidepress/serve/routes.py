"""The composer's routes for a clinic's files: rosters (upload and check, run, follow the
progress, take the files) and programme templates (list, save, start from)."""

from __future__ import annotations

import asyncio
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from guidepress.serve.batch import Batches
from guidepress.serve.bodies import page_form, uploaded
from guidepress.serve.programmes import Programmes
from guidepress.serve.sheets import download_name

MAX_ROSTER = 2 * 1024 * 1024 - 64 * 1024  # under the guard's cap on any body
POLL = 0.2  # seconds between looks at a run's events


def batch_routes(batches: Batches) -> list[Route]:
    async def upload(request: Request) -> Response:
        raw, name = await uploaded(request, "roster", MAX_ROSTER, "a roster (.csv, .json or .yaml)")
        return JSONResponse(await run_in_threadpool(batches.upload, name, raw))

    async def run(request: Request) -> Response:
        batches.start(request.path_params["job"])
        return JSONResponse({"started": True})

    async def events(request: Request) -> Response:
        job = batches.job(request.path_params["job"])

        async def stream():
            sent = 0
            while True:
                for event in job.events[sent:]:
                    sent += 1
                    yield f"event: {event['kind']}\ndata: {json.dumps(event)}\n\n"
                    if event["kind"] in ("done", "problem"):
                        return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(POLL)

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def merged(request: Request) -> Response:
        path = batches.file(request.path_params["job"], "merged")
        return FileResponse(path, media_type="application/pdf", headers={
            "content-disposition": download_name("patients-print.pdf")})

    async def manifest(request: Request) -> Response:
        path = batches.file(request.path_params["job"], "manifest")
        return FileResponse(path, media_type="application/json", headers={
            "content-disposition": download_name("manifest.json")})

    async def sheets(request: Request) -> Response:
        key = request.path_params["job"]
        batches.file(key, "manifest")  # finished
        return Response(await run_in_threadpool(batches.sheets_zip, key), media_type="application/zip",
                        headers={"content-disposition": download_name("sheets.zip")})

    return [
        Route("/api/batch", upload, methods=["POST"]),
        Route("/api/batch/{job}/run", run, methods=["POST"]),
        Route("/api/batch/{job}/events", events),
        Route("/api/batch/{job}/print.pdf", merged),
        Route("/api/batch/{job}/manifest.json", manifest),
        Route("/api/batch/{job}/sheets.zip", sheets),
    ]


def programme_routes(programmes: Programmes, composer) -> list[Route]:
    async def listed(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(programmes.listed))

    async def save(request: Request) -> Response:
        form = await page_form(request)
        library = composer.source(str(form.get("guide") or ""), "").library
        return JSONResponse(await run_in_threadpool(
            programmes.save, str(form.get("template_name") or ""), form, library))

    async def start_from(request: Request) -> Response:
        form = await page_form(request)
        return JSONResponse(await run_in_threadpool(
            programmes.open, str(form.get("file") or ""), composer.source("", "").library))

    return [
        Route("/api/programmes", listed),
        Route("/api/programmes/save", save, methods=["POST"]),
        Route("/api/programmes/open", start_from, methods=["POST"]),
    ]
