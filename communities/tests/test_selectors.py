import pytest
from django.test import Client
from django.urls import reverse

from communities import selectors, services
from communities.models import Community, Membership
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_search_posts_ranks_title_matches_first_and_highlights_the_snippet():
    membership = MembershipFactory()
    community, user = membership.community, membership.user
    services.thread_create(
        author=user, community=community, title="Sleep", body="Nightmares about a client's story."
    )
    services.thread_create(
        author=user, community=community, title="Nightmares", body="Dreams after work again."
    )

    results = list(selectors.search_posts(user, "nightmares"))

    assert [post.thread.title for post in results] == ["Nightmares", "Sleep"]
    assert "[[mark]]Nightmares[[/mark]]" in results[1].snippet


def test_search_posts_never_returns_groups_the_person_is_not_inside():
    mine = MembershipFactory()
    theirs = MembershipFactory()
    suspended = MembershipFactory(user=mine.user, state=Membership.State.SUSPENDED)
    banned = MembershipFactory(user=mine.user, state=Membership.State.BANNED)
    left = MembershipFactory(user=mine.user, state=Membership.State.LEFT)
    services.thread_create(
        author=mine.user, community=mine.community, title="Mine", body="compassion fatigue"
    )
    for other in (theirs, banned, left):
        author = MembershipFactory(community=other.community).user
        services.thread_create(
            author=author, community=other.community, title="Other", body="compassion fatigue"
        )
    services.thread_create(
        author=MembershipFactory(community=suspended.community).user,
        community=suspended.community,
        title="Still readable",
        body="compassion fatigue",
    )

    titles = sorted(post.thread.title for post in selectors.search_posts(mine.user, "compassion fatigue"))

    assert titles == ["Mine", "Still readable"]


def test_search_posts_websearch_syntax_and_empty_queries():
    membership = MembershipFactory()
    services.thread_create(
        author=membership.user, community=membership.community, title="A", body="grief and anger"
    )
    assert selectors.search_posts(membership.user, '"grief and anger"').count() == 1
    assert selectors.search_posts(membership.user, "grief -anger").count() == 0
    assert selectors.search_posts(membership.user, "   ").count() == 0


def test_search_page_escapes_snippets_but_marks_matches():
    membership = MembershipFactory()
    services.thread_create(
        author=membership.user, community=membership.community, title="A", body="<b>bold</b> burnout talk"
    )
    client = Client()
    client.force_login(membership.user)
    html = client.get(reverse("communities:search"), {"q": "burnout"}).content.decode()
    assert "<mark>burnout</mark>" in html
    assert "<b>bold</b>" not in html


def test_recent_threads_mark_unread_until_read_and_again_after_a_new_reply():
    community = CommunityFactory()
    reader = MembershipFactory(community=community).user
    writer = MembershipFactory(community=community).user
    thread = services.thread_create(author=writer, community=community, title="T", body="b")

    assert selectors.mark_unread(selectors.recent_threads(community, reader))[0].is_unread
    services.thread_mark_read(user=reader, thread=thread)
    assert not selectors.mark_unread(selectors.recent_threads(community, reader))[0].is_unread
    services.post_create(author=writer, thread=thread, body="more")
    assert selectors.mark_unread(selectors.recent_threads(community, reader))[0].is_unread


def test_community_home_counts_threads_new_since_the_last_visit():
    community = CommunityFactory()
    member = MembershipFactory(community=community).user
    client = Client()
    client.force_login(member)
    url = reverse("communities:home", args=[community.slug])
    assert client.get(url).context["new_since_visit"] is None
    services.thread_create(
        author=MembershipFactory(community=community).user, community=community, title="Fresh", body="b"
    )
    response = client.get(url)
    assert response.context["new_since_visit"] == 1
    assert "1 thread with new posts since your last visit" in response.content.decode()


def test_members_directory_lists_current_members_only():
    community = CommunityFactory()
    active = MembershipFactory(community=community)
    MembershipFactory(community=community, state=Membership.State.REQUESTED)
    MembershipFactory(community=community, state=Membership.State.BANNED)
    assert [m.pk for m in selectors.members_directory(community)] == [active.pk]


def test_member_suggestions_match_name_prefix_within_the_group():
    community = CommunityFactory()
    MembershipFactory(community=community, user__display_name="Sam Okafor")
    MembershipFactory(community=community, user__display_name="Priya Shah")
    UserFactory(display_name="Sam Outsider")
    assert [m.user.display_name for m in selectors.member_suggestions(community, "sa")] == ["Sam Okafor"]
    assert selectors.member_suggestions(community, "") == []


def test_communities_to_discover_hides_invite_only_groups():
    person = UserFactory()
    open_group = CommunityFactory(join_policy=Community.JoinPolicy.OPEN)
    request_group = CommunityFactory(join_policy=Community.JoinPolicy.REQUEST)
    CommunityFactory(join_policy=Community.JoinPolicy.INVITE)
    assert {c.pk for c in selectors.communities_to_discover(person)} == {open_group.pk, request_group.pk}


def test_thread_page_shows_reactions_with_names_and_quote_prefills_the_reply():
    membership = MembershipFactory(user__display_name="Robin Vale")
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="line one\nline two"
    )
    post = thread.posts.get()
    reactor = MembershipFactory(community=membership.community, user__display_name="Jo Lind").user
    services.reaction_toggle(user=reactor, post=post, kind="been_there")
    client = Client()
    client.force_login(membership.user)
    html = client.get(thread.get_absolute_url(), {"quote": post.pk}).content.decode()
    assert "Been there: Jo Lind" in html
    assert "&gt; **Robin Vale** wrote:" in html


def test_htmx_reaction_returns_only_the_reaction_fragment():
    membership = MembershipFactory()
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="b"
    )
    post = thread.posts.get()
    client = Client()
    client.force_login(membership.user)
    response = client.post(
        reverse("communities:react", args=[membership.community.slug, post.pk]),
        {"kind": "thanks"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div class="reactions"')
    assert 'aria-pressed="true"' in html
    assert "<html" not in html
