"""Entry bodies to safe HTML through Zenora's one sanitiser (zenora/markdown.py).

Journal HTML is rendered when the entry is shown rather than stored: storing it would put a
second copy of the text in the database, which would then need encrypting too.
"""

from django.utils.safestring import SafeString, mark_safe

from zenora.markdown import render_markdown as _sanitised_html


def render_markdown(text: str) -> SafeString:
    return mark_safe(_sanitised_html(text))  # noqa: S308 - sanitised by nh3 in zenora.markdown
