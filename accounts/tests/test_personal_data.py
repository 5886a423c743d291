import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.conftest import activate_totp, sign_in
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_export_requires_recent_reauthentication(signed_in_client):
    response = signed_in_client.post(reverse("accounts:data_export"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_export_is_a_json_download_of_the_users_own_data_only(reauthenticated_client, user):
    other = UserFactory(display_name="Someone Else", email="someone.else@clinic.example")
    sign_in(Client(), other)  # the other person has a session of their own

    response = reauthenticated_client.post(reverse("accounts:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="zenora-export-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["format"] == "zenora-export"
    profile = data["profile"]
    assert profile["email"] == user.email
    assert profile["display_name"] == user.display_name
    assert profile["time_zone"] == "Europe/London"
    assert profile["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert len(profile["sessions"]) == 1
    text = response.content.decode()
    assert "someone.else@clinic.example" not in text
    assert "Someone Else" not in text
    assert user.password not in text


def test_export_lists_second_factors_without_their_secrets(reauthenticated_client, user):
    secret = activate_totp(reauthenticated_client)

    response = reauthenticated_client.post(reverse("accounts:data_export"))

    data = json.loads(response.content)
    assert data["profile"]["two_factor_methods"] == ["recovery_codes", "totp"]
    assert secret not in response.content.decode()


def test_export_page_explains_and_offers_the_download(signed_in_client):
    response = signed_in_client.get(reverse("accounts:data"))

    assert response.status_code == 200
    assert "Download my data (JSON)" in response.content.decode()


def test_export_by_get_is_not_allowed(reauthenticated_client):
    assert reauthenticated_client.get(reverse("accounts:data_export")).status_code == 405


def test_delete_requires_recent_reauthentication(signed_in_client, user):
    response = signed_in_client.post(reverse("accounts:delete"), {"confirm": "DELETE"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_with_the_wrong_confirmation_is_refused_with_a_message(reauthenticated_client, user):
    response = reauthenticated_client.post(reverse("accounts:delete"), {"confirm": "delete me please"})

    assert response.status_code == 422
    assert "Type DELETE, in capitals, to confirm." in response.content.decode()
    assert 'value="delete me please"' in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_removes_the_user_and_every_row_of_theirs(reauthenticated_client, user):
    second_device = Client()
    sign_in(second_device, user)
    activate_totp(reauthenticated_client)
    other = UserFactory()
    sign_in(Client(), other)
    assert UserSession.objects.filter(user=user).count() == 2

    response = reauthenticated_client.post(reverse("accounts:delete"), {"confirm": "DELETE"})

    assert response.status_code == 302
    assert response.url == reverse("landing")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(user_id=user.pk).exists()
    assert not Authenticator.objects.filter(user_id=user.pk).exists()
    assert not UserSession.objects.filter(user_id=user.pk).exists()
    remaining_users = {str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()}
    assert str(user.pk) not in remaining_users
    assert str(other.pk) in remaining_users
    # The other person is untouched; both of the deleted person's browsers are signed out.
    assert User.objects.filter(pk=other.pk).exists()
    assert second_device.get(reverse("today")).status_code == 302
    assert reauthenticated_client.get(reverse("today")).status_code == 302
    landing = reauthenticated_client.get(reverse("landing"))
    assert "Your account and everything in it have been deleted." in landing.content.decode()
