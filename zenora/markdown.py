"""One sanitiser for every piece of user-written HTML: markdown in, safe HTML out.

Rendered once when text is saved and stored beside it, never per view. Markdown is rendered
first, then nh3 keeps only a small set of harmless tags: raw HTML in the source (scripts,
styles, frames, event handlers) never survives, and every link is marked so it passes no
referrer and earns no ranking.
"""

import threading

import markdown as _markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "nofollow noopener noreferrer"
# These lose their content too, not just the tag: their text is code or a page, never prose.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})
_EXTENSIONS = ["extra", "sane_lists"]


_local = threading.local()


def _converter() -> _markdown.Markdown:
    """One converter per thread, reset between uses: building one loads every extension."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    return converter


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: no script, style, iframe or event handlers; safe links only."""
    converter = _converter()
    try:
        html = converter.convert(text or "")
    finally:
        converter.reset()
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
