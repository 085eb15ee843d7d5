"""What a request to the composer carries: the page's form (JSON) or an uploaded file,
each read within a size cap, with a message that says what to send instead."""

from __future__ import annotations

import json

from starlette.requests import Request

from guidepress.errors import GuidepressError

MAX_FORM = 256 * 1024  # a page's form as JSON; a prescription is a few kB


async def page_form(request: Request) -> dict:
    """The page's form: JSON in the body, or in the field "form" of a posted HTML form."""
    if request.headers.get("content-type", "").startswith("application/json"):
        raw = await request.body()
    else:
        async with request.form(max_files=0, max_fields=4, max_part_size=MAX_FORM) as posted:
            raw = str(posted.get("form") or "")
    if len(raw) > MAX_FORM:
        raise GuidepressError(f"the form is larger than {MAX_FORM // 1024} kB")
    try:
        form = json.loads(raw or "{}")
    except ValueError:
        raise GuidepressError("the form is not valid JSON; reload the page") from None
    if not isinstance(form, dict):
        raise GuidepressError("the form must be a JSON object; reload the page")
    return form


async def uploaded(request: Request, field: str, limit: int, what: str) -> tuple[bytes, str]:
    """The file sent in ``field`` and its name; ``what`` names the kind for messages
    ("a roster file (.csv, .json or .yaml)")."""
    async with request.form(max_files=1, max_fields=2, max_part_size=limit) as posted:
        upload = posted.get(field)
        if upload is None or isinstance(upload, str):
            raise GuidepressError(f"choose {what} to upload")
        raw, name = await upload.read(limit + 1), upload.filename or field
    if len(raw) > limit:
        raise GuidepressError(f"{name} is larger than {limit // 1024} kB; {what} is smaller")
    return raw, name
