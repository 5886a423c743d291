import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journals.exporting import journal_export_data
from journals.models import Entry
from journals.selectors import read_all_entries
from journals.tests.factories import UserFactory, make_entry

pytestmark = pytest.mark.django_db


def _upload(client, payload, name="journal.json"):
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(
        reverse("journals:import"), {"file": SimpleUploadedFile(name, raw, "application/json")}
    )


def _comparable(user):
    return [
        (v.created_at, v.content.title, v.content.body, v.content.tags, v.content.mood, v.content.prompt)
        for v in read_all_entries(user)
    ]


def test_transfer_json_round_trip_restores_the_same_entries(client):
    first, second = UserFactory(), UserFactory()
    make_entry(first, title="Ünïcode ☀", body="Line one\n\n- a list", tags=["a", "b"], mood=5, prompt="P?")
    make_entry(first, body="No title, no tags")
    client.force_login(first)
    exported = client.post(reverse("journals:export_json"))
    assert exported["Content-Disposition"].startswith("attachment;")
    client.force_login(second)
    response = _upload(client, exported.content)
    assert response.status_code == 200
    assert b"2 entries were imported" in response.content
    assert _comparable(second) == _comparable(first)
    # Importing again adds nothing.
    again = _upload(client, exported.content)
    assert b"0 entries were imported" in again.content and b"already in your journal" in again.content
    assert Entry.objects.filter(user=second).count() == 2


def test_transfer_import_accepts_the_account_export_file(client):
    from accounts.services import account_export

    first, second = UserFactory(), UserFactory()
    make_entry(first, body="from the account export")
    payload = json.loads(json.dumps(account_export(user=first)))
    client.force_login(second)
    assert _upload(client, payload).status_code == 200
    assert [v.content.body for v in read_all_entries(second)] == ["from the account export"]


def test_transfer_zip_holds_markdown_with_front_matter_and_json(client):
    user = UserFactory()
    make_entry(user, title='Quotes "and" colons: yes', body="Body **text**", tags=["x"], mood=3)
    client.force_login(user)
    response = client.post(reverse("journals:export_zip"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    markdown_name = next(n for n in names if n.startswith("entries/") and n.endswith(".md"))
    text = archive.read(markdown_name).decode()
    assert text.startswith('---\ntitle: "Quotes \\"and\\" colons: yes"\n')
    assert 'tags: ["x"]' in text and 'mood: "Okay"' in text
    assert text.rstrip().endswith("Body **text**")
    assert json.loads(archive.read("journal.json"))["entries"][0]["title"] == 'Quotes "and" colons: yes'


def test_transfer_exports_need_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("journals:export_zip")).status_code == 405


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json at all {", b"not valid JSON"),
        (b"\xff\xfe\x00garbage", b"not valid JSON"),
        (b"[1, 2, 3]", b"not a Zenora journal export"),
        (json.dumps({"format": "zenora-journal", "version": 99, "entries": []}).encode(), b"newer version"),
        (
            json.dumps({"format": "zenora-journal", "version": 1, "entries": "nope"}).encode(),
            b"no list of entries",
        ),
        (b"[" * 100_000 + b"]" * 100_000, b"not valid JSON"),
    ],
)
def test_transfer_malformed_files_import_nothing_and_say_why(client, raw, message):
    user = UserFactory()
    client.force_login(user)
    response = _upload(client, raw)
    assert response.status_code == 422
    assert message in response.content
    assert not Entry.objects.filter(user=user).exists()


def test_transfer_hostile_entries_are_reported_and_the_valid_ones_imported(client):
    user = UserFactory()
    client.force_login(user)
    good = {"created_at": "2026-01-05T09:00:00+00:00", "title": "Good", "body": "fine"}
    entries = [
        good,
        {"created_at": "2026-01-05T09:00:00+00:00", "body": "x" * 100_001},
        {"created_at": "yesterday-ish", "body": "bad date"},
        {"created_at": "2999-01-01T00:00:00+00:00", "body": "future"},
        {"created_at": "2026-01-05T09:00:00+00:00", "body": {"$where": "1"}},
        {"created_at": "2026-01-05T09:00:00+00:00", "body": "m", "mood": 9},
        {"created_at": "2026-01-05T09:00:00+00:00", "body": "m", "mood": True},
        {"created_at": "2026-01-05T09:00:00+00:00", "body": "t", "tags": "not a list"},
        {"created_at": "2026-01-05T09:00:00+00:00", "body": "u", "is_superuser": True},
        "a string, not an entry",
        {"created_at": "2026-01-06T09:00:00", "body": "<script>alert(1)</script> naive date"},
    ]
    response = _upload(client, {"format": "zenora-journal", "version": 1, "entries": entries})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 entries were imported" in html
    assert "9 entries were not imported" in html
    for reason in ("at most 100,000 characters", "not a valid date", "in the future", "body is not text",
                   "mood is not one of", "tags are not a list", "fields Zenora does not know", "not an entry"):  # fmt: skip
        assert reason in html
    bodies = sorted(v.content.body for v in read_all_entries(user))
    assert bodies == ["<script>alert(1)</script> naive date", "fine"]
    assert "<script>alert(1)" not in client.get(reverse("journals:entry_list")).content.decode()


def test_transfer_export_data_is_json_ready():
    user = UserFactory()
    make_entry(user, body="x", tags=["t"])
    data = journal_export_data(user)
    assert json.loads(json.dumps(data)) == data
    assert data["format"] == "zenora-journal" and len(data["entries"]) == 1


def test_transfer_import_page_without_a_file_asks_for_one(client):
    client.force_login(UserFactory())
    response = client.post(reverse("journals:import"), {})
    assert response.status_code == 422
    assert b"This field is required" in response.content
