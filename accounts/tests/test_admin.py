"""The operator's User admin: find by email, deactivate (ending sessions), nothing private."""

import asyncio

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from accounts.models import User
from accounts.tests.conftest import sign_in
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client() -> tuple[Client, User]:
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    return client, operator


def test_admin_lists_and_searches_people_by_email(operator_client):
    client, _ = operator_client
    UserFactory(email="sam@clinic.example")
    UserFactory(email="alex@clinic.example")
    page = client.get("/admin/accounts/user/", {"q": "sam@"})
    assert page.status_code == 200
    assert b"sam@clinic.example" in page.content
    assert b"alex@clinic.example" not in page.content


def test_admin_user_page_is_read_only(operator_client):
    client, _ = operator_client
    person = UserFactory()
    page = client.get(f"/admin/accounts/user/{person.pk}/change/")
    assert page.status_code == 200
    assert b'name="email"' not in page.content
    assert person.password.encode() not in page.content
    response = client.post(f"/admin/accounts/user/{person.pk}/change/", {"email": "new@clinic.example"})
    assert response.status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert client.get(f"/admin/accounts/user/{person.pk}/delete/").status_code == 403


def test_admin_deactivation_ends_the_persons_sessions(operator_client):
    client, operator = operator_client
    person = UserFactory()
    theirs = Client()
    sign_in(theirs, person)
    assert theirs.get("/today/").status_code == 200
    assert UserSession.objects.filter(user=person).exists()

    response = client.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [person.pk, operator.pk], "index": 0},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    operator.refresh_from_db()
    assert not person.is_active
    assert operator.is_active  # nobody deactivates themselves
    assert not UserSession.objects.filter(user=person).exists()
    assert theirs.get("/today/").status_code == 302  # signed out: sent to the sign-in page
    sign_in(theirs, person)
    assert theirs.get("/today/").status_code == 302  # and cannot sign in again

    client.post(
        "/admin/accounts/user/", {"action": "reactivate", "_selected_action": [person.pk], "index": 0}
    )
    person.refresh_from_db()
    assert person.is_active


def test_admin_registers_nothing_private(operator_client):
    client, _ = operator_client
    index = client.get("/admin/")
    assert index.status_code == 200
    for app_label in (b"journals", b"wellbeing", b"insights"):
        assert b"/admin/" + app_label + b"/" not in index.content


@pytest.mark.django_db(transaction=True)
def test_admin_deactivation_closes_the_persons_live_sockets_at_once():
    """Deactivating ends the sessions, and whatever listens for one of them (a live-room
    socket joins its session's group) hears at once that it ended."""
    from asgiref.sync import async_to_sync, sync_to_async
    from channels.layers import get_channel_layer

    from accounts.services import account_deactivate
    from communities.rooms.consumers import session_group

    person = UserFactory()
    theirs = Client()
    sign_in(theirs, person)
    session_key = theirs.session.session_key

    async def listen_while_deactivating() -> dict:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(session_group(session_key), channel)
        await sync_to_async(account_deactivate)(user=person)
        return await asyncio.wait_for(layer.receive(channel), timeout=10)

    assert async_to_sync(listen_while_deactivating)() == {"type": "chat.session_ended"}


def test_admin_outbox_and_moderation_log_are_read_only_and_show_no_email_text(operator_client):
    from communities.models import ModerationLogEntry
    from communities.tests.factories import CommunityFactory
    from notifications.models import Delivery

    client, operator = operator_client
    person = UserFactory()
    delivery = Delivery.objects.create(
        user=person,
        kind="reminders.checkin",
        channel=Delivery.Channel.EMAIL,
        dedupe_key="admin-test:1",
        status=Delivery.Status.FAILED,
        subject="A subject only the recipient reads",
        text="A body only the recipient reads",
        last_error="SMTPServerDisconnected",
    )
    listing = client.get("/admin/notifications/delivery/", {"status": "failed"})
    assert listing.status_code == 200
    assert b"SMTPServerDisconnected" in listing.content
    page = client.get(f"/admin/notifications/delivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert b"only the recipient reads" not in page.content
    assert client.post(f"/admin/notifications/delivery/{delivery.pk}/delete/").status_code == 403

    entry = ModerationLogEntry.objects.create(
        community=CommunityFactory(), moderator=operator, action=ModerationLogEntry.Action.LOCK_THREAD
    )
    assert client.get("/admin/communities/moderationlogentry/").status_code == 200
    assert client.get(f"/admin/communities/moderationlogentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/communities/moderationlogentry/add/").status_code == 403
