"""One sanitiser for every piece of user-written HTML: markdown in, safe HTML out.

Rendered once when text is saved and stored beside it, never per view.
"""

import markdown as _markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
LINK_REL = "nofollow noopener noreferrer"


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: no script, style, iframe or event handlers; safe links only."""
    # Raw HTML in the source is escaped as text rather than trusted, then nh3 cleans the result.
    html = _markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
