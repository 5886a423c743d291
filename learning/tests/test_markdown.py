import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zenora.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, render_markdown

DANGEROUS = [
    "<script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<iframe src="https://example.org"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    '<div onclick="alert(1)">x</div>',
    "<object data=x></object>",
    '<svg onload="alert(1)">',
    '<p style="color:red">x</p>',
]
markdownish = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(DANGEROUS),
        st.sampled_from(["# ", "## ", "* ", "1. ", "> ", "`", "```\n", "| a | b |\n|---|---|\n", "**", "_", "\n\n"]),
        st.builds(lambda t, u: f"[{t}]({u})", st.text(max_size=10), st.sampled_from(["https://a.example", "/x", "mailto:a@b.c", "javascript:x", "data:text/html,x"])),
    ),
    max_size=12,
).map("".join)  # fmt: skip


def _tags(html: str) -> list[str]:
    return re.findall(r"<\s*([a-zA-Z0-9]+)", html)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_render_markdown_never_lets_scripts_styles_frames_or_handlers_through(text):
    html = render_markdown(text).lower()
    assert not {"script", "style", "iframe", "object", "svg", "img", "div"} & set(_tags(html))
    assert not re.search(r"<[^>]*\son\w+\s*=", html)
    assert not re.search(r"<[^>]*\sstyle\s*=", html)
    # Text can mention anything; only real link targets matter (a "<" in text is escaped).
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html)
    assert not [href for href in hrefs if href.strip().startswith(("javascript:", "data:", "vbscript:"))]


@settings(max_examples=200, deadline=None)
@given(markdownish)
def test_render_markdown_marks_every_link_nofollow_noopener_noreferrer(text):
    html = render_markdown(text)
    for anchor in re.findall(r"<a\b[^>]*>", html):
        assert f'rel="{LINK_REL}"' in anchor


@settings(max_examples=300, deadline=None)
@given(st.one_of(markdownish, st.text(max_size=200)))
def test_render_markdown_outputs_only_allowed_tags_and_attributes(text):
    html = render_markdown(text)
    assert set(_tags(html.lower())) <= ALLOWED_TAGS
    for tag, attributes in re.findall(r"<([a-z0-9]+)((?:\s+[a-z-]+=\"[^\"]*\")*)\s*/?>", html):
        names = set(re.findall(r"([a-z-]+)=", attributes))
        assert names <= ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())


def test_render_markdown_keeps_headings_lists_emphasis_code_quotes_tables_and_links():
    html = render_markdown(
        "## Heading\n\n* one\n* two\n\n1. first\n\n*soft* **strong** `code`\n\n> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[a link](https://example.org)\n\n```\nblock\n```\n"
    )
    for tag in ("<h2>", "<ul>", "<ol>", "<em>", "<strong>", "<code>", "<blockquote>", "<table>", "<pre>"):
        assert tag in html
    assert f'<a href="https://example.org" rel="{LINK_REL}">a link</a>' in html


def test_render_markdown_removes_script_content_entirely():
    html = render_markdown("Hello <script>steal()</script> there")
    assert "steal" not in html
    assert "Hello" in html and "there" in html


def test_render_markdown_of_empty_text_is_empty():
    assert render_markdown("") == ""
