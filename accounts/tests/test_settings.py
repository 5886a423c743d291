import re
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.middleware import UserTimezoneMiddleware
from accounts.tests.conftest import sign_in
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_data(user, **overrides) -> dict[str, str]:
    data = {
        "display_name": user.display_name,
        "role": user.role,
        "time_zone": user.time_zone,
        "language": "en",
    }
    return data | overrides


def test_settings_time_zone_change_is_saved(signed_in_client, user):
    response = signed_in_client.post(reverse("accounts:settings"), profile_data(user, time_zone="Asia/Tokyo"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:settings")
    user.refresh_from_db()
    assert user.time_zone == "Asia/Tokyo"
    page = signed_in_client.get(reverse("accounts:settings")).content.decode()
    assert "Your settings are saved." in page
    assert '<option value="Asia/Tokyo" selected>' in page


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", "Europe/London" * 10])
def test_settings_unknown_time_zone_gets_a_clear_form_error(signed_in_client, user, zone):
    response = signed_in_client.post(reverse("accounts:settings"), profile_data(user, time_zone=zone))

    assert response.status_code == 422
    errors = response.context["form"].errors["time_zone"]
    assert errors[0] in (
        "Choose a time zone from the list, for example Europe/London.",
        "This field is required.",
    )
    assert errors[0] in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "Europe/London"


def test_settings_over_long_display_name_gets_a_clear_error_and_keeps_the_text(signed_in_client, user):
    long_name = "Ada Lovelace-Byron " * 4 + "Ada"

    response = signed_in_client.post(reverse("accounts:settings"), profile_data(user, display_name=long_name))

    assert response.status_code == 422
    assert response.context["form"].errors["display_name"] == [
        "Ensure this value has at most 60 characters (it has 79)."
    ]
    html = response.content.decode()
    assert "Ensure this value has at most 60 characters" in html
    assert long_name in html
    user.refresh_from_db()
    assert user.display_name != long_name


def test_settings_display_name_and_role_are_saved_tidily(signed_in_client, user):
    signed_in_client.post(
        reverse("accounts:settings"), profile_data(user, display_name="  Sam   R. ", role="peer_worker")
    )

    user.refresh_from_db()
    assert (user.display_name, user.role) == ("Sam R.", "peer_worker")


def test_settings_unknown_role_gets_a_clear_error(signed_in_client, user):
    response = signed_in_client.post(reverse("accounts:settings"), profile_data(user, role="wizard"))

    assert response.status_code == 422
    assert "Select a valid choice." in response.context["form"].errors["role"][0]


def test_email_change_sends_a_link_to_the_new_address_and_switches_on_confirmation(
    reauthenticated_client, user
):
    old_email = user.email

    response = reauthenticated_client.post(
        reverse("account_email"), {"action_add": "", "email": "new.me@clinic.example"}
    )

    assert response.status_code == 302
    page = reauthenticated_client.get(reverse("account_email")).content.decode()
    assert "new.me@clinic.example" in page
    assert "We've sent a link there" in page
    message = next(m for m in mail.outbox if m.to == ["new.me@clinic.example"])
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    path = "/" + url.split("/", 3)[3]

    assert reauthenticated_client.get(path).status_code == 200
    reauthenticated_client.post(path)

    user.refresh_from_db()
    assert user.email == "new.me@clinic.example"
    assert EmailAddress.objects.get(user=user, primary=True).email == "new.me@clinic.example"
    assert not EmailAddress.objects.filter(user=user, email=old_email).exists()


def test_email_change_malformed_address_gets_a_clear_error(reauthenticated_client, user):
    response = reauthenticated_client.post(reverse("account_email"), {"action_add": "", "email": "nope@"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="nope@"' in response.content.decode()


def test_email_change_to_someone_elses_address_is_refused(reauthenticated_client, user):
    owner = UserFactory(email="taken@clinic.example")

    response = reauthenticated_client.post(
        reverse("account_email"), {"action_add": "", "email": "taken@clinic.example"}
    )

    # Like sign-up, the page does not reveal whether an address is in use.
    # The request stays pending and unverified; it can never take over the owner's address.
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(user=user, email="taken@clinic.example", verified=True).exists()
    user.refresh_from_db()
    assert user.email != "taken@clinic.example"
    assert EmailAddress.objects.get(user=owner).verified


def test_email_change_can_be_cancelled(reauthenticated_client, user):
    reauthenticated_client.post(
        reverse("account_email"), {"action_add": "", "email": "new.me@clinic.example"}
    )

    reauthenticated_client.post(
        reverse("account_email"), {"action_remove": "", "email": "new.me@clinic.example"}
    )

    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [user.email]


def test_password_change_with_the_current_password(signed_in_client, user):
    response = signed_in_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "calm-harbour-lantern-42",
            "password1": "steady-oak-meadow-19",
            "password2": "steady-oak-meadow-19",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("steady-oak-meadow-19")


def test_timezone_middleware_activates_the_users_zone(user):
    seen: list[str] = []
    middleware = UserTimezoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    request = RequestFactory().get("/")
    user.time_zone = "Pacific/Auckland"
    request.user = user

    middleware(request)

    assert seen == ["Pacific/Auckland"]


def test_timezone_middleware_uses_utc_for_visitors_and_bad_zones(user):
    from django.contrib.auth.models import AnonymousUser

    seen: list[str] = []
    middleware = UserTimezoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    timezone.activate("Asia/Tokyo")  # left over from an earlier request on this thread
    visitor = RequestFactory().get("/")
    visitor.user = AnonymousUser()
    middleware(visitor)
    broken = RequestFactory().get("/")
    user.time_zone = "Not/A_Zone"
    broken.user = user
    middleware(broken)

    assert seen == ["UTC", "UTC"]


def test_timezone_middleware_shows_times_in_the_users_zone_on_a_page(client):
    person = UserFactory(time_zone="Pacific/Auckland")
    sign_in(client, person)
    started = UserSession.objects.get(user=person).created_at

    page = client.get(reverse("usersessions_list")).content.decode()

    in_auckland = date_format(
        timezone.localtime(started, zoneinfo.ZoneInfo("Pacific/Auckland")), "DATETIME_FORMAT"
    )
    in_utc = date_format(timezone.localtime(started, zoneinfo.ZoneInfo("UTC")), "DATETIME_FORMAT")
    assert in_auckland != in_utc
    assert f'title="{in_auckland}"' in page
