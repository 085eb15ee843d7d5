"""One exercise file drawn for the person writing it: ``guidepress exercises --preview``.

The file is checked key by key as the library checks it (a mistake there is an
error and nothing is drawn). Its pose rules (``check_figure``: a limb across the
head, a support in the air, frames too alike) are drawn as well as told: the
frames side by side with the rules' findings beside them, in one SVG for a
browser or one PNG. Each draw replaces the last through the project's writer
(a temporary file, then a rename; never over a file guidepress did not write).
"""

from __future__ import annotations

import re
import textwrap
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from guidepress.confine import read_text
from guidepress.content.exercises import load_exercise
from guidepress.content.posecheck import check_figure
from guidepress.content.problems import ProblemsError
from guidepress.errors import ContentError
from guidepress.figures import palette as pal
from guidepress.figures.draw import draw, figure_svg
from guidepress.owned import write_bytes

if TYPE_CHECKING:
    from guidepress.content.exercises import Exercise

PANEL = 170.0  # width of the findings beside the figure, in figure units (100 = body height)
HEAD = 20.0  # the title lines above the figure
TEXT = 4.2  # font size of the findings
WRAP = 72  # characters a line of findings
GOOD, BAD = "#1e6b34", pal.ARROW  # both keep 4.5:1 against white paper
UNITS = ("Distances are in hundredths of the body's height: 1 is about 1.7 cm on a "
         "person 1.7 m tall.")
PNG_DPI = 200  # a 60 mm frame is about 470 pixels wide
NAME = "name: "  # a finding about a name the library already has


@dataclass(frozen=True)
class Preview:
    """What one draw made: the file, the exercise, the pose rules it breaks, the time."""

    path: Path
    exercise: Exercise
    findings: list[str]
    seconds: float


def preview_path(source: Path, folder: Path, png: bool = False) -> Path:
    """Where the preview of ``source`` goes: ``<folder>/<name>-preview.svg`` (or .png)."""
    return Path(folder) / f"{Path(source).stem}-preview.{'png' if png else 'svg'}"


def check_source(source: Path) -> None:
    """ContentError unless ``source`` is an exercise's own file (not a folder, another kind
    of file, or a translation, which has no figure)."""
    source = Path(source)
    if source.is_dir() or source.suffix.lower() != ".yaml":
        raise ContentError(f"{source}: give one exercise file, <id>.yaml")
    if not source.exists():
        raise ContentError(f"{source}: file not found; give the path of an exercise file "
                           "(copy a similar one from the library to start)")
    base = source.parent.parent / source.name
    if base.is_file() and not re.search(r"^figure\s*:", read_text(source, "content", [source.parent]),
                                        re.MULTILINE):
        raise ContentError(f"{source}: this file holds the words of {base} in another language; "
                           f"preview {base}, which holds the figure")


def read_exercise(source: Path) -> Exercise:
    """The exercise in ``source``, checked as the library checks it (but for the pose rules)."""
    check_source(source)
    return load_exercise(Path(source))


def pose_findings(exercise: Exercise, source: Path) -> list[str]:
    """Every pose rule the figure breaks, as "line N, key: what and where" (none: [])."""
    try:
        check_figure(exercise.id, exercise.figure, Path(source))
    except ProblemsError as exc:
        prefix = f'exercise "{exercise.id}", '
        return [", ".join(part for part in (f"line {p.line}" if p.line else "", p.key) if part)
                + f": {p.message.removeprefix(prefix)}" for p in exc.problems]
    return []


def name_findings(exercise: Exercise, source: Path) -> list[str]:
    """Each of the exercise's names (id, name, aliases) that another exercise of the
    library it joins already goes by: the library refuses two exercises one name."""
    from guidepress.content.exercises import _key
    from guidepress.content.folders import library_folders
    from guidepress.content.yamlfile import read_yaml

    taken: dict[str, str] = {}
    here = Path(source).resolve().parent
    for folder in dict.fromkeys([here, *library_folders(here.parent).paths]):
        for path in sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []:
            if path.stem == exercise.id:
                continue  # this exercise, or the one it replaces
            try:
                data = read_yaml(path, roots=[Path(folder)])
            except (ContentError, OSError):
                continue  # the library says what is wrong with another file
            if isinstance(data, dict):
                aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
                for label in (path.stem, data.get("name"), *aliases):
                    if isinstance(label, str):
                        taken.setdefault(_key(label), path.stem)
    return [f'{NAME}"{label}" is also a name of "{taken[_key(label)]}" in the library; give '
            "this exercise names of its own" for label in (exercise.id, exercise.name,
                                                          *exercise.aliases)
            if _key(label) in taken]


def write_preview(source: Path, folder: Path, png: bool = False) -> Preview:
    """Check ``source``, draw it with its findings and write the preview; ContentError if
    the file is not a valid exercise (nothing is written then)."""
    started = time.perf_counter()
    exercise = read_exercise(source)
    findings = pose_findings(exercise, source) + name_findings(exercise, source)
    stamp = time.strftime("%H:%M:%S")
    if png:
        data = preview_png(exercise, findings, Path(source).name, stamp)
    else:
        data = preview_svg(exercise, findings, Path(source).name, stamp).encode()
    target = preview_path(source, folder, png)
    write_bytes(target, data)
    return Preview(target, exercise, findings, time.perf_counter() - started)


