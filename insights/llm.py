"""Optional reflection on one journal entry by an OpenAI-compatible endpoint the deployment runs.

Off unless ``LLM_BASE_URL`` is set (Django setting or environment variable), with ``LLM_MODEL``
and optionally ``LLM_API_KEY`` and ``LLM_TIMEOUT`` (seconds). A person asks for it per entry,
sees where the text goes first, and likely identifiers are stripped before sending. Neither the
request nor the reply is stored or logged: the reply is shown once and is gone.
"""

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from zenora.textchecks import find_identifiers

SYSTEM_PROMPT = (
    "You are a warm, careful reflective companion for a mental-health professional who keeps a "
    "private journal about the emotional weight of their work. Reflect back what you notice in "
    "their entry in a few short paragraphs: feelings, needs, signs of strain or of strength, and "
    "one gentle question they might sit with. Do not diagnose, do not give clinical advice about "
    "their clients, and if the entry suggests they may be in danger, encourage them to contact "
    "crisis support or someone they trust right away."
)
MAX_CHARS = 12_000


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str
    timeout: float

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base_url).netloc or self.base_url


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, "") or default)


def llm_config() -> LLMConfig | None:
    base_url = _setting("LLM_BASE_URL").rstrip("/")
    if not base_url:
        return None
    try:
        timeout = float(_setting("LLM_TIMEOUT", "20"))
    except ValueError:
        timeout = 20.0
    return LLMConfig(
        base_url=base_url,
        model=_setting("LLM_MODEL", "default"),
        api_key=_setting("LLM_API_KEY"),
        timeout=timeout,
    )


# --- stripping identifiers ----------------------------------------------------------------------

# The same finder as the forum's confidentiality guard (zenora.textchecks.find_identifiers), so a
# name in lower case, a name with an age, a street or an NHS number is stripped here exactly as it
# would be flagged there. Two extras only matter when text leaves the server: links, and a bare age.
_PLACEHOLDER = {
    "client_name": "name",
    "street_address": "address",
    "date_of_birth": "date",
    "record_number": "number",
    "ssn": "id number",
    "nhs_number": "id number",
    "sin": "id number",
    "medicare": "id number",
}
_EXTRAS: tuple[tuple[str, re.Pattern], ...] = (
    ("link", re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)),
    ("age", re.compile(r"\b\d{1,3}[- ]?(?:years?|yrs?|yo)(?:[- ]old)?\b|\baged \d{1,3}\b", re.IGNORECASE)),
)


def redact(text: str) -> tuple[str, dict[str, int]]:
    """Replace likely identifiers with placeholders; returns the text and what was replaced."""
    counts: dict[str, int] = {}
    spans: list[tuple[int, int, str]] = []
    for finding in find_identifiers(text):
        spans.append((finding.start, finding.end, _PLACEHOLDER.get(finding.kind, finding.kind)))
    for label, pattern in _EXTRAS:
        spans.extend((m.start(), m.end(), label) for m in pattern.finditer(text))
    spans.sort(key=lambda span: (span[0], span[0] - span[1]))
    pieces: list[str] = []
    position = 0
    for start, end, label in spans:
        if start < position:
            continue  # inside something already replaced
        pieces.append(text[position:start])
        pieces.append(f"[{label}]")
        counts[label] = counts.get(label, 0) + 1
        position = end
    pieces.append(text[position:])
    return "".join(pieces), counts


# --- the request -------------------------------------------------------------------------------


class ReflectionUnavailable(Exception):
    """The endpoint timed out, failed or refused; the message is safe to show (no entry text)."""


@sensitive_variables("text", "payload", "body")
def reflect(config: LLMConfig, text: str) -> str:
    payload = {
        "model": config.model,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": text[:MAX_CHARS]},
        ],
        "temperature": 0.7,
    }
    headers = {"Content-Type": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(  # noqa: S310 - the operator configures this URL
        config.base_url + "/chat/completions",
        data=json.dumps(payload).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
            body = json.loads(response.read().decode())
    except TimeoutError as error:
        raise ReflectionUnavailable(
            f"{config.host} did not answer within {config.timeout:g} seconds."
        ) from error
    except urllib.error.HTTPError as error:
        raise ReflectionUnavailable(f"{config.host} answered with an error ({error.code}).") from None
    except (urllib.error.URLError, OSError) as error:
        if isinstance(getattr(error, "reason", None), TimeoutError):
            raise ReflectionUnavailable(
                f"{config.host} did not answer within {config.timeout:g} seconds."
            ) from None
        raise ReflectionUnavailable(f"{config.host} could not be reached.") from None
    except ValueError:
        raise ReflectionUnavailable(f"{config.host} sent a reply Zenora could not read.") from None
    try:
        choice = body["choices"][0]
        message = choice.get("message") or {}
    except (KeyError, IndexError, TypeError, AttributeError):
        raise ReflectionUnavailable(f"{config.host} sent a reply Zenora could not read.") from None
    if message.get("refusal") or choice.get("finish_reason") == "content_filter":
        raise ReflectionUnavailable("The model declined to reflect on this entry.")
    content = (message.get("content") or "").strip()
    if not content:
        raise ReflectionUnavailable("The model sent back an empty reflection.")
    return content
