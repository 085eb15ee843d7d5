"""The composer in a real browser (Debian's chromium-headless-shell, driven by Playwright).

A clinician's flows, by keyboard where the issue asks for it: compose, see the
inline message for a bad dose, download the PDF and read it back, save the
prescription and reopen it. One browser for these tests, a new page each test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from guidepress.content.doses import parse_dose

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

PREVIEW_WAIT = 60_000  # ms: a layout on a busy machine


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element with ``element_id`` has the focus."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def add_by_keyboard(page, search: str, dose: str) -> None:
    """In the search box: type, Enter adds the first match and moves to its dose; type the
    dose, Enter goes back to the search box."""
    page.keyboard.type(search)
    page.keyboard.press("Enter")
    page.keyboard.type(dose)
    page.keyboard.press("Enter")


def wait_for_preview(page) -> int:
    expect(page.locator("#status")).to_have_text(re.compile(r"\d+ pages?, as printed"),
                                                 timeout=PREVIEW_WAIT)
    return int(page.text_content("#status").split()[0])


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_compose_three_exercises_by_keyboard_and_download(page, server, tmp_path):
    library = server.composer.source("", "").library
    page.keyboard.type("Ana García")  # the name field has the focus when the page opens
    tab_to(page, "clinician")
    page.keyboard.type("Dr Lee")
    tab_to(page, "fillable")
    page.keyboard.press("Space")  # the tracker to fill in on a tablet: form fields
    tab_to(page, "search")
    chosen = [("bridge", "bridge", "2x12"), ("plank", "plank", "3x30s 5/week"),
              ("bird dog", "bird-dog", "2x8 2/day")]
    for search, _, dose in chosen:
        add_by_keyboard(page, search, dose)
    assert page.locator("#programme > li").count() == 3
    tab_to(page, "up-1")  # plank first: the reorder buttons work from the keyboard
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "up-0"
    pages = wait_for_preview(page)
    images = page.locator("#pages img")
    assert images.count() == pages > 1  # page 1 comes with the preview, the others by address
    for n in range(pages):
        expect(images.nth(n)).to_have_js_property("complete", True, timeout=PREVIEW_WAIT)
        assert images.nth(n).evaluate("image => image.naturalWidth") > 500
    tab_to(page, "download")
    with page.expect_download(timeout=PREVIEW_WAIT) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "Ana-García-routine.pdf"
    target = tmp_path / "sheet.pdf"
    download.value.save_as(target)
    text = pdf_text(target)
    assert "Ana García" in text and "Dr Lee" in text
    assert len(PdfReader(target).pages) == pages
    order = [chosen[1], chosen[0], chosen[2]]
    places = []
    for _, id_, dose in order:
        item = parse_dose(f"{id_} {dose}", library)
        summary = " ".join(item.dose.summary().split())
        assert summary in text, f"{summary!r} not in the sheet"
        places.append(text.index(item.exercise.name))
    assert places == sorted(places), "the sheet keeps the order set in the composer"
    fields = PdfReader(target).get_fields()  # 4 weeks (the default), bird-dog twice a day
    assert sum(name.startswith("week") and "-done-" in name for name in fields) == 4 * 7 * 2
    assert "follow-up" in fields  # no follow-up was set: the header's line to write it on
    if os.environ.get("GUIDEPRESS_SCREENSHOT"):  # the README's picture
        page.screenshot(path=os.environ["GUIDEPRESS_SCREENSHOT"], full_page=False)


def test_a_bad_dose_shows_its_message_inline(page):
    page.fill("#patient", "Bo Chen")
    page.fill("#search", "bridge")
    page.press("#search", "Enter")
    page.keyboard.type("3x")
    error = page.locator("#dose-error-0")
    error.wait_for(state="visible", timeout=PREVIEW_WAIT)
    assert error.text_content().startswith('"3x" is not a dose')
    assert page.get_attribute("#dose-0", "aria-invalid") == "true"
    page.fill("#dose-0", "3x10")
    expect(page.locator("#dose-error-0")).to_have_text("", timeout=PREVIEW_WAIT)
    assert wait_for_preview(page) >= 1
    # beside the preview, what guidepress check finds in the sheet
    findings = page.locator("#findings")
    expect(findings).to_contain_text("contrast: ", timeout=PREVIEW_WAIT)
    expect(findings).to_contain_text("type size: ")


def test_reopen_a_saved_prescription_and_change_a_dose(page, browser, server, tmp_path):
    page.fill("#patient", "Zoë Ødegaard")
    page.fill("#follow_up", "2027-01-04")
    for search, dose in (("cat cow", "1x10 2/day"), ("plank", "3x20s")):
        page.fill("#search", search)
        page.press("#search", "Enter")
        page.keyboard.type(dose)
    with page.expect_download(timeout=PREVIEW_WAIT) as saved:
        page.click("#save")
    assert saved.value.suggested_filename == "Zoë-Ødegaard-prescription.yaml"
    visit = tmp_path / saved.value.suggested_filename
    saved.value.save_as(visit)

    # next visit: a fresh page, the saved file opened, one dose changed
    context = browser.new_context(accept_downloads=True)
    again = context.new_page()
    again.goto(f"{server.base}/?token={server.token}")
    again.wait_for_selector("#results li")
    again.set_input_files("#open", str(visit))
    again.wait_for_selector("#dose-1")
    assert again.input_value("#patient") == "Zoë Ødegaard"
    assert again.input_value("#follow_up") == "2027-01-04"
    assert again.input_value("#dose-0") == "1x10 2/day"
    again.fill("#dose-1", "3x45s")
    wait_for_preview(again)
    with again.expect_download(timeout=PREVIEW_WAIT) as sheet:
        again.click("#download")
    target = tmp_path / "sheet.pdf"
    sheet.value.save_as(target)
    text = pdf_text(target)
    library = server.composer.source("", "").library
    assert parse_dose("plank 3x45s", library).dose.summary() in text
    assert parse_dose("plank 3x20s", library).dose.summary() not in text
    context.close()


def test_the_composer_has_no_accessibility_violations(page, tmp_path):
    """With everything a clinician can make appear: six exercises (and the note that
    says so), an inline dose error and a roster's bad row."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page.fill("#patient", "Ana")
    for name in ("bridge", "plank", "cat cow", "bird dog", "cobra", "superman"):
        page.fill("#search", name)
        page.press("#search", "Enter")
    expect(page.locator("#count-note")).to_contain_text("6 exercises")
    page.keyboard.type("3x")  # the last one's dose
    page.locator("#dose-error-5").wait_for(state="visible", timeout=PREVIEW_WAIT)
    roster = tmp_path / "r.csv"
    roster.write_text("id,patient,exercises\nu1,Ana Lopez,brdge\n", encoding="utf-8")
    page.set_input_files("#roster", str(roster))
    expect(page.locator("#roster-problems li")).to_have_count(1)
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_roster_with_a_bad_row_prints_every_good_sheet(page, tmp_path):
    import json
    import zipfile

    roster = tmp_path / "today.csv"
    roster.write_text("id,patient,exercises\nu1,Ana Lopez,bridge 2x12\n"
                      "u2,Bo Okafor,plank 3x30s; cat-cow\nu3,Cy Díaz,brdge 2x12\n", encoding="utf-8")
    page.set_input_files("#roster", str(roster))
    problems = page.locator("#roster-problems li")
    expect(problems).to_have_count(1)
    assert re.search(r"today\.csv row 4: .*brdge", problems.first.text_content())
    expect(page.locator("#roster-summary")).to_contain_text("2 ready to print")
    page.click("#run")
    expect(page.locator("#run-files")).to_be_visible(timeout=120_000)
    expect(page.locator("#run-status")).to_contain_text("Done: 2 sheets")
    assert page.get_attribute("#run-progress", "value") == page.get_attribute("#run-progress", "max") == "2"
    files = {}
    for link in ("get-merged", "get-sheets", "get-manifest"):
        with page.expect_download(timeout=PREVIEW_WAIT) as download:
            page.click(f"#{link}")
        files[link] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[link])
    merged = pdf_text(files["get-merged"])
    assert "Ana Lopez" in merged and "Bo Okafor" in merged and "Cy Díaz" not in merged
    with zipfile.ZipFile(files["get-sheets"]) as archive:
        names = archive.namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    rows = json.loads(files["get-manifest"].read_text(encoding="utf-8"))["rows"]
    assert [(r["id"], r["status"]) for r in rows] == [
        ("u1", "written"), ("u2", "written"), ("u3", "failed")]
    assert sorted(r["file"] for r in rows if r["file"]) == sorted(names)