def summary(findings: list[str]) -> str:
    """The pose rules' (and names') verdict in a few words."""
    if not findings:
        return "pose rules: all pass"
    return f"{checked(findings)}: {len(findings)} problem{'s' if len(findings) > 1 else ''}"


def checked(findings: list[str]) -> str:
    """What the findings are of: the pose rules, and the names when one is taken."""
    return "pose rules and names" if any(f.startswith(NAME) for f in findings) else "pose rules"


def _finding_lines(findings: list[str], wrap: int = WRAP) -> list[tuple[str, str]]:
    """(colour, text) lines for the findings panel, wrapped to ``wrap`` characters
    (0: a line a paragraph, for a page that wraps them itself)."""
    def lines(colour: str, text: str, bullet: str = "") -> list[tuple[str, str]]:
        parts = textwrap.wrap(text, wrap - len(bullet)) if wrap else [text]
        return [(colour, (bullet if i == 0 else " " * len(bullet)) + part)
                for i, part in enumerate(parts)]

    if not findings:
        return [(GOOD, "Pose rules: all pass.")]
    out = lines(BAD, f"{summary(findings).capitalize()}: the library refuses this file "
                     "until they are fixed.")
    for finding in findings:
        out += [(pal.INK, "")] + lines(pal.INK, finding, "• ")
    return out + [(pal.INK, "")] + lines(pal.SEPARATOR, UNITS)


def preview_svg(exercise: Exercise, findings: list[str], name: str, stamp: str) -> str:
    """The frames side by side, named, with the findings beside them, as one SVG."""
    drawing = draw(exercise.figure)
    width, height = drawing.width, drawing.height
    lines = _finding_lines(findings)
    step = TEXT * 1.35
    total_w = width + PANEL + 8
    total_h = max(HEAD + height + 10, HEAD + len(lines) * step + 4)
    figure = figure_svg(exercise, id_prefix="gp-preview").replace(
        "<svg ", f'<svg x="0" y="{HEAD:g}" width="{width:g}" height="{height:.1f}" ', 1)
    labels = "".join(_text(drawing.middle(i), HEAD + height + 6, frame,
                           size=TEXT, anchor="middle", colour=pal.SEPARATOR)
                     for i, frame in enumerate(exercise.figure.frame_names))
    notes = "".join(_text(width + 8, HEAD + (i + 0.8) * step, text, size=TEXT, colour=colour)
                    for i, (colour, text) in enumerate(lines) if text)
    title = (_text(2, 8, exercise.name, size=6.5, colour=pal.INK, bold=True)
             + _text(2, 15, f"{name} · drawn at {stamp} · reload this page after each save",
                     size=TEXT, colour=pal.SEPARATOR))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w:g} {total_h:.1f}" '
            f'width="{total_w * 5:.0f}" height="{total_h * 5:.0f}" '
            f'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif">'
            f'<rect width="100%" height="100%" fill="{pal.PAPER}"/>'
            f'{title}{figure}{labels}{notes}</svg>\n')


def _text(x: float, y: float, text: str, *, size: float, colour: str, anchor: str = "start",
          bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{colour}" '
            f'text-anchor="{anchor}"{weight} xml:space="preserve">{escape(text)}</text>')


def preview_png(exercise: Exercise, findings: list[str], name: str, stamp: str) -> bytes:
    """The same preview as a PNG, laid out by WeasyPrint in the guides' own font and
    rasterised by pypdfium2, cropped to what is drawn."""
    import base64
    import io

    import pypdfium2
    from PIL import Image, ImageChops
    from weasyprint import HTML

    from guidepress.builtin import BUILTIN_STYLES

    frames = len(exercise.figure.frame_names)
    uri = base64.b64encode(figure_svg(exercise, id_prefix="gp-preview").encode()).decode()
    notes = "".join(f'<p style="color: {colour}">{escape(text) or "&#160;"}</p>'
                    for colour, text in _finding_lines(findings, wrap=0))
    labels = "".join(f"<span>{escape(frame)}</span>" for frame in exercise.figure.frame_names)
    html = (f'<!DOCTYPE html><html><head><style>@import url(fonts.css); '
            f"@page {{ size: {60 * frames + 100}mm 400mm; margin: 4mm }} "
            f'body {{ font: 8pt "Guide Sans"; color: {pal.INK}; margin: 0 }} '
            f"h1 {{ font-size: 12pt; margin: 0 }} .sub {{ color: {pal.SEPARATOR}; margin: 0 0 2mm }} "
            f".row {{ display: flex; gap: 4mm }} .fig {{ width: {60 * frames}mm }} "
            f"img {{ display: block; width: 100% }} .labels {{ display: flex; color: {pal.SEPARATOR}; "
            f"justify-content: space-around }} .notes {{ width: 92mm }} p {{ margin: 0 }}"
            f"</style></head><body><h1>{escape(exercise.name)}</h1>"
            f'<p class="sub">{escape(name)} · drawn at {stamp}</p><div class="row"><div class="fig">'
            f'<img src="data:image/svg+xml;base64,{uri}" alt=""><div class="labels">{labels}</div>'
            f'</div><div class="notes">{notes}</div></div></body></html>')
    pdf = HTML(string=html, base_url=BUILTIN_STYLES.resolve().as_uri() + "/").write_pdf()
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=PNG_DPI / 72).to_pil().convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        pad = 20
        image = image.crop((max(box[0] - pad, 0), max(box[1] - pad, 0),
                            min(box[2] + pad, image.width), min(box[3] + pad, image.height)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
