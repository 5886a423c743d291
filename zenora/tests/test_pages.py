"""The project's own pages: visitors see the public page or are sent to sign in."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PRIVATE = ["/today/", "/me/settings/", "/me/data/", "/me/delete/"]


@pytest.fixture
def member_client(client: Client) -> Client:
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    return client


def test_pages_landing_is_public(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_pages_landing_sends_members_to_today(member_client):
    response = member_client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("today")


@pytest.mark.parametrize("path", PRIVATE)
def test_pages_private_pages_send_visitors_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={path}"


@pytest.mark.parametrize("path", PRIVATE)
def test_pages_private_pages_open_for_members(member_client, path):
    response = member_client.get(path)

    assert response.status_code == 200
    assert b"<h1>" in response.content
