import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from journals.content_types import BODY_MAX_LENGTH, EntryContent
from journals.models import Draft, Entry
from journals.selectors import read_entry, search_entries
from journals.services import EntryConflict, draft_save, entry_update
from journals.tests.factories import UserFactory, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_entry_create_from_a_prompt_saves_it_encrypted(client, writer):
    prompt = "What from today's session is still with me?"
    page = client.get(reverse("journals:entry_create") + "?prompt=" + quote(prompt))
    assert page.status_code == 200
    assert "What from today&#x27;s session is still with me?" in page.content.decode()
    response = client.post(
        reverse("journals:entry_create"),
        {"title": "Evening", "body": "My *shoulders* ache.", "tags": "body, #Sleep, body", "mood": "2",
         "prompt": prompt, "draft_id": str(uuid.uuid4())},
    )  # fmt: skip
    entry = Entry.objects.get(user=writer)
    assert response.status_code == 302
    assert response["Location"] == reverse("journals:entry_detail", args=[entry.pk])
    view = read_entry(writer, entry)
    assert (view.title, view.content.tags, view.content.mood, view.content.prompt) == (
        "Evening",
        ["body", "Sleep"],
        2,
        prompt,
    )
    detail = client.get(response["Location"])
    assert b"<em>shoulders</em>" in detail.content
    assert b"Written from the prompt" in detail.content


def test_entry_create_with_empty_body_keeps_the_rest_and_answers_422(client, writer):
    response = client.post(reverse("journals:entry_create"), {"title": "Kept title", "body": "   "})
    assert response.status_code == 422
    assert b"Write something in the entry" in response.content
    assert b'value="Kept title"' in response.content
    assert not Entry.objects.exists()


def test_entry_create_oversize_body_is_refused_and_the_text_kept(client, writer):
    body = "x" * (BODY_MAX_LENGTH + 1)
    response = client.post(reverse("journals:entry_create"), {"body": body})
    assert response.status_code == 422
    assert b"at most 100,000 characters" in response.content
    assert body.encode() in response.content
    assert not Entry.objects.exists()


def test_entry_create_body_at_the_limit_is_accepted(client, writer):
    response = client.post(reverse("journals:entry_create"), {"body": "y" * BODY_MAX_LENGTH})
    assert response.status_code == 302


def test_entry_hostile_markdown_is_sanitised(client, writer):
    body = (
        "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n![x](https://tracker.example/p.gif)\n\n"
        '<img src=x onerror="alert(3)">\n\n<a href="https://ok.example" onclick="evil()">ok</a>'
    )
    entry = make_entry(writer, body=body)
    html = client.get(reverse("journals:entry_detail", args=[entry.pk])).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "tracker.example" not in html
    assert "onerror" not in html and "onclick" not in html
    assert 'href="https://ok.example"' in html