def test_save_a_clinic_template_and_start_a_sheet_from_it(page, browser, server):
    for search, dose in (("knee to chest", "1x5"), ("bridge", "2x10")):
        page.fill("#search", search)
        page.press("#search", "Enter")
        page.keyboard.type(dose)
    page.fill("#template-name", "Lumbar week 1")
    page.click("#template-save")
    expect(page.locator("#template-status")).to_have_text('Saved the template "Lumbar week 1".')

    context = browser.new_context()
    later = context.new_page()
    later.goto(f"{server.base}/?token={server.token}")
    later.wait_for_selector("#results li")
    later.select_option("#template-pick", label="Lumbar week 1")
    later.click("#template-use")
    later.wait_for_selector("#dose-1")
    assert [later.input_value(f"#dose-{i}") for i in range(2)] == ["1x5", "2x10"]
    assert later.input_value("#patient") == ""  # the next patient's own
    items = later.locator("#programme > li")
    items.nth(1).locator(".grip").drag_to(items.nth(0))  # drag, for a mouse
    expect(later.locator("#dose-0")).to_have_value("2x10")  # the list is drawn again after the drop
    assert [later.input_value(f"#dose-{i}") for i in range(2)] == ["2x10", "1x5"]
    later.fill("#patient", "Bo Chen")
    assert wait_for_preview(later) >= 1
    context.close()


def test_the_browser_refuses_an_inline_script_on_the_composer(browser, server):
    """What the Content-Security-Policy promises, as the browser enforces it: a script
    slipped into the page (the way an injected one would run) does not run."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.base}/?token={server.token}")
    page.wait_for_selector("#results li")
    with pytest.raises(playwright_api.Error, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'changed'")
    assert page.title() != "changed"
    context.close()
