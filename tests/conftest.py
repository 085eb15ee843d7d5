"""Shared fixtures: warnings from WeasyPrint fail the test; PDFs are rendered once."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from guidepress.cli import app
from guidepress.look.variants import system_cmyk_profile

# Plans kept between runs (products/kept.py) would make later tests depend on earlier
# ones and write to the user's cache folder: off, except where a test turns them on.
os.environ["GUIDEPRESS_CACHE_DIR"] = "off"

DATA = Path(__file__).parent / "data"
FIXTURE_GUIDE = DATA / "guides" / "hand-care"
# a safety part for the fixture guide, added by tests of the checks that look for one
FIXTURE_SAFETY = """
safety:
  heading: Stop and get help
  groups:
    - heading: "Call your local emergency number now if you have:"
      urgent: true
      signs:
        - Numbness in your fingers that spreads.
    - heading: "Call us within a day if you have:"
      signs:
        - A fever.
  body: Stop and rest.
"""


# the exercises of the card_guide fixture: a section that names three, for cards to plan
CARD_GUIDE_EXERCISES = ["cat-cow", "bridge", "plank"]


@pytest.fixture
def card_guide(tmp_path) -> Path:
    """A copy of the fixture guide whose section names CARD_GUIDE_EXERCISES."""
    folder = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, folder)
    text = folder / "guide.yaml"
    text.write_text(text.read_text().replace(
        "      - text: Move your fingers every hour while awake.\n",
        "      - text: Move your fingers every hour while awake.\n"
        f"    exercises: [{', '.join(CARD_GUIDE_EXERCISES)}]\n"))
    return folder


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden HTML snapshots in tests/golden from the current templates.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@pytest.fixture(autouse=True)
def no_weasyprint_warnings():
    """Fail any test during which WeasyPrint logs a warning (font, CSS, image...)."""
    recorder = _Recorder()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(recorder)
    yield recorder
    logger.removeHandler(recorder)
    assert not recorder.records, f"WeasyPrint warned: {recorder.records}"


@pytest.fixture
def run_cli(monkeypatch, tmp_path):
    """Run the CLI in a fresh folder; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


# two rows of the fixture guide, for the tests of re-running a batch
BATCH_ROWS = "id,patient,exercises\nu1,Ana Lopez,bridge\nu2,Bob Okafor,plank\n"


@pytest.fixture
def batch_done_once(tmp_path):
    """A roster of BATCH_ROWS exported once; returns the roster and the batch options."""
    from guidepress.batch.export import BatchOptions, export_batch

    roster = tmp_path / "r.csv"
    roster.write_text(BATCH_ROWS, encoding="utf-8")
    options = BatchOptions(out_dir=tmp_path / "out", workers=1, guide_dir=FIXTURE_GUIDE)
    assert export_batch(roster, options).count("written") == 2
    return roster, options


def own_exercise(folder: Path, id_: str, name: str, like: str = "plank", **lines: str) -> Path:
    """A guide's own exercise ``id_`` in ``folder``, made from a built-in one (``like``)
    under a new id and name; ``lines`` replace other top-level keys (purpose="...")."""
    from guidepress.builtin import BUILTIN_LIBRARY

    text = (BUILTIN_LIBRARY / f"{like}.yaml").read_text(encoding="utf-8")
    for key, value in {"id": id_, "name": name, "aliases": "[]", **lines}.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{id_}.yaml").write_text(text, encoding="utf-8")
    return folder / f"{id_}.yaml"


@pytest.fixture
def knee_workspace(tmp_path) -> Path:
    """A workspace laid out as ``init`` makes it (the shared library in guide/exercises)
    that lists a knee guide (the fixture guide) with its own exercise, quad-set."""
    from guidepress.builtin import BUILTIN_LIBRARY

    shutil.copytree(BUILTIN_LIBRARY, tmp_path / "guide" / "exercises")
    knee = tmp_path / "guides" / "knee"
    shutil.copytree(FIXTURE_GUIDE, knee)
    own_exercise(knee / "exercises", "quad-set", "Quad Set")
    (tmp_path / "guidepress.toml").write_text('[guides]\nknee = "guides/knee"\n', encoding="utf-8")
    return tmp_path


@pytest.fixture
def guide_copy(tmp_path) -> Path:
    """An editable copy of the small fixture guide."""
    target = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, target)
    return target


def pdf_text(path: Path) -> str:
    """All text of a PDF with white space folded and apostrophes unified."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return normalise(text)


def body_text(path: Path, margin_pt: float = 50) -> str:
    """The text of every page without the running header and footer (the page
    margins) and without list numbers and bullets, so sentences that cross pages join up;
    a hyphenated word broken at the end of a line ("well-" "being") joins up too."""
    parts: list[str] = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font_dict, font_size):
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if margin_pt < y < height - margin_pt and not re.fullmatch(r"\s*(\d+\.|•)\s*", text):
                parts.append(text)

        page.extract_text(visitor_text=visit)
    return re.sub(r"(\w-) (\w)", r"\1\2", normalise(" ".join(parts)))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def outline_titles(reader: PdfReader) -> list:
    """The outline as nested lists of titles."""
    def walk(items):
        return [walk(i) if isinstance(i, list) else i.title for i in items]
    return walk(reader.outline)


def folded(text: str) -> str:
    """CLI output with Rich's box-drawing borders and line wrapping folded away."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.fixture(scope="session")
def products(tmp_path_factory) -> dict[str, Path]:
    """Every kind of PDF guidepress makes from the built-in guide, rendered once
    with the default variant: name -> file."""
    from guidepress.content.loader import load_guide
    from guidepress.content.prescription import load_prescription
    from guidepress.pdf.merge import merge_sheets
    from guidepress.products.handout import write_booklet, write_handout, write_library_sheet
    from guidepress.products.posters import write_card, write_poster
    from guidepress.products.routine import write_routine

    out = tmp_path_factory.mktemp("products")
    source = load_guide()
    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", source.library)
    files = {name: out / f"{name}.pdf" for name in (
        "handout", "booklet", "routine", "fillable", "poster", "card", "card-sheet",
        "contact-sheet", "merged")}
    written = [
        write_handout(source, files["handout"]), write_booklet(source, files["booklet"]),
        write_routine(source, rx, files["routine"]),
        write_routine(source, rx, files["fillable"], fillable=True),
        write_poster(source, files["poster"], None),
        write_card(source, files["card"]), write_card(source, files["card-sheet"], sheet=True),
        write_library_sheet(source, files["contact-sheet"]),
    ]
    assert all(w.warnings == [] for w in written), [w.warnings for w in written]
    merge_sheets([("Ana (a1)", "a1", files["routine"]), ("Ana again (a2)", "a2", files["routine"])],
                 files["merged"])
    return files


# A realistic routine sheet: a long name with an apostrophe and accents, and six
# exercises, so the tracker sits below the cards on a page of its own.
MARGARET = ["--patient", "Margaret O'Sullivan-Fernández", "--clinician", "Dr Priya Raman",
            "--weeks", "4", "--start", "2026-12-01", "--follow-up", "2026-12-29",
            "-e", "plank 3x30s", "-e", "bird-dog 2x8 2/day", "-e", "bridge 2x12",
            "-e", "cat-cow 1x10 2/day", "-e", "side-plank 2x20s", "-e", "hamstring-stretch 2x30s"]

# Every product a user can make of the built-in guide, by the command line that
# makes it (each run in a folder of its own) and the files it writes there.
PRODUCT_COMMANDS = {
    "build": ["build", "--out", "."],
    "card-sheet": ["card", "--sheet", "-o", "card-sheet.pdf"],
    "booklet": ["handout", "--booklet", "-o", "booklet.pdf"],
    "routine": ["routine", *MARGARET, "-o", "routine.pdf"],
    "per-exercise": ["routine", *MARGARET, "--tracker", "per-exercise", "-o", "routine.pdf"],
    "fillable": ["routine", str(DATA / "prescriptions" / "ana.yaml"), "--fillable", "-o", "fillable.pdf"],
    "batch": ["batch", "roster.csv", "--out", "sheets", "--merge", "all.pdf", "--workers", "1"],
    "contact-sheet": ["exercises", "--sheet", "contact-sheet.pdf"],
}
ROSTER = "id,patient,exercises\nb1,Ana García,plank 3x30s; bridge 2x12 2/day\nb2,Ben Okafor,cat-cow; bird-dog 2x8\n"
# product -> (the command that makes it, its files in that command's folder); a
# product of several files (posters, a batch's sheets) is checked file by file
PRODUCT_FILES = {
    "handout": ("build", "*-handout.pdf"),
    "plain-handout": ("build", "*-handout-plain.pdf"),
    "posters": ("build", "*-poster-*.pdf"),
    "card": ("build", "*-card.pdf"),
    "card-sheet": ("card-sheet", "card-sheet.pdf"),
    "booklet": ("booklet", "booklet.pdf"),
    "routine": ("routine", "routine.pdf"),
    "routine-per-exercise": ("per-exercise", "routine.pdf"),
    "fillable": ("fillable", "fillable.pdf"),
    "batch-sheets": ("batch", "sheets/*.pdf"),
    "batch-merged": ("batch", "all.pdf"),
    "contact-sheet": ("contact-sheet", "contact-sheet.pdf"),
}


# the --pdf-variant values whose every product the suite renders (once each) and validates:
# the default, the tagged archival ones (each also claims PDF/UA-1) and, where a CMYK
# profile is installed (Ghostscript's), the print shop's
VARIANTS = ["pdf/ua-1", "pdf/a-2a", "pdf/a-3a",
            *(["pdf/x-4"] if system_cmyk_profile() else [])]


@pytest.fixture(scope="session", params=VARIANTS)
def every_product(request, tmp_path_factory) -> dict[str, list[Path]]:
    """Every product (PRODUCT_FILES) made by its command, in each variant of VARIANTS."""
    return render_every_product(tmp_path_factory.mktemp("every-product"), request.param)


def render_every_product(folder: Path, variant: str) -> dict[str, list[Path]]:
    """Run every command of PRODUCT_COMMANDS with ``--pdf-variant variant`` below
    ``folder``: product name (PRODUCT_FILES) -> its files."""
    runner = CliRunner()
    for command, args in PRODUCT_COMMANDS.items():
        work = folder / command
        work.mkdir(parents=True)
        (work / "roster.csv").write_text(ROSTER, encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(work)
        try:
            result = runner.invoke(app, [*args, "--pdf-variant", variant], catch_exceptions=False)
        finally:
            os.chdir(cwd)
        assert result.exit_code == 0 and "warning" not in result.stderr, (command, result.output)
    made = {name: sorted((folder / command).glob(files)) for name, (command, files) in PRODUCT_FILES.items()}
    assert all(made.values()), made
    return made
