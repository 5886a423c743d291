"""Bad input: clear messages, nothing lost, never a 500."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communities import services
from communities.models import Community, Membership, Post, Thread
from communities.tests.factories import InvitationFactory, MembershipFactory, UserFactory
from zenora.markdown import render_markdown

pytestmark = pytest.mark.django_db
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=")

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
]


@pytest.fixture
def member_client():
    membership = MembershipFactory(role=Membership.Role.OWNER)
    client = Client()
    client.force_login(membership.user)
    return client, membership


def assert_inert(html: str) -> None:
    lowered = html.lower()
    for needle in ("<script", "onerror", "onload", "<iframe", "<style", "javascript:", "<svg"):
        assert needle not in lowered, html


@pytest.mark.parametrize("payload", XSS)
def test_bad_input_script_injection_in_threads_replies_and_group_fields_is_inert(member_client, payload):
    client, membership = member_client
    slug = membership.community.slug
    response = client.post(
        reverse("communities:thread_create", args=[slug]), {"title": f"T {payload}", "body": f"Hi {payload}"}
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    client.post(reverse("communities:reply", args=[slug, thread.pk]), {"body": payload})
    client.post(
        reverse("communities:settings", args=[slug]),
        {"name": f"G {payload}", "description": payload, "guidelines": payload, "join_policy": "invite"},
    )
    for post in Post.objects.all():
        assert_inert(post.html)
    assert_inert(Community.objects.get().guidelines_html)
    for url in (
        reverse("communities:thread", args=[slug, thread.pk]),
        reverse("communities:home", args=[slug]),
        reverse("communities:guidelines", args=[slug]),
        reverse("communities:search") + "?q=Hi",
    ):
        body = client.get(url).content.decode()
        assert (
            "<script>alert" not in body and 'onerror="alert' not in body and "<iframe src='https" not in body
        )


def test_bad_input_oversize_title_and_body_re_render_with_the_text_kept(member_client):
    client, membership = member_client
    long_title = "t" * 161
    long_body = "b" * 20001
    response = client.post(
        reverse("communities:thread_create", args=[membership.community.slug]),
        {"title": long_title, "body": long_body},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert long_title in html and "at most 160 characters" in html
    assert not Thread.objects.exists()


def test_bad_input_empty_reply_is_refused_and_oversize_reply_keeps_the_text(member_client):
    client, membership = member_client
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="b"
    )
    url = reverse("communities:reply", args=[membership.community.slug, thread.pk])
    assert client.post(url, {"body": "   "}).status_code == 422
    response = client.post(url, {"body": "é" * 20001})
    assert response.status_code == 422
    assert "é" * 100 in response.content.decode()
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    [
        "Null\x00byte",
        "emoji 🫶🏽 and ZWJ 👩‍⚕️",
        "rtl \u202eevil",
        "combining e\u0301\u0301\u0301",
        "\ud7ff edge",
    ],
)
def test_bad_input_unicode_edge_cases_never_500(member_client, text):
    client, membership = member_client
    response = client.post(
        reverse("communities:thread_create", args=[membership.community.slug]), {"title": text, "body": text}
    )
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert "Null" in response.content.decode()
    else:
        assert Thread.objects.get().title == text


def test_bad_input_malformed_markdown_renders_without_error(member_client):
    client, membership = member_client
    body = "**unclosed *nested [link](  \n> > > deep\n```\nunterminated code\n|a|b|\n|-|\n<div><p>"
    response = client.post(
        reverse("communities:thread_create", args=[membership.community.slug]), {"title": "Odd", "body": body}
    )
    assert response.status_code == 302
    assert Post.objects.get().body == body.strip()


def test_bad_input_double_submitted_reaction_and_guidelines_are_harmless(member_client):
    client, membership = member_client
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="b"
    )
    post = thread.posts.get()
    other = MembershipFactory(community=membership.community)
    other_client = Client()
    other_client.force_login(other.user)
    url = reverse("communities:guidelines", args=[membership.community.slug])
    assert other_client.post(url).status_code == 302
    assert other_client.post(url).status_code == 302
    react = reverse("communities:react", args=[membership.community.slug, post.pk])
    assert other_client.post(react, {"kind": "support"}).status_code == 302
    assert other_client.post(react, {"kind": "nonsense"}).status_code == 302
    assert post.reactions.count() == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expired"),
        ({"max_uses": 1, "use_count": 1}, "as many times"),
    ],
)
def test_bad_input_unusable_invite_links_explain_themselves(client, changes, words):
    invitation = InvitationFactory(**changes)
    response = client.get(reverse("communities:invite", args=[invitation.token]))
    assert response.status_code == 410
    assert words in response.content.decode()
    client.force_login(UserFactory())
    assert client.post(reverse("communities:invite", args=[invitation.token])).status_code == 410
    assert not Membership.objects.filter(community=invitation.community).exists()


def test_bad_input_unknown_invite_token_is_not_found(client):
    assert client.get(reverse("communities:invite", args=["no-such-token"])).status_code == 404


def test_bad_input_bad_search_and_page_numbers_never_500(member_client):
    client, _ = member_client
    for query in ["", "'", '"unclosed', "a & | ! (", "x" * 500, "OR AND NOT", "\x00"]:
        response = client.get(reverse("communities:search"), {"q": query, "page": "abc"})
        assert response.status_code in (200, 422)


def test_bad_input_suspend_without_a_date_explains(member_client):
    client, membership = member_client
    target = MembershipFactory(community=membership.community)
    response = client.post(
        reverse("communities:person", args=[membership.community.slug, target.pk]),
        {"action": "suspend"},
        follow=True,
    )
    assert "Choose a date in the future" in response.content.decode()
    target.refresh_from_db()
    assert target.state == "active"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                *"<>\"'=/ :;()[]{}!*_`#-\n",
                "script",
                "iframe",
                "style",
                "svg",
                "img",
                "a",
                "href",
                "src",
                "javascript:",
                "onerror",
                "onload",
                "alert(1)",
                "[x]",
                "(javascript:alert(1))",
                "&#106;",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_sanitiser_output_never_carries_script_handlers_or_unsafe_links(text):
    html = render_markdown(text)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<style" not in lowered
    assert 'href="javascript' not in lowered
    assert not EVENT_HANDLER.search(lowered)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_sanitiser_links_always_carry_nofollow_noopener_noreferrer(text):
    html = render_markdown(f"{text} [link](https://example.org/x)")
    assert html.count("<a ") == html.count('rel="nofollow noopener noreferrer"')
