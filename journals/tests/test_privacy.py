"""Nobody but the author reads an entry: not another user, a moderator, a superuser or a DB dump."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts.services import account_delete, account_export
from journals import views
from journals.content_types import EntryContent
from journals.crypto import DecryptionError, decrypt_bytes, forget_cached_key
from journals.models import DataKey, Draft, Entry
from journals.selectors import read_entry
from journals.services import draft_save
from journals.tests.factories import UserFactory, make_entry

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Marmalade-Orchid confided about the flood"


def _entry_urls(entry) -> list[str]:
    return [
        reverse("journals:entry_detail", args=[entry.pk]),
        reverse("journals:entry_edit", args=[entry.pk]),
        reverse("journals:entry_delete", args=[entry.pk]),
    ]


def test_privacy_raw_rows_hold_no_plaintext():
    user = UserFactory()
    make_entry(user, title="Orchid title", body=SECRET_WORDS, tags=["floodtag"], prompt="Prompt words here")
    import uuid

    draft_save(user=user, draft_id=uuid.uuid4(), content=EntryContent(body="Draft about Marmalade-Orchid"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM journals_entry")
        entry_rows = cursor.fetchall()
        cursor.execute("SELECT * FROM journals_draft")
        draft_rows = cursor.fetchall()
        cursor.execute("SELECT * FROM journals_datakey")
        key_rows = cursor.fetchall()
    dump = repr(entry_rows + draft_rows + key_rows).encode()
    dump += b"".join(
        bytes(v) for row in entry_rows + draft_rows for v in row if isinstance(v, memoryview | bytes)
    )
    for needle in (b"Marmalade", b"Orchid", b"flood", b"floodtag", b"Prompt words"):
        assert needle not in dump
    assert len(entry_rows) == 1 and len(draft_rows) == 1


@pytest.mark.parametrize("kind", ["other user", "moderator", "superuser"])
def test_privacy_nobody_else_can_open_an_entry(client, kind):
    author = UserFactory()
    entry = make_entry(author, body=SECRET_WORDS)
    reader = UserFactory(is_staff=kind != "other user", is_superuser=kind == "superuser")
    client.force_login(reader)
    for url in _entry_urls(entry):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Marmalade" not in response.content
        if not url.endswith(f"{entry.pk}/"):
            assert client.post(url, {"body": "overwrite", "base_version": 1}).status_code == 404
    listing = client.get(reverse("journals:entry_list") + "?q=flood")
    assert b"confided" not in listing.content
    assert b"0 entries found" in listing.content
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_privacy_no_admin_pages_for_journal_models(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    make_entry(UserFactory(), body=SECRET_WORDS)
    client.force_login(admin)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert b"journals" not in index.content.lower()
    for path in (
        "/admin/journals/",
        "/admin/journals/entry/",
        "/admin/journals/draft/",
        "/admin/journals/datakey/",
    ):
        assert client.get(path).status_code == 404


def test_privacy_another_users_draft_cannot_be_overwritten_or_discarded(client):
    import uuid

    author, intruder = UserFactory(), UserFactory()
    draft_id = uuid.uuid4()
    draft_save(user=author, draft_id=draft_id, content=EntryContent(body="author's draft"))
    client.force_login(intruder)
    response = client.post(reverse("journals:draft_save"), {"draft_id": str(draft_id), "body": "hijack"})
    assert response.status_code == 404
    assert client.post(reverse("journals:draft_discard", args=[draft_id])).status_code == 302
    assert Draft.objects.get(pk=draft_id).user == author
    entry = make_entry(author)
    response = client.post(
        reverse("journals:draft_save"),
        {"draft_id": str(uuid.uuid4()), "entry_id": str(entry.pk), "body": "x"},
    )
    assert response.status_code == 404


def test_privacy_account_deletion_shreds_leftover_ciphertext():
    user = UserFactory()
    entry = make_entry(user, body=SECRET_WORDS)
    # What a backup would still hold: the row and the wrapped key, copied aside.
    leftover_row = bytes(Entry.objects.get(pk=entry.pk).content)
    key_record = DataKey.objects.get(user=user)
    user_pk = user.pk
    account_delete(user=user)
    assert not DataKey.objects.filter(pk=key_record.pk).exists()
    assert not Entry.objects.filter(pk=entry.pk).exists()
    # With the data key gone, no key on this server opens the copy.
    candidates = [UserFactory() for _ in range(2)]
    for other in candidates:
        from journals.crypto import data_key_for

        with pytest.raises(DecryptionError):
            decrypt_bytes(
                data_key_for(other), leftover_row, user_pk=user_pk, context=f"journal_entry:{entry.pk}"
            )


def test_privacy_erase_runs_first_and_export_includes_the_journal():
    from accounts.personal_data import personal_data_sections

    names = [s.name for s in personal_data_sections() if s.erase is not None]
    assert names[0] == "journal"
    user = UserFactory()
    make_entry(user, title="Exported", body="Exported body", tags=["t"])
    data = account_export(user=user)
    assert data["journal"]["entries"][0]["body"] == "Exported body"
    assert data["journal"]["entries"][0]["tags"] == ["t"]


def test_privacy_tampered_entry_answers_an_error_page_not_garbage(client):
    user = UserFactory()
    entry = make_entry(user, title="Untouched neighbour", body="fine")
    tampered = make_entry(user, body="Tamper with this one")
    blob = bytearray(bytes(Entry.objects.get(pk=tampered.pk).content))
    blob[-5] ^= 0x40
    Entry.objects.filter(pk=tampered.pk).update(content=bytes(blob))
    client.force_login(user)
    response = client.get(reverse("journals:entry_detail", args=[tampered.pk]))
    assert response.status_code == 500
    assert b"This entry can't be opened" in response.content
    assert b"Tamper" not in response.content
    # The rest of the journal still opens, with a placeholder for the damaged one.
    listing = client.get(reverse("journals:entry_list"))
    assert listing.status_code == 200
    assert b"Untouched neighbour" in listing.content
    assert b"An entry that cannot be opened" in listing.content
    assert client.get(reverse("journals:entry_detail", args=[entry.pk])).status_code == 200


def test_privacy_moved_ciphertext_is_refused():
    user = UserFactory()
    first = make_entry(user, body="first")
    second = make_entry(user, body="second")
    Entry.objects.filter(pk=second.pk).update(content=bytes(Entry.objects.get(pk=first.pk).content))
    forget_cached_key(user)
    with pytest.raises(DecryptionError):
        read_entry(user, Entry.objects.get(pk=second.pk))


def test_privacy_pages_are_never_cached(client):
    user = UserFactory()
    entry = make_entry(user, body=SECRET_WORDS)
    client.force_login(user)
    response = client.get(reverse("journals:entry_detail", args=[entry.pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_privacy_posted_text_is_hidden_from_error_reports():
    from django.views.debug import SafeExceptionReporterFilter

    user = UserFactory()
    request = RequestFactory().post(reverse("journals:entry_create"), {"body": SECRET_WORDS, "title": "t"})
    request.user = user
    request.session = {}
    request._messages = _NoMessages()
    views.entry_create(request)
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["body"] != SECRET_WORDS
    assert set(filtered.values()) == {SafeExceptionReporterFilter.cleansed_substitute}


class _NoMessages:
    def add(self, *args, **kwargs):
        return None
