import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory


def sign_in(client: Client, user: User, password: str = DEFAULT_PASSWORD):
    """Sign in through allauth's own form, so the session records a fresh authentication."""
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def reauthenticate(client: Client, password: str = DEFAULT_PASSWORD) -> None:
    """Confirm the password again: allauth guards export, deletion and MFA set-up with it.

    A fresh sign-in does not count; allauth only trusts an explicit re-authentication.
    """
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content[:500]


@pytest.fixture
def user(db) -> User:
    return UserFactory()


@pytest.fixture
def signed_in_client(client: Client, user: User) -> Client:
    response = sign_in(client, user)
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def reauthenticated_client(signed_in_client: Client) -> Client:
    reauthenticate(signed_in_client)
    return signed_in_client
