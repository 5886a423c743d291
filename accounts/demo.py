from allauth.account.models import EmailAddress

from accounts.models import User
from zenora.demo import DEMO_PASSWORD

DEMO_USERS = [
    # email, display name, role, time zone, staff
    ("clinician@zenora.example", "Alex Morgan", User.Role.COUNSELLOR, "Europe/London", False),
    ("lead@zenora.example", "Priya Shah", User.Role.PSYCHOLOGIST, "Europe/London", False),
    ("peer@zenora.example", "Sam Okafor", User.Role.SOCIAL_WORKER, "Europe/Dublin", False),
    ("nurse@zenora.example", "Jo Lindqvist", User.Role.NURSE, "Europe/Stockholm", False),
    ("admin@zenora.example", "Operator", User.Role.OTHER, "UTC", True),
]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def seed_demo_users() -> list[str]:
    for email, name, role, zone, staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "role": role,
                "time_zone": zone,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    logins = ", ".join(email for email, *_ in DEMO_USERS)
    return [f"Demo logins (password {DEMO_PASSWORD}): {logins}"]
