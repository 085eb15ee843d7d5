"""Every product, in every variant of conftest.VARIANTS, passes independent
validators: pdfua and our structure checks (tests/validate.py), and ``qpdf --check``."""

from __future__ import annotations

import pikepdf
import pytest
from conftest import PRODUCT_FILES
from pypdf import PdfReader
from tagged import tree
from validate import accessibility_problems, has_qpdf, qpdf_problems


@pytest.mark.parametrize("product", PRODUCT_FILES)
def test_pdfua_and_structure_checks_find_nothing(every_product, product):
    problems = {f.name: accessibility_problems(f) for f in every_product[product]}
    assert problems and not any(problems.values()), problems


@pytest.mark.skipif(not has_qpdf(), reason="qpdf is not installed (Debian: apt-get install qpdf)")
@pytest.mark.parametrize("product", PRODUCT_FILES)
def test_qpdf_check_is_clean(every_product, product):
    problems = {f.name: qpdf_problems(f) for f in every_product[product]}
    assert problems and not any(problems.values()), problems


# conftest.MARGARET's sheet: a four-week tracker that fits a page in one table
# (daily), or a table per week, each fitting a page (per exercise)
@pytest.mark.parametrize("product, tables", [("routine", 1), ("routine-per-exercise", 4)])
def test_a_tracker_table_that_fits_a_page_is_one_table(every_product, product, tables):
    """A table split across pages becomes two Table elements: a screen reader meets
    two tables, the second without its header row."""
    with pikepdf.open(every_product[product][0]) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        found = [pages[e.Pg.objgen] for e in tree(pdf) if e.S == "/Table"]
    assert len(found) == tables, found


def test_the_per_exercise_tracker_says_how_many_days_a_week(every_product):
    """An exercise done on some days of the week says how many in its row's head
    ("any 5 days"); one done every day says nothing more."""
    text = " ".join(PdfReader(every_product["routine-per-exercise"][0]).pages[-1].extract_text().split())
    assert "Plank any 5 days" in text and "Bridge any 5 days" in text
    assert "Hamstring Stretch any" not in text
