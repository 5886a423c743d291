"""Journey 3: private journaling in the browser — write, survive going offline, find, export, import."""

import io
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD as PASSWORD
from journals.models import Entry
from journals.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)


def test_journal_journey_write_offline_restore_find_export_import_and_stay_private(new_context, tmp_path):
    writer = UserFactory(email="writer@clinic.example", display_name="Wren Writer")
    other = UserFactory(email="other@clinic.example", display_name="Otto Other")

    context = new_context()
    page = context.new_page()
    _sign_in(page, writer.email)

    # Write from a prompt.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").click()
    assert_accessible(page)
    page.get_by_role("link", name="Prompts").click()
    assert_accessible(page)
    prompt = "Scan from head to feet. Where am I holding tension right now?"
    page.locator("li", has_text=prompt).get_by_role("link").click()
    expect(page.get_by_role("heading", name="New entry")).to_be_visible()
    expect(page.locator(".journal-prompt")).to_contain_text(prompt)
    assert_accessible(page)
    page.get_by_label("Title").fill("Tension after the Thursday clinic")
    body = page.get_by_label("Entry")
    body.press_sequentially("My jaw was clenched all afternoon. ")
    status = page.locator("[data-journal-status]")
    expect(status).to_contain_text("Draft saved at", timeout=10_000)

    # The network drops; typing goes on and is kept in the browser.
    context.set_offline(True)
    body.press_sequentially("Offline now, still writing about the lighthouse walk.")
    expect(status).to_contain_text("offline")
    context.set_offline(False)

    # Reload: the browser offers the writing back.
    page.reload()
    restore = page.locator("[data-journal-restore]")
    expect(restore).to_be_visible()
    assert_accessible(page)
    restore.get_by_role("button", name="Restore it").click()
    expect(page.get_by_label("Entry")).to_have_value(
        "My jaw was clenched all afternoon. Offline now, still writing about the lighthouse walk."
    )
    expect(page.get_by_label("Title")).to_have_value("Tension after the Thursday clinic")

    # Back online, save.
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tension after the Thursday clinic")
    expect(page.locator(".journal-body")).to_contain_text("lighthouse walk")
    assert_accessible(page)
    entry = Entry.objects.get(user=writer)
    assert b"lighthouse" not in bytes(entry.content)
    entry_url = page.url
    # The saved entry's page told the browser its local copy is safe to forget.
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('zenora.journal.draft.')).length")
        == 0
    )

    # Find it by a word.
    page.get_by_role("link", name="Entries").click()
    page.get_by_label("Words").fill("lighthouse")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("1 entry found")).to_be_visible()
    expect(page.get_by_role("link", name="Tension after the Thursday clinic")).to_be_visible()
    assert_accessible(page)

    # Export: the zip of Markdown files, and the JSON.
    page.get_by_role("link", name="Export and import").click()
    assert_accessible(page)
    with page.expect_download() as zip_download:
        page.get_by_role("button", name="Download as Markdown files (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(zip_download.value.path().read_bytes()))
    markdown = [name for name in archive.namelist() if name.endswith(".md")]
    assert len(markdown) == 1
    assert "lighthouse walk" in archive.read(markdown[0]).decode()
    with page.expect_download() as json_download:
        page.get_by_role("button", name="Download as JSON").click()
    json_path = tmp_path / "journal.json"
    json_download.value.save_as(json_path)

    # Import the JSON into a second account.
    other_page = new_context().new_page()
    _sign_in(other_page, other.email)
    other_page.goto("/journal/export/")
    assert_accessible(other_page)
    other_page.get_by_label("Journal file (JSON)").set_input_files(str(json_path))
    other_page.get_by_role("button", name="Import").click()
    expect(other_page.get_by_text("1 entry was imported.")).to_be_visible()
    assert_accessible(other_page)
    other_page.get_by_role("link", name="Go to your journal").click()
    expect(other_page.get_by_role("link", name="Tension after the Thursday clinic")).to_be_visible()
    assert_accessible(other_page)

    # The second account cannot open the first account's entry.
    response = other_page.goto(entry_url)
    assert response.status == 404
    expect(other_page.locator("main")).not_to_contain_text("lighthouse")
    assert_accessible(other_page)


def test_journal_two_tabs_conflict_crisis_help_and_the_other_pages(new_context):
    from journals.tests.factories import make_entry

    writer = UserFactory(email="tabs@clinic.example")
    entry = make_entry(writer, title="Shared draft", body="The first version.")
    context = new_context()
    tab_a = context.new_page()
    _sign_in(tab_a, writer.email)
    tab_b = context.new_page()
    edit_url = f"/journal/{entry.pk}/edit/"
    tab_a.goto(edit_url)
    assert_accessible(tab_a)
    tab_b.goto(edit_url)
    assert_accessible(tab_b)

    tab_a.get_by_label("Entry").fill("Tab A rewrote this.")
    tab_a.get_by_role("button", name="Save entry").click()
    expect(tab_a.locator(".journal-body")).to_contain_text("Tab A rewrote this.")
    assert_accessible(tab_a)

    # Tab B keeps writing: autosave hears of the other save, and of words that need help.
    tab_b.get_by_label("Entry").fill("Tab B's words. Some nights I feel I can't go on.")
    expect(tab_b.locator("[data-journal-conflict-notice]")).to_be_visible(timeout=10_000)
    expect(tab_b.locator("[data-journal-crisis]")).to_be_visible()
    tab_b.get_by_role("button", name="Save entry").click()
    expect(tab_b.get_by_role("heading", name="This entry was changed somewhere else")).to_be_visible()
    expect(tab_b.locator("#conflict-text")).to_have_value("Tab A rewrote this.")
    expect(tab_b.locator("#id_body")).to_have_value("Tab B's words. Some nights I feel I can't go on.")
    assert_accessible(tab_b)
    tab_b.get_by_role("button", name="Save entry").click()
    expect(tab_b.locator(".journal-body")).to_contain_text("Tab B's words.")
    expect(tab_b.locator("[data-journal-crisis]")).to_be_visible()
    assert_accessible(tab_b)

    # The remaining journal pages, each checked with axe.
    tab_a.goto("/journal/timeline/")
    expect(tab_a.get_by_role("table")).to_contain_text("1")
    assert_accessible(tab_a)
    tab_a.goto("/journal/prompts/random/?group=hope")
    first_prompt = tab_a.locator(".journal-random-prompt blockquote").inner_text()
    tab_a.get_by_role("link", name="Another prompt").click()
    expect(tab_a.locator(".journal-random-prompt blockquote")).not_to_have_text(first_prompt)
    assert_accessible(tab_a)
    tab_a.goto("/journal/print/")
    expect(tab_a.locator(".journal-print-entry")).to_have_count(1)
    assert_accessible(tab_a)
    tab_a.goto(f"/journal/{entry.pk}/delete/")
    assert_accessible(tab_a)
    tab_a.get_by_role("button", name="Delete the entry").click()
    expect(tab_a.get_by_text("The entry was deleted.")).to_be_visible()
    assert_accessible(tab_a)
    assert not Entry.objects.filter(pk=entry.pk).exists()
