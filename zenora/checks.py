"""System checks that refuse weak secrets: errors, so `migrate`, `check --deploy` and every
management command stop before a deployment runs with a guessable key."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from zenora.keys import is_master_key

# Words that only ever appear in example or generated-for-development values.
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "insecure", "replace-me", "replaceme")
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def weak_secret_reason(value: str) -> str | None:
    """Why a SECRET_KEY is too weak, or None."""
    lowered = value.lower()
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"it contains the placeholder {word!r}"
    if len(value) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(value)) < SECRET_KEY_MIN_UNIQUE:
        return f"it has fewer than {SECRET_KEY_MIN_UNIQUE} different characters"
    return None


def _generated_outside_embedded(setting: str) -> bool:
    return not settings.DEBUG and not settings.EMBEDDED and getattr(settings, f"{setting}_GENERATED", False)


@register(Tags.security, deploy=False)
def check_secret_key(app_configs=None, **kwargs) -> list:
    if _generated_outside_embedded("SECRET_KEY"):
        return [
            Error(
                "SECRET_KEY is not set: a key generated under var/ differs between the web, worker "
                "and beat containers and is lost when a container is recreated.",
                hint='Set SECRET_KEY, e.g. to python -c "import secrets; print(secrets.token_urlsafe(50))".',
                id="zenora.E004",
            )
        ]
    reason = weak_secret_reason(settings.SECRET_KEY or "")
    if reason is None or settings.DEBUG:
        return []
    return [
        Error(
            f"SECRET_KEY is weak: {reason}.",
            hint='Set SECRET_KEY to a long random value, e.g. python -c "import secrets; '
            'print(secrets.token_urlsafe(50))".',
            id="zenora.E001",
        )
    ]


@register(Tags.security, deploy=False)
def check_journal_keys(app_configs=None, **kwargs) -> list:
    if _generated_outside_embedded("JOURNAL_KEYS"):
        return [
            Error(
                "JOURNAL_KEYS is not set: a key generated under var/ differs between containers and "
                "is lost with them, and every journal with it.",
                hint="Set JOURNAL_KEYS to the output of `manage.py generate_journal_key`, and back it up.",
                id="zenora.E005",
            )
        ]
    keys = [key for key in settings.JOURNAL_KEYS if key.strip()]
    if not keys:
        return [
            Error(
                "JOURNAL_KEYS is empty: journals cannot be encrypted or read.",
                hint="Generate a key with `manage.py generate_journal_key`.",
                id="zenora.E002",
            )
        ]
    problems = []
    for position, key in enumerate(keys, start=1):
        if is_master_key(key):
            continue
        message = (
            f"JOURNAL_KEYS entry {position} is not a master key (32 random bytes in base64): "
            "it would be stretched from a passphrase with unsalted HKDF."
        )
        hint = (
            "A new deployment: `manage.py generate_journal_key`. An existing one whose entry wrapped "
            "data keys: `manage.py generate_journal_key --from-passphrase` prints the same key in the "
            "right form (nothing to re-encrypt); put it in place of this entry."
        )
        if settings.DEBUG:
            problems.append(Warning(message, hint=hint, id="zenora.W002"))
        else:
            problems.append(Error(message, hint=hint, id="zenora.E003"))
    if len(set(keys)) != len(keys):
        problems.append(Warning("JOURNAL_KEYS lists the same key twice.", id="zenora.W003"))
    return problems
