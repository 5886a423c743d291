import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.conftest import sign_in
from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password_lands_on_today(client, user):
    response = sign_in(client, user)

    assert response.status_code == 302
    assert response.url == reverse("today")
    assert client.get(reverse("today")).status_code == 200


def test_login_email_is_not_case_sensitive(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email.upper(), "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302


def test_login_with_a_wrong_password_shows_a_clear_error_and_keeps_the_email(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "not-my-password"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "The email address and/or password you specified are not correct." in html
    assert f'value="{user.email}"' in html
    assert client.get(reverse("today")).status_code == 302


def test_login_sixth_failed_attempt_is_refused_with_a_clear_message(client, user):
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-guess"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()

    refused = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-guess"})

    assert refused.status_code == 200
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    # Even the right password is refused while the limit holds.
    blocked = sign_in(client, user)
    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    assert client.get(reverse("today")).status_code == 302


def test_login_rate_limit_is_per_account_whatever_the_address(client, user):
    for number in range(5):
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": "wrong-guess"},
            REMOTE_ADDR=f"10.0.0.{number + 1}",
        )

    refused = client.post(
        reverse("account_login"), {"login": user.email, "password": "wrong-guess"}, REMOTE_ADDR="10.0.0.99"
    )

    assert "Too many failed login attempts" in refused.content.decode()


def reset_link_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_password_reset_link_sets_a_new_password(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = reset_link_path(mail.outbox[0])

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    new_password = "gentle-morning-tide-7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}, follow=True
    )

    assert "Your password is changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_used_link_shows_an_expired_page(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    path = reset_link_path(mail.outbox[0])
    form_page = client.get(path, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    client.post(form_url, {"password1": "gentle-morning-tide-7", "password2": "gentle-morning-tide-7"})

    for replay in (client.get(path, follow=True), client.get(form_url)):
        assert replay.status_code == 200
        html = replay.content.decode()
        assert "This link has expired" in html
        assert "invalid or has expired" in html
        assert 'name="password1"' not in html


@pytest.mark.parametrize(
    "path", ["/accounts/password/reset/key/1-set-password/", "/accounts/password/reset/key/zz-abc/"]
)
def test_password_reset_forged_link_shows_an_expired_page(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@clinic.example"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


def test_password_reset_malformed_email_gets_a_clear_error(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "not an email"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
