"""Every accounts page: visitors are sent to sign in (or see the public page), members get 200."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Pages a visitor may open.
PUBLIC = ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"]
# Pages that need a signed-in person.
PRIVATE = [
    "accounts:settings",
    "accounts:data",
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
]
# Pages that also need a fresh re-authentication (allauth asks for the password again).
REAUTH = ["accounts:delete", "mfa_activate_totp", "mfa_generate_recovery_codes"]


@pytest.mark.parametrize("name", PUBLIC)
def test_access_public_pages_open_for_visitors(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert b"<h1>" in response.content


@pytest.mark.parametrize("name", PRIVATE + REAUTH)
def test_access_private_pages_send_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")


def test_access_sign_out_page_sends_visitors_home(client):
    response = client.get(reverse("account_logout"))

    assert response.status_code == 302
    assert response.url == reverse("landing")


def test_access_sign_out_page_asks_members_first(signed_in_client):
    response = signed_in_client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Sign out of Zenora on this device?" in response.content.decode()
    signed_in_client.post(reverse("account_logout"))
    assert signed_in_client.get(reverse("today")).status_code == 302


@pytest.mark.parametrize("name", ["account_login", "account_signup"])
def test_access_sign_in_pages_send_members_onwards(signed_in_client, name):
    response = signed_in_client.get(reverse(name))

    assert response.status_code == 302
    assert response.url == reverse("today")


@pytest.mark.parametrize("name", PRIVATE + ["account_reset_password"])
def test_access_private_pages_open_for_members(signed_in_client, name):
    response = signed_in_client.get(reverse(name))

    assert response.status_code == 200
    assert b"<h1>" in response.content


@pytest.mark.parametrize("name", REAUTH)
def test_access_sensitive_pages_ask_members_to_confirm_it_is_them(signed_in_client, name):
    response = signed_in_client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    page = signed_in_client.get(response.url)
    assert page.status_code == 200
    assert "Confirm it's you" in page.content.decode()


@pytest.mark.parametrize("name", REAUTH)
def test_access_sensitive_pages_open_after_reauthentication(reauthenticated_client, name):
    assert reauthenticated_client.get(reverse(name)).status_code == 200


def test_access_reauthentication_with_a_wrong_password_shows_an_error(signed_in_client):
    response = signed_in_client.post(reverse("account_reauthenticate"), {"password": "not-it"})

    assert response.status_code == 200
    assert "Incorrect password." in response.content.decode()


def test_access_unknown_confirmation_link_shows_a_clear_page(client, db):
    response = client.get("/accounts/confirm-email/not-a-real-key/")

    assert response.status_code == 200
    assert "invalid or has expired" in response.content.decode()


def test_access_accounts_pages_contain_no_inline_script_or_style(reauthenticated_client):
    for name in PRIVATE + REAUTH:
        html = reauthenticated_client.get(reverse(name)).content.decode()
        assert "style=" not in html, name
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening, (name, opening)
