from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models

from accounts.timezones import is_valid_timezone


def validate_timezone(value: str) -> None:
    if not is_valid_timezone(value):
        raise ValidationError("Choose a time zone from the list, for example Europe/London.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using Zenora. Email is the login; the display name is what peers see."""

    class Role(models.TextChoices):
        COUNSELLOR = "counsellor", "Counsellor"
        PSYCHOLOGIST = "psychologist", "Psychologist"
        SOCIAL_WORKER = "social_worker", "Social worker"
        NURSE = "nurse", "Nurse"
        PEER_WORKER = "peer_worker", "Peer worker"
        PSYCHIATRIST = "psychiatrist", "Psychiatrist"
        OTHER = "other", "Other"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=60, help_text="What colleagues see beside your posts, for example “Sam R.”."
    )
    role = models.CharField("professional role", max_length=20, choices=Role.choices, default=Role.OTHER)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    language = models.CharField(max_length=8, default="en", choices=[("en", "English")])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name
