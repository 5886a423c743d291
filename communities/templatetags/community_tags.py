from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(snippet: str) -> SafeString:
    """Search snippets: escape everything, then turn the search's own markers into <mark>."""
    text = escape(snippet or "")
    return mark_safe(text.replace("[[mark]]", "<mark>").replace("[[/mark]]", "</mark>"))  # noqa: S308
