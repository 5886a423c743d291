import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.totp import fresh_totp_code


def sign_in(client: Client, user: User, password: str = DEFAULT_PASSWORD):
    """Sign in through allauth's own form, so the session records a fresh authentication."""
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def reauthenticate(client: Client, password: str = DEFAULT_PASSWORD) -> None:
    """Confirm the password again: allauth guards export, deletion and MFA set-up with it.

    A fresh sign-in does not count; allauth only trusts an explicit re-authentication.
    """
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content[:500]


def activate_totp(client: Client) -> str:
    """Turn on TOTP through the settings pages; returns the secret shown on the page."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(
        r'<code class="totp-secret" id="totp-secret"[^>]*>([A-Z2-7]+)</code>', page.content.decode()
    )
    assert secret, "the setup key is shown as text"
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret.group(1))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret.group(1)


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
