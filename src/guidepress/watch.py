"""``guidepress watch``: render again whenever an input changes, and what it renders.

Polls modification times: no extra dependency, and it works the same on every
system and on network folders where change notifications do not arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from guidepress.builtin import BUILTIN_STYLES, BUILTIN_TEMPLATES
from guidepress.config.settings import Settings
from guidepress.content.folders import library_folders
from guidepress.content.loader import DEFAULT_GUIDE, load_guide
from guidepress.errors import UsageError
from guidepress.products import WATCHABLE
from guidepress.render.product import Written

Snapshot = dict[Path, float]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Modification time of every file below (or at) ``paths``."""
    found: Snapshot = {}
    for root in paths:
        root = Path(root)
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.name.startswith("."):
                continue
            try:
                found[path] = path.stat().st_mtime
            except OSError:
                continue
    return found


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted({p for p in before.keys() | after.keys() if before.get(p) != after.get(p)})


def watch(paths: Callable[[], list[Path]], render: Callable[[], None],
          on_change: Callable[[list[Path]], None] = lambda files: None, *,
          interval: float = 0.5, rounds: int | None = None, sleep=time.sleep) -> None:
    """Render once, then again after every change; ``rounds`` bounds the loop (tests).

    ``paths`` is called each round, so a change of configuration that points at
    other folders is followed too.
    """
    render()
    before = snapshot(paths())
    done = 0
    while rounds is None or done < rounds:
        sleep(interval)
        done += 1
        after = snapshot(paths())
        files = changed(before, after)
        if files:
            on_change(files)
            render()
            before = snapshot(paths())


def product_renderer(product: str, s: Settings, *, prescription: Path | None = None,
                     design: str | None = None) -> Callable[[], Written]:
    """A function that renders ``product`` with settings ``s`` into the output folder."""
    if product not in WATCHABLE:
        raise UsageError(f'cannot watch "{product}"; choose {", ".join(WATCHABLE)}')
    if product == "routine" and not prescription:
        raise UsageError("watching a routine sheet needs --prescription FILE")

    def render() -> Written:
        source = load_guide(s.guide_dir, language=s.language)
        paper = s.paper
        if product == "handout":
            from guidepress.products.handout import handout_name, write_handout

            return write_handout(source, s.out_dir / handout_name(source), paper=paper,
                                 resources=s.resources)
        if product == "routine":
            from guidepress.content.prescription import load_prescription
            from guidepress.products.routine import choose_target, reissue, write_routine

            rx = load_prescription(prescription, source.library)
            # as the routine command does: never over another patient's sheet or a file
            # guidepress did not write, only over this patient's own sheet
            target, _ = choose_target(s.out_dir / f"{prescription.stem}-routine.pdf", rx,
                                      explicit=False, force=False)
            with reissue(target, rx):
                return write_routine(source, rx, target, paper=paper, resources=s.resources)
        if product == "poster":
            from guidepress.products.posters import default_size, find_design, poster_name, write_poster

            chosen = find_design(source, design)
            size = default_size(chosen, s.paper)
            target = s.out_dir / poster_name(source, chosen.id, size, False)
            return write_poster(source, target, chosen.id, size=size, resources=s.resources)
        from guidepress.products.posters import card_name, write_card

        return write_card(source, s.out_dir / card_name(source, False), paper=paper,
                          resources=s.resources)

    return render


def watched_paths(s: Settings, prescription: Path | None = None) -> list[Path]:
    """Content, exercises, templates, styles, settings and prescription of a render."""
    guide = Path(s.guide_dir or DEFAULT_GUIDE)
    resources = s.resources
    paths = [guide, *library_folders(guide).paths, *resources.template_dirs, BUILTIN_TEMPLATES,
             *resources.style_dirs, BUILTIN_STYLES]
    if s.workspace.root:
        paths.append(s.workspace.root / "guidepress.toml")
    if resources.logo:
        paths.append(resources.logo)
    if prescription:
        paths.append(Path(prescription))
    return paths
