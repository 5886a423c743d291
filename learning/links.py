"""Links from learning into other apps that may or may not be installed."""

import urllib.parse

from django.urls import NoReverseMatch, reverse


def journal_prompt_url(question: str) -> str | None:
    """A new private journal entry started from this question, or None without a journal."""
    if not question:
        return None
    try:
        base = reverse("journals:entry_create")
    except NoReverseMatch:
        return None
    return base + "?prompt=" + urllib.parse.quote(question)


def optional_url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
