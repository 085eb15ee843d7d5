"""The type-size check: the smallest text a PDF prints and the share under body size.

Text drawn inside a picture (a logo with its name or a slogan in it) is the
picture's, not the document's: it is left out of the body-size figures and, when
small, reported as the picture's text with what to do about it.
"""

from __future__ import annotations

from guidepress.check.glyphs import Glyphs
from guidepress.check.report import Finding

BODY_PT = 12     # RNIB Clear Print and UKAAF: body text at least 12 pt
SMALLEST_PT = 8  # smaller than this is hard for anyone to read on paper


def check_sizes(runs: list[Glyphs], pictures: dict | None = None) -> list[Finding]:
    """The smallest type and the share of characters under 12 pt. ``pictures`` maps
    (page, marked-content id) to a picture's name (check/tags.py ``Tree.pictures``)."""
    pictures = pictures or {}
    drawn = [run for run in runs if run.text.strip()]
    inside = [run for run in drawn if (run.page, run.mcid) in pictures]
    # the same picture placed again (four cards on a sheet) may be marked in a form of
    # its own, out of the tags' reach: its runs are the known picture's runs over again
    copies = {(run.text, run.size, run.font) for run in inside}
    body = [run for run in drawn if (run.page, run.mcid) not in pictures
            and (run.text, run.size, run.font) not in copies]
    findings = _body(body, had_pictures=bool(inside))
    if inside:
        findings += _picture_text(inside, pictures)
    return findings


def _body(runs: list[Glyphs], had_pictures: bool) -> list[Finding]:
    if not runs:
        return [Finding("type size", "warning", "no text found outside pictures" if had_pictures
                        else "no text found (a scanned or outlined PDF?)")]
    total = sum(len(run.text.strip()) for run in runs)
    small = sum(len(run.text.strip()) for run in runs if run.size < BODY_PT - 0.05)
    smallest = min(runs, key=lambda run: run.size)
    message = (f'smallest {smallest.size:g} pt ("{_short(smallest.text)}"); '
               f"{100 * small / total:.0f} % of {total} characters under {BODY_PT} pt")
    if smallest.size < SMALLEST_PT:
        return [Finding("type size", "warning", message + f"; below {SMALLEST_PT} pt is hard to read",
                        f"page {smallest.page}")]
    return [Finding("type size", "info", message, f"page {smallest.page}")]


def _picture_text(inside: list[Glyphs], pictures: dict) -> list[Finding]:
    """The smallest text drawn in a picture, when it is too small to read; its words
    are the picture's runs of that size (a logo's SVG text may come a letter a run)."""
    run = min(inside, key=lambda run: run.size)
    if run.size >= SMALLEST_PT:
        return []
    name = pictures[run.page, run.mcid]
    words = _short("".join(r.text for r in inside if (r.page, r.mcid) == (run.page, run.mcid)
                           and abs(r.size - run.size) < 0.01))
    if name == "the logo":
        advice = ("use a logo without small text, or a larger logo; logo text does not count "
                  "for the body-size rule")
        subject = "the logo's text"
    else:
        advice = ("draw the words larger or put them in the text beside the picture; text in a "
                  "picture does not count for the body-size rule")
        subject = f"text in {name}"
    return [Finding("type size", "warning", f'{subject} is {run.size:g} pt ("{words}"), below '
                    f"{SMALLEST_PT} pt: {advice}", f"page {run.page}")]


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
