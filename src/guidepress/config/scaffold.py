"""``guidepress init``: a clinic workspace to keep under version control."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from guidepress.config.workspace import CONFIG_FILE
from guidepress.content.exercises import builtin_library_dir
from guidepress.content.loader import DEFAULT_GUIDE
from guidepress.errors import ContentError, UsageError

CONFIG = '''# guidepress workspace settings. Every command run in this folder (or below it)
# uses them; a command-line option overrides the same setting here.
# Paths are relative to this file.

[clinic]
name = ""                     # your clinic's name, e.g. "Riverside Physiotherapy"
address = ""                  # one line, or lines: ["12 River Road", "Springfield SP1 2AB"]
phone = ""
emergency_number = ""         # e.g. "999", "911" or "112": printed in the safety box
website = ""
# logo = "logo.svg"           # SVG or PNG in this folder, printed on every product
disclaimer = "This sheet supports, and does not replace, advice from your clinician."

[colors]                      # brand colours (#rrggbb); they become CSS variables
# accent = "#1d5b86"          # headings and highlights
# accent_soft = "#e8f1f8"     # tinted boxes
# alert = "#a4161a"           # safety warnings

[defaults]
guide = "guide/back-in-action"
output = "output"
paper = "a4"                  # a4 or letter
theme = "default"             # default, large-print, ink-saver, high-contrast
language = ""                 # empty: the guide's own language; or e.g. "es"
# date_format = "dd/mm/yyyy"  # how you write short dates (07/12/2026), or "mm/dd/yyyy";
                              # ISO dates (2026-12-07) are always read

# [guides]                    # more guides by id, for a clinic with several conditions:
# knee = "guides/knee"        # a prescription says guide: knee, a roster has a guide column
'''

TEMPLATES_README = '''# Your templates

A template here replaces the built-in template of the same name. To change one
part only, extend the built-in template and replace one block:

```jinja
{# templates/handout.html #}
{% extends "builtin/handout.html" %}
{% block summary %}<p class="summary">Ask us about group classes.</p>{% endblock %}
```

Blocks of `handout.html`: clinic, title_block, summary, contents, intro, sections,
safety, faq. Blocks of `routine.html`: sheet_header, cards, tracker, safety, notes.
`base.html` (every product): doc_title, head, body. The built-in templates are in
the guidepress package's `templates/` folder; `guidepress schema` lists the guide's
fields, which templates see as `guide.<field>`.
'''

STYLES_README = '''# Your styles

- `custom.css` here is applied last, on top of every product. Change one
  variable and everything that uses it follows:

  ```css
  :root { --color-accent: #7a1f5c; --size-body: 13pt; }
  ```

  Variables: --font-body, --size-body, --line-height, --color-text, --color-muted,
  --color-accent, --color-accent-soft, --color-rule, --color-alert.
- A file with the same name as a built-in stylesheet (print.css, handout.css,
  routine.css, ...) replaces it.
- `themes/<name>.css` adds a theme (or replaces a built-in one of that name);
  use it with `--theme <name>` or `theme = "<name>"` in guidepress.toml.
'''

ROSTER = '''id,patient,clinician,start,weeks,follow_up,exercises
p001,Ana García,Dr Lee,2026-12-01,4,2026-12-29,plank 3x30s; bridge 2x12 2/day; bird-dog 2x8
p002,Tom Okafor,Dr Lee,2026-12-02,6,,cat-cow 1x10 2/day; childs-pose 2x30s; knee-to-chest
'''

PRESCRIPTION = '''# One patient's programme: guidepress routine prescription.yaml
patient: Ana García
clinician: Dr Lee
start: 2026-12-01
weeks: 4
follow_up: 2026-12-29
per_page: 2
exercises:
  - plank 3x30s 5/week
  - bird-dog 2x8 2/day
  - dose: bridge 2x12
    note: Squeeze your buttocks at the top.
'''


def init_workspace(folder: Path) -> list[Path]:
    """Create a workspace in ``folder``; refuse to overwrite an existing one.

    The workspace is built in a temporary folder and renamed into place, so a full
    disk or a refused write never leaves half a workspace. An empty folder that
    exists already (``guidepress init .``) is kept, as it may be the shell's own:
    the workspace's parts are moved into it, and taken out again if one fails.
    """
    folder = Path(folder)
    if (folder / CONFIG_FILE).exists():
        raise UsageError(f"{folder / CONFIG_FILE} already exists; this is a workspace already")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} is not empty; give a new or empty folder")
    existing = folder.is_dir()
    try:
        home = folder if existing else folder.parent
        home.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".guidepress-init.", suffix=".part", dir=home))
    except OSError as exc:
        raise ContentError(f"{folder}: cannot create the workspace here ({exc.strerror})") from None
    try:
        made = _fill(staging)
        if existing:
            _move_parts(staging, folder)
        else:
            staging.rename(folder)
    except OSError as exc:
        raise ContentError(f"{folder}: cannot create the workspace here ({exc.strerror}); "
                           "nothing was left behind") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / path.relative_to(staging) for path in made]


def _move_parts(staging: Path, folder: Path) -> None:
    """Move what ``staging`` holds into ``folder``, all of it or none."""
    moved: list[Path] = []
    try:
        for part in sorted(staging.iterdir()):
            part.rename(folder / part.name)
            moved.append(folder / part.name)
    except OSError:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        raise


def _fill(folder: Path) -> list[Path]:
    guide = folder / "guide"
    shutil.copytree(DEFAULT_GUIDE, guide / DEFAULT_GUIDE.name,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(builtin_library_dir(), guide / "exercises",
                    ignore=shutil.ignore_patterns("__pycache__"))
    files = {
        CONFIG_FILE: CONFIG,
        "templates/README.md": TEMPLATES_README,
        "styles/README.md": STYLES_README,
        "output/.gitignore": "*\n!.gitignore\n",
        "examples/roster.csv": ROSTER,
        "examples/prescription.yaml": PRESCRIPTION,
    }
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [folder / name for name in files] + [guide]
