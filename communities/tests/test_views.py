import pytest
from django.test import Client
from django.urls import reverse

from communities import services
from communities.models import Community, Invitation, Membership
from communities.tests.factories import CommunityFactory, MembershipFactory, UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_views_open_group_shows_its_front_door_to_outsiders_and_lets_them_join():
    community = CommunityFactory(join_policy=Community.JoinPolicy.OPEN)
    outsider = signed_in(UserFactory())
    home = outsider.get(reverse("communities:home", args=[community.slug]))
    assert home.status_code == 200 and "Join " + community.name in home.content.decode()
    response = outsider.post(reverse("communities:join", args=[community.slug]), {"action": "join"})
    assert response.status_code == 302
    assert Membership.objects.get(community=community).state == "active"


def test_views_request_only_group_is_hidden_inside_but_takes_requests_that_moderators_approve():
    community = CommunityFactory(join_policy=Community.JoinPolicy.REQUEST)
    owner = MembershipFactory(community=community, role=Membership.Role.OWNER).user
    asker = UserFactory()
    client = signed_in(asker)
    assert client.get(reverse("communities:home", args=[community.slug])).status_code == 404
    assert community.name in client.get(reverse("communities:list")).content.decode()

    client.post(reverse("communities:join", args=[community.slug]), {"action": "request"})
    request = Membership.objects.get(community=community, user=asker)
    assert request.state == "requested"

    owner_client = signed_in(owner)
    people = owner_client.get(reverse("communities:people", args=[community.slug])).content.decode()
    assert asker.display_name in people
    owner_client.post(reverse("communities:person", args=[community.slug, request.pk]), {"action": "approve"})
    request.refresh_from_db()
    assert request.state == "active"
    assert Notification.objects.filter(recipient=asker, kind="communities.join_decision").exists()
    assert client.get(reverse("communities:home", args=[community.slug])).status_code == 200


def test_views_invite_page_remembers_the_token_and_joins_after_sign_in():
    community = CommunityFactory()
    owner = MembershipFactory(community=community, role=Membership.Role.OWNER).user
    invitation = services.invitation_create(actor=owner, community=community)
    person = UserFactory()
    client = Client()

    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200 and "Create an account and join" in page.content.decode()

    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "calm-harbour-lantern-42"}
    )
    assert response.url == invitation.get_absolute_url()
    response = client.get(response.url)
    assert response.status_code == 302 and response.url == community.get_absolute_url()
    assert Membership.objects.get(community=community, user=person).state == "active"


def test_views_signed_in_visitor_joins_from_the_invite_page_with_one_click():
    invitation = services.invitation_create(
        actor=MembershipFactory(role=Membership.Role.OWNER).user, community=Community.objects.get()
    )
    client = signed_in(UserFactory())
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200
    assert client.post(invitation.get_absolute_url()).status_code == 302
    invitation.refresh_from_db()
    assert invitation.use_count == 1


