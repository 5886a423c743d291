import json
import secrets

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from journals.crypto import forget_cached_key, key_ring
from journals.models import DataKey, Entry
from journals.prompts import all_prompts, prompt_groups, random_prompt
from journals.selectors import read_all_entries
from journals.tests.factories import UserFactory, make_entry
from zenora.crisis import crisis_resources, is_personal_crisis


def test_library_has_at_least_forty_prompts_in_the_named_groups():
    names = {group.name for group in prompt_groups()}
    assert len(all_prompts()) >= 40
    for expected in ("After a difficult session", "End of the working day", "Noticing my body", "Boundaries",
                     "Meaning and satisfaction", "Gratitude", "Hope"):  # fmt: skip
        assert expected in names
    assert len({p.text for p in all_prompts()}) == len(all_prompts())


def test_library_random_prompt_respects_its_group():
    for _ in range(20):
        assert random_prompt("boundaries").group_slug == "boundaries"
    assert random_prompt("no-such-group").text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some days I want to die", True),
        ("I’ve been thinking about   SUICIDE", True),
        ("I can't go on like this", True),
        # Case talk and training are part of the work: the journal no longer alarms on them.
        ("The client spoke about self-harm", False),
        ("We discussed suicide prevention training", False),
        ("This caseload is killing me", False),
        ("A difficult session but I feel okay", False),
        ("The battery died on the way home", False),
        ("", False),
    ],
)
def test_library_crisis_phrases(text, expected):
    assert is_personal_crisis(text) is expected


def test_library_crisis_resources_come_from_the_deployment_file(tmp_path):
    path = tmp_path / "resources.json"
    path.write_text(
        json.dumps({"heading": "Help here", "resources": [{"name": "Clinic line", "phone": "0100"}]})
    )
    with override_settings(CRISIS_RESOURCES_FILE=str(path)):
        data = crisis_resources()
    assert data["heading"] == "Help here" and data["resources"][0]["name"] == "Clinic line"
    assert "local emergency number" in json.dumps(crisis_resources())
    with override_settings(CRISIS_RESOURCES_FILE=str(tmp_path / "missing.json")):
        assert crisis_resources()["resources"]


@pytest.mark.django_db
def test_library_prompt_pages(client):
    client.force_login(UserFactory())
    listing = client.get(reverse("journals:prompt_list"))
    assert listing.status_code == 200 and b"Noticing my body" in listing.content
    page = client.get(reverse("journals:prompt_random") + "?group=gratitude")
    assert b"Gratitude" in page.content and b"Write from this prompt" in page.content
    fragment = client.get(reverse("journals:prompt_random"), headers={"HX-Request": "true"})
    assert fragment.content.lstrip().startswith(b"<section")


@pytest.mark.django_db
def test_library_rotate_command_rewraps_and_entries_stay_readable(settings):
    users = [UserFactory() for _ in range(2)]
    for user in users:
        make_entry(user, body=f"written by {user.pk}")
    old = settings.JOURNAL_KEYS[0]
    new = secrets.token_urlsafe(32)
    with override_settings(JOURNAL_KEYS=[new, old]):
        call_command("rotate_journal_keys")
        current = key_ring()[0][0]
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {current}
    with override_settings(JOURNAL_KEYS=[new]):
        for user in users:
            forget_cached_key(user)
            assert [v.content.body for v in read_all_entries(user)] == [f"written by {user.pk}"]


@pytest.mark.django_db
def test_library_demo_seeder_gives_the_clinician_a_dozen_entries_once():
    from accounts.demo import demo_user, seed_demo_users
    from journals.demo import seed_demo_journal

    seed_demo_users()
    seed_demo_journal()
    seed_demo_journal()
    clinician = demo_user("clinician@zenora.example")
    views = read_all_entries(clinician)
    assert len(views) == 12 and all(v.readable for v in views)
    assert len({v.content.mood for v in views}) >= 4
    span = views[-1].created_at - views[0].created_at
    assert 45 <= span.days <= 62
    assert Entry.objects.exclude(user=clinician).count() == 0
