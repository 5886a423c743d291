from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from accounts.models import User


def account_export_profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "time_zone": user.time_zone,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Which second factors are set up, never their secrets.
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "sessions": [
            {"ip": s.ip, "user_agent": s.user_agent, "created_at": s.created_at.isoformat()}
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }
