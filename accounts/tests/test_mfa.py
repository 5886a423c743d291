import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.tests.conftest import activate_totp, reauthenticate, sign_in
from accounts.tests.totp import fresh_totp_code, totp_code

pytestmark = pytest.mark.django_db


def recovery_codes_of(client) -> list[str]:
    page = client.get(reverse("mfa_view_recovery_codes"))
    assert page.status_code == 200
    return re.findall(r"<li><code>([^<]+)</code></li>", page.content.decode())


def test_totp_code_helper_matches_rfc_6238_test_vector():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert totp_code(secret, at=59, digits=8) == "94287082"


def test_mfa_activation_shows_the_secret_and_a_qr_code(reauthenticated_client):
    page = reauthenticated_client.get(reverse("mfa_activate_totp")).content.decode()

    assert 'id="totp-secret"' in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'autocomplete="one-time-code"' in page


def test_mfa_activation_with_a_correct_code_turns_on_totp_and_recovery_codes(reauthenticated_client, user):
    activate_totp(reauthenticated_client)

    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    index = reauthenticated_client.get(reverse("mfa_index")).content.decode()
    assert "You sign in with a code from your authenticator app." in index
    assert len(recovery_codes_of(reauthenticated_client)) == 10


def test_mfa_activation_with_a_wrong_code_shows_a_form_error(reauthenticated_client, user):
    page = reauthenticated_client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = reauthenticated_client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Incorrect code."]
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_mfa_sign_in_asks_for_a_code_after_the_password(client, reauthenticated_client, user):
    secret = activate_totp(reauthenticated_client)
    reauthenticated_client.logout()

    response = sign_in(client, user)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("today")).status_code == 302  # not signed in yet
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert "Enter your code" in page.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(secret)})

    assert response.status_code == 302
    assert response.url == reverse("today")
    assert client.get(reverse("today")).status_code == 200


def test_mfa_sign_in_with_a_recovery_code_works_once(client, reauthenticated_client, user):
    activate_totp(reauthenticated_client)
    code = recovery_codes_of(reauthenticated_client)[0]
    reauthenticated_client.logout()

    sign_in(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("today")).status_code == 200
    reauthenticate(client)
    remaining = recovery_codes_of(client)
    assert len(remaining) == 9
    assert code not in remaining

    client.logout()
    sign_in(client, user)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200
    assert again.context["form"].errors["code"] == ["Incorrect code."]


@pytest.mark.parametrize("code", ["000000", "abc", "", "1" * 200])
def test_mfa_sign_in_with_a_wrong_code_shows_a_clear_error(client, reauthenticated_client, user, code):
    activate_totp(reauthenticated_client)
    reauthenticated_client.logout()
    sign_in(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    errors = response.context["form"].errors["code"]
    assert errors in (["Incorrect code."], ["This field is required."])
    assert errors[0] in response.content.decode()
    assert client.get(reverse("today")).status_code == 302


def test_mfa_deactivation_turns_totp_off(reauthenticated_client, user):
    activate_totp(reauthenticated_client)

    page = reauthenticated_client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    response = reauthenticated_client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_mfa_new_recovery_codes_replace_the_old_ones(reauthenticated_client):
    activate_totp(reauthenticated_client)
    old = recovery_codes_of(reauthenticated_client)

    assert reauthenticated_client.get(reverse("mfa_generate_recovery_codes")).status_code == 200
    response = reauthenticated_client.post(reverse("mfa_generate_recovery_codes"))

    assert response.status_code == 302
    new = recovery_codes_of(reauthenticated_client)
    assert len(new) == 10
    assert not set(old) & set(new)
