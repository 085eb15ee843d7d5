"""One confined reader for every file guidepress opens, and paths checked by where they lead.

Content, templates, styles, rosters and settings may come from anyone on a
clinic's team, so every read goes through ``read_bytes``: the path's real
location must lie inside the folders given for that read (a symbolic link out
is refused before anything is opened), the file must be a regular file (a pipe
or device would block a run or fill memory: it is never read) and no larger
than the cap for its kind. Messages name the path as the user gave it, never
where a link leads nor what the file holds.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guidepress.errors import ContentError, GuidepressError, ResourceError, TemplateError

_MB = 1_000_000


@dataclass(frozen=True)
class Kind:
    """What is read: its name in messages, the most bytes it may have, the error it raises."""

    noun: str
    cap: int
    error: type[GuidepressError] = ContentError


# a long guide is about 50 KB, a logo 100 KB, a font 1 MB, a roster of 10,000 patients 2 MB
KINDS = {
    "content": Kind("content file", 5 * _MB),
    "prescription": Kind("prescription", 5 * _MB),
    "roster": Kind("roster", 100 * _MB),
    "settings": Kind("settings file", 1 * _MB),
    "manifest": Kind("manifest", 200 * _MB),
    "picture": Kind("picture", 20 * _MB),
    "template": Kind("template", 2 * _MB, TemplateError),
    "stylesheet": Kind("stylesheet", 2 * _MB, ResourceError),
    "font": Kind("font", 30 * _MB, ResourceError),
    "profile": Kind("colour profile", 10 * _MB, ResourceError),  # a print shop's ICC profile
    "cache": Kind("layout cache file", 2 * _MB),  # the sizes of 500 cards are about 100 KB
}
_HASHED = Kind("file", 1 << 62)  # only hashed, a chunk at a time: no cap
# the roots of a file named on the command line: it must really be in the folder it is
# named in (a link beside it is fine), not below it nor anywhere else
OWN_FOLDER = "own folder"
Roots = Iterable[Path] | str | None


def real_roots(roots: Iterable[Path]) -> list[Path]:
    """The real paths of ``roots``, for repeated checks."""
    return [Path(os.path.realpath(r)) for r in roots]


def inside(path: Path, roots: list[Path]) -> Path | None:
    """The real path of ``path`` if it lies inside one of ``roots`` (real paths), else None."""
    if "\x00" in os.fspath(path):
        return None
    real = Path(os.path.realpath(path))
    return real if any(real.is_relative_to(root) for root in roots) else None


def confined(path: Path, roots: Iterable[Path], what: str,
             error: type[GuidepressError] = ResourceError) -> Path:
    """The real path of ``path``, or an error naming it when it leads outside ``roots``."""
    real = inside(path, real_roots(roots))
    if real is None:
        raise error(_outside(path, what))
    return real


def part_of(folder: Path, root: Path, what: str) -> Path:
    """The real path of ``folder``, a part of ``root`` (a guide's or a workspace's folder),
    or a ContentError naming it when it is a link leading out of ``root``: the files in
    it are then read with that real path as their root."""
    real = inside(folder, [Path(os.path.realpath(root))])
    if real is None:
        raise ContentError(f"{shown(folder)}: this folder of {what} is a link leading out of "
                           f"{shown(root)}; copy the files into the folder instead")
    return real


def read_bytes(path: Path | str, kind: str, roots: Roots) -> bytes:
    """The bytes of ``path``, read only if it is a regular file of at most the kind's cap
    whose real path lies inside ``roots`` (``OWN_FOLDER``: the folder it is named in;
    None: a built-in file, not confined)."""
    spec = KINDS[kind]
    with os.fdopen(_open(path, spec, roots), "rb") as handle:
        data = handle.read(spec.cap + 1)  # a file growing meanwhile still stops at the cap
    if len(data) > spec.cap:
        raise spec.error(_too_big(path, spec))
    return data


def open_unlimited(path: Path | str, roots: Roots) -> int:
    """A descriptor of the regular file ``path`` inside ``roots``, with no cap on its size:
    for reading a chunk at a time, never whole (see freshness.file_digest)."""
    return _open(path, _HASHED, roots)


def _open(path: Path | str, spec: Kind, roots: Roots) -> int:
    """A descriptor of the regular file ``path``, opened as the module says, or an error."""
    real = _real_path(path, spec, roots)
    try:
        _check_stat(path, spec, os.stat(real))  # before opening: a device is never opened
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise spec.error(f"{shown(path)}: {spec.noun} not found") from None
    except OSError as exc:
        raise spec.error(_unreadable(path, exc)) from None
    try:
        _check_stat(path, spec, os.fstat(fd))  # the file opened is the file checked
    except GuidepressError:
        os.close(fd)
        raise
    return fd


def read_text(path: Path | str, kind: str, roots: Roots,
              encoding: str = "utf-8") -> str:
    """The text of ``path``, read as ``read_bytes`` does; not being ``encoding`` is an error."""
    data = read_bytes(path, kind, roots)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise KINDS[kind].error(f"{shown(path)}: not UTF-8 text; save the {KINDS[kind].noun} "
                                "as UTF-8") from None


def _real_path(path: Path | str, spec: Kind, roots: Roots) -> Path:
    name = _checked_name(path, spec.noun, spec.error)
    real = Path(os.path.realpath(name))
    if roots == OWN_FOLDER:
        allowed = real.parent == Path(os.path.realpath(os.path.dirname(os.path.abspath(name))))
    else:
        allowed = roots is None or any(real.is_relative_to(r) for r in real_roots(roots))
    if not allowed:
        raise spec.error(_outside(path, spec.noun))
    return real


def _checked_name(path: Path | str, noun: str, error: type[GuidepressError]) -> str:
    name = os.fspath(path)
    if "\x00" in name:
        raise error(f"{shown(path)}: a {noun} name cannot hold a NUL character (%00); "
                    "check the path")
    return name


def _check_stat(path: Path | str, spec: Kind, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
        raise spec.error(f"{shown(path)}: this is {what}, not a file; give the path of a "
                         f"{spec.noun}")
    if info.st_size > spec.cap:
        raise spec.error(_too_big(path, spec))


def shown(path: Path | str) -> str:
    """A path as the user gave it, with control characters made visible, for messages."""
    return os.fspath(path).replace("\x00", "%00").replace("\n", "\\n")


def _outside(path: Path | str, noun: str) -> str:
    return (f"{shown(path)}: this {noun} is outside the folders guidepress may read here, "
            "or a link leading out of them; copy the file into the folder instead")


def _too_big(path: Path | str, spec: Kind) -> str:
    return (f"{shown(path)}: the file is over {spec.cap // _MB} MB, too big for a {spec.noun} "
            "(is it the right file?)")


def _unreadable(path: Path | str, exc: OSError) -> str:
    return f"{shown(path)}: cannot read the file ({exc.strerror or exc})"
