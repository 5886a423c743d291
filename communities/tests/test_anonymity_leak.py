"""Anonymous to peers: walk every page and response a peer can reach, and look for the author.

The author has an unusual name and id; neither may appear anywhere a peer can read — pages,
HTML attributes, htmx fragments, reaction lists, quotes, search, notifications and emails.
Moderators, and only they, see who it was.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from communities import services
from communities.models import Membership, Post
from communities.tests.factories import MembershipFactory, UserFactory
from notifications.models import Notification
from notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zephyrine Quill"
SECRET_ID = 987654


def test_anonymous_author_never_reaches_a_peer(django_capture_on_commit_callbacks):
    owner = MembershipFactory(role=Membership.Role.OWNER, user__display_name="Ola Owner")
    community = owner.community
    author = UserFactory(id=SECRET_ID, display_name=SECRET_NAME, email="zq@clinic.example")
    MembershipFactory(community=community, user=author)
    peer = MembershipFactory(community=community, user__display_name="Pia Peer").user
    members_before = _member_names(peer, community)

    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            author=author,
            community=community,
            title="Carrying a lot lately",
            body="Lantern harbour feelings, and @**Pia Peer** you helped.",
            anonymous=True,
            warning_themes=["death"],
        )
        services.post_create(author=peer, thread=thread, body="Sending support to you.")
        services.post_create(author=author, thread=thread, body="Thank you, lantern again.", anonymous=True)
        opening = thread.posts.get(position=1)
        services.reaction_toggle(
            user=author, post=services.Post.objects.get(thread=thread, position=2), kind="thanks"
        )
        services.post_edit(editor=author, post=opening, body="Lantern harbour feelings, edited.")
    for notification in Notification.objects.filter(recipient=peer):
        send_notification_email(notification.pk)

    client = Client()
    client.force_login(peer)
    slug = community.slug
    posts = list(Post.objects.filter(thread=thread))
    urls = [
        reverse("communities:home", args=[slug]),
        thread.get_absolute_url(),
        thread.get_absolute_url() + "?page=last",
        thread.get_absolute_url() + f"?quote={opening.pk}",
        reverse("communities:search") + "?q=lantern",
        reverse("communities:search") + "?q=harbour",
        reverse("communities:report_post", args=[slug, opening.pk]),
        "/notifications/",
        "/today/",
        "/groups/",
    ]
    pages = {url: client.get(url) for url in urls}
    react = client.post(
        reverse("communities:react", args=[slug, posts[0].pk]), {"kind": "support"}, HTTP_HX_REQUEST="true"
    )
    pages["reaction fragment"] = react
    for label, response in pages.items():
        assert response.status_code == 200, label
        _assert_no_trace(response.content.decode(), label)
    assert f"A member of {community.name}" in pages[thread.get_absolute_url()].content.decode()
    assert "lantern" in pages[reverse("communities:search") + "?q=lantern"].content.decode().lower()

    # Notifications and their emails: no name, no actor.
    peer_notes = Notification.objects.filter(recipient=peer)
    assert peer_notes.count() >= 2
    for note in peer_notes:
        assert note.actor_id is None
        _assert_no_trace(note.title, "notification title")
    for message in mail.outbox:
        _assert_no_trace(message.subject + message.body, f"email {message.subject}")
        for alternative, _ in getattr(message, "alternatives", []):
            _assert_no_trace(alternative, "email html")

    # The member list is alphabetical: posting anonymously does not move anyone in it.
    assert _member_names(peer, community) == members_before == sorted(members_before)

    # Edit history is for moderators only; they (and only they) see who it was.
    history = reverse("communities:post_history", args=[slug, opening.pk])
    assert client.get(history).status_code == 403
    moderator = Client()
    moderator.force_login(owner.user)
    assert SECRET_NAME in moderator.get(thread.get_absolute_url()).content.decode()
    assert SECRET_NAME in moderator.get(history).content.decode()


def _member_names(user, community) -> list[str]:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("communities:members", args=[community.slug])).content.decode()
    names = [
        m.user.display_name for m in Membership.objects.filter(community=community).select_related("user")
    ]
    return sorted((html.index(name), name) for name in names if name in html) and [
        name for _, name in sorted((html.index(name), name) for name in names if name in html)
    ]


def _assert_no_trace(text: str, where: str) -> None:
    assert SECRET_NAME not in text, f"the anonymous author's name leaked in {where}"
    assert "Zephyrine" not in text and "Quill" not in text, f"part of the name leaked in {where}"
    assert str(SECRET_ID) not in text, f"the anonymous author's id leaked in {where}"
    assert "zq@clinic.example" not in text, f"the anonymous author's email leaked in {where}"