def test_views_invites_page_makes_links_and_email_invitations_and_revokes(django_capture_on_commit_callbacks):
    membership = MembershipFactory(role=Membership.Role.MODERATOR)
    client = signed_in(membership.user)
    url = reverse("communities:invites", args=[membership.community.slug])
    assert client.post(url, {"kind": "link", "expires_in_days": "7", "max_uses": "3"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=False):
        assert (
            client.post(
                url, {"kind": "email", "email": "new@clinic.example", "expires_in_days": "14"}
            ).status_code
            == 302
        )
    bad = client.post(url, {"kind": "email", "email": "not an email", "expires_in_days": "14"})
    assert bad.status_code == 422 and "not an email" in bad.content.decode()
    link = Invitation.objects.get(email="")
    assert link.max_uses == 3
    client.post(reverse("communities:invite_revoke", args=[membership.community.slug, link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None
    listing = client.get(url).content.decode()
    assert "Withdrawn" in listing and "new@clinic.example" in listing


def test_views_create_group_then_guidelines_prompt_blocks_posting_until_accepted():
    creator = UserFactory()
    client = signed_in(creator)
    response = client.post(
        reverse("communities:create"),
        {"name": "Night team", "guidelines": "Be kind", "join_policy": "invite"},
    )
    community = Community.objects.get()
    assert response.url == reverse("communities:invites", args=[community.slug])
    member = MembershipFactory(community=community, guidelines_accepted_version=0).user
    member_client = signed_in(member)
    new_thread = reverse("communities:thread_create", args=[community.slug])
    response = member_client.get(new_thread)
    assert response.status_code == 302 and "guidelines" in response.url
    member_client.post(reverse("communities:guidelines", args=[community.slug]), {"next": new_thread})
    assert member_client.get(new_thread).status_code == 200


def test_views_last_owner_cannot_leave_and_is_told_why():
    membership = MembershipFactory(role=Membership.Role.OWNER)
    client = signed_in(membership.user)
    response = client.post(reverse("communities:leave", args=[membership.community.slug]), follow=True)
    assert "Hand ownership to another member" in response.content.decode()
    membership.refresh_from_db()
    assert membership.state == "active"


def test_views_member_suggest_returns_options_for_the_mention_box():
    membership = MembershipFactory(user__display_name="Alex Morgan")
    client = signed_in(membership.user)
    html = client.get(
        reverse("communities:member_suggest", args=[membership.community.slug]), {"q": "al"}
    ).content
    assert b'role="option"' in html and b'data-mention="Alex Morgan"' in html


def test_views_following_a_thread_brings_reply_notifications_and_unfollowing_stops_them():
    community = CommunityFactory()
    author = MembershipFactory(community=community).user
    follower = MembershipFactory(community=community).user
    thread = services.thread_create(author=author, community=community, title="T", body="b")
    url = reverse("communities:subscribe", args=[community.slug, thread.pk])
    client = signed_in(follower)

    client.post(url, {"subscribed": "1"})
    services.post_create(author=author, thread=thread, body="news")
    assert Notification.objects.filter(recipient=follower, kind="communities.reply").count() == 1

    client.post(url, {"subscribed": "0"})
    services.post_create(author=author, thread=thread, body="more news")
    assert Notification.objects.filter(recipient=follower, kind="communities.reply").count() == 1


def test_views_moderator_pins_and_locks_a_thread():
    membership = MembershipFactory(role=Membership.Role.MODERATOR)
    thread = services.thread_create(
        author=membership.user, community=membership.community, title="T", body="b"
    )
    client = signed_in(membership.user)
    url = reverse("communities:thread_moderate", args=[membership.community.slug, thread.pk])
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "lock"})
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked
    home = client.get(reverse("communities:home", args=[membership.community.slug]))
    assert [t.pk for t in home.context["pinned"]] == [thread.pk]


def test_views_edit_shows_edited_mark_and_moderators_see_earlier_versions():
    community = CommunityFactory()
    author = MembershipFactory(community=community).user
    moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR).user
    thread = services.thread_create(author=author, community=community, title="T", body="first words")
    post = thread.posts.get()
    response = signed_in(author).post(
        reverse("communities:post_edit", args=[community.slug, post.pk]), {"body": "second words"}
    )
    assert response.status_code == 302
    assert "· edited" in signed_in(author).get(thread.get_absolute_url()).content.decode()
    history = signed_in(moderator).get(reverse("communities:post_history", args=[community.slug, post.pk]))
    assert "first words" in history.content.decode()


def test_views_today_card_lists_my_groups_with_new_threads_in_one_query(django_assert_num_queries):
    from communities.today import groups_today_card

    community = CommunityFactory(name="Harbour group")
    member = MembershipFactory(community=community).user
    assert groups_today_card(UserFactory()) is None
    services.thread_create(
        author=MembershipFactory(community=community).user, community=community, title="New one", body="b"
    )
    with django_assert_num_queries(1):
        card = groups_today_card(member)
    assert [(m.community.name, m.new_threads) for m in card["memberships"]] == [("Harbour group", 1)]
    html = signed_in(member).get(reverse("today")).content.decode()
    assert "Your groups" in html and "1 new" in html
