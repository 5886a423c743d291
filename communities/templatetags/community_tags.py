from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(snippet: str) -> SafeString:
    """Search snippets: escape everything, then turn the search's own markers into <mark>."""
    text = escape(snippet or "")
    return mark_safe(text.replace("[[mark]]", "<mark>").replace("[[/mark]]", "</mark>"))  # noqa: S308


@register.simple_tag(takes_context=True)
def reaction_bar(context, post) -> SafeString:
    """A post's reactions: built in Python because the thread page draws thirty of them.

    The same markup the template used to draw: one form per post (each reaction a submit
    button, so it works without JavaScript; htmx swaps the bar in place), counts, and who
    reacted, visible to members.
    """
    ref = post.ref
    summary = post.reaction_summary
    if post.can_react:
        action = f"{context['posts_base']}{ref}/react/"
        buttons = format_html_join(
            "",
            '<button type="submit" name="kind" value="{}" class="reaction{}" aria-pressed="{}">{}{}'
            '<span class="visually-hidden"> for the post by {}</span></button>',
            (
                (
                    item.kind,
                    " reaction-mine" if item.mine else "",
                    "true" if item.mine else "false",
                    item.label,
                    format_html(' <span class="reaction-count">{}</span>', item.count) if item.count else "",
                    post.author_name,
                )
                for item in summary
            ),
        )
        body = format_html(
            '<form method="post" action="{}" class="reaction-form" hx-post="{}" hx-target="#reactions-{}" '
            'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form>',
            action,
            action,
            ref,
            str(context.get("csrf_token", "")),
            buttons,
        )
    else:
        body = format_html_join(
            "",
            '<span class="reaction">{} <span class="reaction-count">{}</span></span>',
            ((item.label, item.count) for item in summary if item.count),
        )
    names = format_html_join(
        "",
        '<p class="muted reaction-names">{}: {}</p>',
        ((item.label, ", ".join(item.names)) for item in summary if item.count),
    )
    return format_html('<div class="reactions" id="reactions-{}">{}{}</div>', ref, body, names)
