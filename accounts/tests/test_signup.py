import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.conftest import sign_in
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "quiet-river-stone-88"


def signup_data(**overrides) -> dict[str, str]:
    data = {
        "email": "robin@clinic.example",
        "display_name": "Robin K.",
        "role": User.Role.NURSE,
        "time_zone": "Pacific/Auckland",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | overrides


def confirmation_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_signup_page_asks_for_name_role_zone_email_and_password(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == ["email", "display_name", "role", "time_zone", "password1", "password2"]
    html = response.content.decode()
    assert "Create your account" in html
    assert 'data-browser-timezone="true"' in html


def test_signup_sends_a_verification_email_and_keeps_the_person_out_until_confirmed(client):
    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="robin@clinic.example")
    assert (user.display_name, user.role, user.time_zone) == ("Robin K.", "nurse", "Pacific/Auckland")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["robin@clinic.example"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert client.get(reverse("today")).status_code == 302


def test_signup_confirmation_link_verifies_the_email_and_signs_in(client):
    client.post(reverse("account_signup"), signup_data())
    path = confirmation_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "robin@clinic.example" in page.content.decode()
    assert not EmailAddress.objects.get(email="robin@clinic.example").verified  # GET alone confirms nothing

    response = client.post(path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="robin@clinic.example").verified
    assert client.get(reverse("today")).status_code == 200


def test_signup_confirmed_person_can_sign_in_again(client):
    client.post(reverse("account_signup"), signup_data())
    client.post(confirmation_path(mail.outbox[0]))
    client.logout()

    response = sign_in(client, User.objects.get(email="robin@clinic.example"), PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("today")
    assert client.get(reverse("today")).status_code == 200


def test_signup_unconfirmed_person_signing_in_is_asked_to_verify(client):
    client.post(reverse("account_signup"), signup_data())
    client.logout()
    mail.outbox.clear()

    response = sign_in(client, User.objects.get(email="robin@clinic.example"), PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("today")).status_code == 302


@pytest.mark.parametrize("email", ["robin", "robin@", "robin@@clinic.example", "robin clinic@example.org"])
def test_signup_malformed_email_gets_a_clear_error_and_keeps_the_text(client, email):
    response = client.post(reverse("account_signup"), signup_data(email=email))

    assert response.status_code == 200
    assert "Enter a valid email address." in response.context["form"].errors["email"]
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "Robin K." in html
    assert not User.objects.exists()


def test_signup_over_long_display_name_gets_a_clear_error(client):
    response = client.post(reverse("account_signup"), signup_data(display_name="R" * 61))

    errors = response.context["form"].errors["display_name"]
    assert errors == ["Ensure this value has at most 60 characters (it has 61)."]
    assert errors[0] in response.content.decode()
    assert not User.objects.exists()


def test_signup_unknown_time_zone_gets_a_clear_error(client):
    response = client.post(reverse("account_signup"), signup_data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"] == [
        "Choose a time zone from the list, for example Europe/London."
    ]
    assert not User.objects.exists()


def test_signup_blank_display_name_is_refused(client):
    response = client.post(reverse("account_signup"), signup_data(display_name="   "))

    assert "display_name" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_existing_email_is_refused_without_a_second_account(client):
    UserFactory(email="robin@clinic.example")

    response = client.post(reverse("account_signup"), signup_data())

    # The page does not reveal that the address is taken; the owner is told by email instead.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="robin@clinic.example").count() == 1
    assert [m.to for m in mail.outbox] == [["robin@clinic.example"]]