def test_entry_edit_saves_a_new_version(client, writer):
    entry = make_entry(writer, body="first")
    response = client.post(
        reverse("journals:entry_edit", args=[entry.pk]), {"body": "second", "base_version": "1"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.version == 2
    assert read_entry(writer, entry).content.body == "second"


def test_entry_edit_in_two_tabs_shows_both_versions_instead_of_overwriting(client, writer):
    entry = make_entry(writer, body="original")
    edit_url = reverse("journals:entry_edit", args=[entry.pk])
    assert client.post(edit_url, {"body": "from tab A", "base_version": "1"}).status_code == 302
    response = client.post(edit_url, {"body": "from tab B", "base_version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "from tab A" in html and "from tab B" in html
    assert 'name="base_version" value="2"' in html
    entry.refresh_from_db()
    assert read_entry(writer, entry).content.body == "from tab A"
    # Saving again from the conflict page is a deliberate choice: now it replaces.
    assert client.post(edit_url, {"body": "from tab B", "base_version": "2"}).status_code == 302
    entry.refresh_from_db()
    assert read_entry(writer, entry).content.body == "from tab B"


def test_entry_update_service_raises_on_stale_version():
    user = UserFactory()
    entry = make_entry(user, body="one")
    entry_update(user=user, entry_id=entry.pk, base_version=1, content=EntryContent(body="two"))
    with pytest.raises(EntryConflict):
        entry_update(user=user, entry_id=entry.pk, base_version=1, content=EntryContent(body="three"))


def test_entry_delete_removes_it(client, writer):
    entry = make_entry(writer)
    assert client.post(reverse("journals:entry_delete", args=[entry.pk])).status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_entry_autosave_stores_an_encrypted_draft_and_flags_conflicts(client, writer):
    draft_id = uuid.uuid4()
    url = reverse("journals:draft_save")
    response = client.post(url, {"draft_id": str(draft_id), "body": "half a thought"})
    assert response.status_code == 200
    assert response.json()["saved"] is True and response.json()["crisis"] is False
    assert b"half a thought" not in bytes(Draft.objects.get(pk=draft_id).content)
    entry = make_entry(writer, body="v1")
    entry_update(user=writer, entry_id=entry.pk, base_version=1, content=EntryContent(body="v2"))
    stale = client.post(
        url, {"draft_id": str(uuid.uuid4()), "entry_id": str(entry.pk), "base_version": "1", "body": "b"}
    )
    assert stale.json()["conflict"] is True


def test_entry_autosave_reports_crisis_language_to_the_writer(client, writer):
    response = client.post(
        reverse("journals:draft_save"), {"draft_id": str(uuid.uuid4()), "body": "Some days I want to die."}
    )
    assert response.json()["crisis"] is True


def test_entry_autosave_refuses_oversize_text_with_a_message(client, writer):
    response = client.post(
        reverse("journals:draft_save"), {"draft_id": str(uuid.uuid4()), "body": "z" * (BODY_MAX_LENGTH + 1)}
    )
    assert response.status_code == 422
    assert "at most 100,000" in response.json()["errors"]["body"][0]


def test_entry_crisis_phrase_shows_resources_after_saving(client, writer):
    entry = make_entry(writer, body="I keep thinking about how to end my life.")
    calm = make_entry(writer, body="A calm day, the session ended well.")
    assert (
        b"You don&#x27;t have to carry this alone"
        in client.get(reverse("journals:entry_detail", args=[entry.pk])).content
    )
    assert b"carry this alone" not in client.get(reverse("journals:entry_detail", args=[calm.pk])).content


def test_entry_continue_a_server_draft(client, writer):
    draft_id = uuid.uuid4()
    draft_save(user=writer, draft_id=draft_id, content=EntryContent(title="Draft title", body="resume me"))
    listing = client.get(reverse("journals:entry_list"))
    assert b"Unfinished writing" in listing.content
    page = client.get(reverse("journals:entry_create") + f"?draft={draft_id}")
    assert b"resume me" in page.content
    assert str(draft_id).encode() in page.content
    client.post(reverse("journals:entry_create"), {"body": "resume me, done", "draft_id": str(draft_id)})
    assert not Draft.objects.filter(pk=draft_id).exists()


def test_entry_search_by_words_tag_mood_and_dates():
    user = UserFactory(time_zone="Europe/London")
    now = timezone.now()
    make_entry(user, title="River walk", body="The heron was back.", tags=["outside"], mood=4,
               created_at=now - timedelta(days=40))  # fmt: skip
    make_entry(user, body="Supervision about the heron case", tags=["work"], mood=2, created_at=now)
    make_entry(user, body="Nothing much", tags=["Work"], mood=3, created_at=now)
    assert {v.content.body for v in search_entries(user, words="HERON")} == {
        "The heron was back.",
        "Supervision about the heron case",
    }
    assert len(search_entries(user, words="heron supervision")) == 1
    assert len(search_entries(user, tag="#work")) == 2
    assert [v.content.mood for v in search_entries(user, mood=4)] == [4]
    recent = search_entries(user, date_from=(now - timedelta(days=7)).date())
    assert len(recent) == 2
    assert len(search_entries(user, date_to=(now - timedelta(days=30)).date())) == 1


def test_entry_search_page_rejects_invalid_dates_clearly(client, writer):
    response = client.get(reverse("journals:entry_list") + "?date_from=2026-13-45")
    assert response.status_code == 422
    assert b"Enter the start date as a date" in response.content
    reversed_range = client.get(reverse("journals:entry_list") + "?date_from=2026-03-02&date_to=2026-03-01")
    assert reversed_range.status_code == 422
    assert b"The start date is after the end date." in reversed_range.content


def test_entry_search_page_finds_by_word(client, writer):
    make_entry(writer, title="Found me", body="lighthouse")
    make_entry(writer, title="Not me", body="harbour")
    response = client.get(reverse("journals:entry_list") + "?q=lighthouse")
    assert b"Found me" in response.content and b"Not me" not in response.content
    assert b"1 entry found" in response.content


def test_entry_timeline_counts_months_in_the_writers_zone(client):
    user = UserFactory(time_zone="Pacific/Auckland")
    client.force_login(user)
    # 30 Nov 20:00 UTC is already 1 December in Auckland.
    make_entry(user, created_at=datetime(2025, 11, 30, 20, 0, tzinfo=UTC))
    make_entry(user, created_at=datetime(2025, 11, 10, 12, 0, tzinfo=UTC))
    html = client.get(reverse("journals:entry_timeline")).content.decode()
    assert "December 2025" in html and "November 2025" in html
    assert "date_from=2025-12-01&amp;date_to=2025-12-31" in html


def test_entry_print_view_shows_every_entry(client, writer):
    make_entry(writer, title="One", body="first body")
    make_entry(writer, title="Two", body="second body")
    html = client.get(reverse("journals:entry_print")).content.decode()
    assert "first body" in html and "second body" in html
    assert "style=" not in html


def test_entry_invalid_ids_answer_404(client, writer):
    assert client.get("/journal/not-a-uuid/").status_code == 404
    assert client.get(reverse("journals:entry_detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("journals:entry_create") + "?draft=" + str(uuid.uuid4())).status_code == 404


def test_entry_pages_need_sign_in(client):
    response = client.get(reverse("journals:entry_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("size", [3, 30])
def test_entry_list_runs_a_fixed_number_of_queries(client, writer, django_assert_max_num_queries, size):
    for i in range(size):
        make_entry(writer, body=f"entry {i}")
    draft_save(user=writer, draft_id=uuid.uuid4(), content=EntryContent(body="draft"))
    client.get(reverse("today"))  # the session's first request records it; not the journal's cost
    # The journal's own share: count, page, data key, drafts (the rest is session and site chrome).
    for url in ("journals:entry_list", "journals:entry_timeline", "journals:entry_create"):
        with django_assert_max_num_queries(QUERY_BUDGET):
            assert client.get(reverse(url)).status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(reverse("journals:entry_list") + "?q=entry").status_code == 200


QUERY_BUDGET = 12


@pytest.mark.parametrize("size", [0, 25])
def test_entry_today_card_is_one_query(writer, django_assert_max_num_queries, size):
    from journals.today import journal_today_card

    for _ in range(size):
        make_entry(writer)
    with django_assert_max_num_queries(1):
        card = journal_today_card(writer)
    assert card["count"] == size and card["prompt"].text


def test_entry_today_page_shows_the_journal_card(client, writer):
    html = client.get(reverse("today")).content.decode()
    assert 'id="card-journal"' in html
    assert reverse("journals:entry_create") + "?prompt=" in html


def test_entry_times_show_in_the_writers_time_zone(client):
    user = UserFactory(time_zone="Pacific/Auckland")
    client.force_login(user)
    entry = make_entry(user, body="late", created_at=datetime(2026, 1, 10, 22, 30, tzinfo=UTC))
    html = client.get(reverse("journals:entry_detail", args=[entry.pk])).content.decode()
    # 22:30 UTC on 10 January is 11:30 on 11 January in Auckland (summer time, UTC+13).
    assert "Sunday 11 January 2026, 11:30" in html
    assert "Pacific/Auckland" in html
