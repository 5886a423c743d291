"""Services and permissions of safety and moderation, on the real database."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities import permissions as perms
from communities import services
from communities.models import Membership, ModerationLogEntry, Post
from communities.safety import services as moderation
from communities.safety.models import Report
from communities.selectors import ReaderWarnings
from communities.tests.factories import MembershipFactory
from notifications.models import Notification
from zenora.textchecks import IdentifierFindings

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    owner = MembershipFactory(role=Membership.Role.OWNER, user__display_name="Olu Owner")
    community = owner.community
    moderator = MembershipFactory(community=community, role=Membership.Role.MODERATOR).user
    writer = MembershipFactory(community=community, user__display_name="Wren Writer").user
    reader = MembershipFactory(community=community, user__display_name="Rae Reader").user
    return community, owner.user, moderator, writer, reader


def _thread(community, author, **kwargs):
    return services.thread_create(
        author=author, community=community, title="Heavy week", body="It was a lot.", **kwargs
    )


def test_thread_create_with_warning_and_anonymity_stores_both(group):
    community, _, _, writer, _ = group
    thread = _thread(
        community, writer, anonymous=True, warning_themes=["death", "bogus"], warning_label="loss"
    )
    post = thread.posts.get()
    assert thread.is_anonymous and post.is_anonymous
    assert post.warning_themes == "death" and thread.warning == "Death, loss"
    assert post.author_name == f"A member of {community.name}"


def test_guard_refuses_until_confirmed_and_keeps_nothing_half_saved(group):
    community, _, _, writer, _ = group
    with pytest.raises(IdentifierFindings):
        services.thread_create(author=writer, community=community, title="Call", body="Ring 07700 900123")
    assert not community.threads.exists()
    thread = services.thread_create(
        author=writer, community=community, title="Call", body="Ring 07700 900123", confirmed=True
    )
    assert thread.posts.get().guard_confirmed


def test_guard_checks_replies_and_edits(group):
    community, _, _, writer, reader = group
    thread = _thread(community, writer)
    with pytest.raises(IdentifierFindings):
        services.post_create(author=reader, thread=thread, body="my client Maria Lopez again")
    post = thread.posts.get()
    with pytest.raises(IdentifierFindings):
        services.post_edit(editor=writer, post=post, body="email me: x.y@example.com")
    post.refresh_from_db()
    assert post.body == "It was a lot."


def test_crisis_post_flags_moderators_and_offers_the_writer_a_check_in(group):
    community, owner, moderator, writer, _ = group
    thread = services.thread_create(
        author=writer, community=community, title="Tonight", body="I want to die."
    )
    assert thread.crisis_level == "personal"
    report = Report.objects.get(post=thread.opening_post)
    assert report.source == Report.Source.CRISIS and report.reporter is None
    mods = Notification.objects.filter(kind="communities.report")
    assert {n.recipient_id for n in mods} == {owner.pk, moderator.pk}
    assert all("Wren" not in n.title for n in mods)
    notice = Notification.objects.get(kind="communities.check_in")
    assert notice.recipient_id == writer.pk and notice.actor_id is None


def test_clinical_risk_talk_is_a_quiet_flag_without_alerts(group):
    community, _, _, writer, _ = group
    thread = services.thread_create(
        author=writer,
        community=community,
        title="Risk",
        body="We did a risk assessment for suicidal ideation.",
    )
    assert Report.objects.get(post=thread.opening_post).source == Report.Source.CLINICAL
    assert not Notification.objects.filter(kind__in=["communities.report", "communities.check_in"]).exists()


def test_premoderation_holds_a_new_members_first_posts_until_approved(group):
    community, owner, _, writer, reader = group
    moderation.community_set_premoderation(moderator=owner, community=community, first_posts=1)
    community.refresh_from_db()
    thread = _thread(community, writer)
    assert thread.state == "held" and thread.opening_post.state == Post.State.HELD
    assert not perms.can_see_thread(reader, thread)
    assert perms.can_see_thread(writer, thread)
    moderation.post_approve(moderator=owner, post=thread.opening_post)
    thread.refresh_from_db()
    assert thread.state == "visible"
    second = services.post_create(author=writer, thread=thread, body="And one more thing.")
    assert second.state == Post.State.VISIBLE  # one approved post: past the first N
    assert ModerationLogEntry.objects.filter(action="approve_post", moderator=owner).exists()


def test_hide_with_note_tells_the_author_who_edits_for_re_review(group):
    community, owner, _, writer, reader = group
    post = _thread(community, writer).opening_post
    with pytest.raises(ValidationError):
        moderation.post_hide(moderator=owner, post=post, note="")
    moderation.post_hide(
        moderator=owner, post=post, note="Please remove the ward name.", reason="identifying"
    )
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN and post.moderation_note == "Please remove the ward name."
    assert not perms.can_read_post(reader, post) and perms.can_read_post(writer, post)
    notice = Notification.objects.get(kind="communities.moderation")
    assert notice.recipient_id == writer.pk and notice.actor_id is None
    services.post_edit(editor=writer, post=post, body="It was a lot, on a ward.")
    post.refresh_from_db()
    assert post.state == Post.State.HELD
    moderation.post_restore(moderator=owner, post=post)
    post.refresh_from_db()
    assert post.state == Post.State.VISIBLE
    actions = set(ModerationLogEntry.objects.values_list("action", flat=True))
    assert {"hide_post", "restore_post"} <= actions


def test_report_never_reveals_the_reporter_and_is_not_duplicated(group):
    community, owner, _, writer, reader = group
    post = _thread(community, writer).opening_post
    first = moderation.report_post(reporter=reader, post=post, reason="worried", note="checking in")
    again = moderation.report_post(reporter=reader, post=post, reason="worried")
    assert first.pk == again.pk
    titles = list(Notification.objects.filter(kind="communities.report").values_list("title", "recipient_id"))
    assert titles and all("Rae" not in title for title, _ in titles)
    assert writer.pk not in {recipient for _, recipient in titles}
    with pytest.raises(PermissionDenied):
        moderation.report_post(reporter=writer, post=post, reason="other")
    with pytest.raises(ValidationError):
        moderation.report_post(reporter=owner, post=post, reason="made-up")


def test_each_queue_action_writes_the_moderation_log(group):
    community, owner, moderator, writer, reader = group
    thread = _thread(community, writer)
    post = thread.opening_post
    report = moderation.report_post(reporter=reader, post=post, reason="spam")
    moderation.report_dismiss(moderator=moderator, report=report, reason="fine")
    services.thread_set_locked(actor=moderator, thread=thread, locked=True, reason="cooling off")
    moderation.thread_set_slow_mode(moderator=moderator, thread=thread, seconds=300)
    moderation.post_remove(moderator=moderator, post=post, reason="graphic")
    until = timezone.now() + timedelta(days=3)
    moderation.member_suspend(
        moderator=moderator, community=community, user=writer, until=until, reason="cool off"
    )
    moderation.member_ban(moderator=owner, community=community, user=writer, reason="repeated")
    logged = list(
        ModerationLogEntry.objects.order_by("created_at", "pk").values_list("action", "moderator_id")
    )
    assert [a for a, _ in logged] == [
        "dismiss_report", "lock_thread", "slow_mode", "delete_post", "suspend", "ban",
    ]  # fmt: skip
    assert Membership.objects.get(community=community, user=writer).state == Membership.State.BANNED


def test_only_moderators_can_act(group):
    community, _, _, writer, reader = group
    post = _thread(community, writer).opening_post
    for call in (
        lambda: moderation.post_hide(moderator=reader, post=post, note="x"),
        lambda: moderation.post_approve(moderator=reader, post=post),
        lambda: moderation.post_remove(moderator=reader, post=post),
        lambda: moderation.thread_set_slow_mode(moderator=reader, thread=post.thread, seconds=60),
        lambda: moderation.community_set_premoderation(moderator=reader, community=community, first_posts=2),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_slow_mode_asks_members_to_wait_but_not_moderators(group):
    community, owner, moderator, writer, _ = group
    thread = _thread(community, owner)
    moderation.thread_set_slow_mode(moderator=owner, thread=thread, seconds=300)
    services.post_create(author=writer, thread=thread, body="First reply")
    with pytest.raises(services.PostingTooFast, match="slow mode"):
        services.post_create(author=writer, thread=thread, body="Second reply")
    services.post_create(author=moderator, thread=thread, body="Moderator one")
    services.post_create(author=moderator, thread=thread, body="Moderator two")


def test_posting_rate_limit_gives_a_clear_message(group):
    community, _, _, writer, _ = group
    thread = _thread(community, writer)
    for n in range(services.POST_RATE_LIMIT - 1):
        services.post_create(author=writer, thread=thread, body=f"Reply {n}")
    with pytest.raises(services.PostingTooFast, match="text is kept"):
        services.post_create(author=writer, thread=thread, body="One too many")


def test_reader_preferences_hide_and_open_themes(group):
    _, _, _, _, reader = group
    moderation.safety_preferences_update(user=reader, choices={"suicide": "hide", "death": "open"})
    warnings = ReaderWarnings(reader)
    assert warnings.state("suicide,death") == "hide"
    assert warnings.state("death") == "open"
    assert warnings.state("death", "loss") == "ask"
    assert warnings.state("violence") == "ask"
    assert warnings.state("") == ""


def test_failed_reply_keeps_the_text_and_shows_what_the_guard_found(group):
    community, _, _, writer, reader = group
    thread = _thread(community, writer)
    client = Client()
    client.force_login(reader)
    url = reverse("communities:reply", args=[community.slug, thread.pk])
    response = client.post(url, {"body": "Ring her on 07700 900123 tonight"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Ring her on 07700 900123 tonight" in html and "<mark>07700 900123</mark>" in html
    response = client.post(url, {"body": "Ring her on 07700 900123 tonight", "confirmed": "1"})
    assert response.status_code == 302


def test_crisis_reply_shows_resources_to_the_writer_at_once(group):
    community, _, _, writer, reader = group
    thread = _thread(community, writer)
    client = Client()
    client.force_login(reader)
    response = client.post(
        reverse("communities:reply", args=[community.slug, thread.pk]),
        {"body": "I can't go on."},
        follow=True,
    )
    assert "crisis-care-heading" in response.content.decode()
    again = client.get(thread.get_absolute_url())
    assert "crisis-care-heading" not in again.content.decode()  # shown once, to the writer


def test_moderation_queue_shows_the_real_author_of_an_anonymous_post(group):
    community, owner, _, writer, reader = group
    post = _thread(community, writer, anonymous=True).opening_post
    moderation.report_post(reporter=reader, post=post, reason="worried")
    client = Client()
    client.force_login(owner)
    html = client.get(reverse("communities:moderation", args=[community.slug])).content.decode()
    assert "Wren Writer" in html and "anonymous to peers" in html and "Rae Reader" not in html
    peer = Client()
    peer.force_login(reader)
    assert peer.get(reverse("communities:moderation", args=[community.slug])).status_code == 403


def test_queue_hide_action_through_the_page(group):
    community, owner, _, writer, _ = group
    post = _thread(community, writer).opening_post
    client = Client()
    client.force_login(owner)
    url = reverse("communities:moderation", args=[community.slug])
    response = client.post(url, {"action": "hide", "post_id": post.pk, "note": "Please add a warning."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN
    author = Client()
    author.force_login(writer)
    html = author.get(post.thread.get_absolute_url()).content.decode()
    assert "Please add a warning." in html and "Edit your post for re-review" in html


def test_once_anonymous_in_a_thread_replies_stay_anonymous(group):
    community, _, _, writer, reader = group
    thread = _thread(community, writer, anonymous=True)
    reply = services.post_create(author=writer, thread=thread, body="A named reply would give it away")
    assert reply.is_anonymous
    assert not services.post_create(author=reader, thread=thread, body="Sending support").is_anonymous


def test_seed_demo_safety_is_idempotent_with_a_warning_an_anonymous_thread_and_a_report():
    from accounts.demo import seed_demo_users
    from communities.demo import seed_demo_clinic
    from communities.safety.demo import ANONYMOUS_TITLE, WARNED_TITLE, seed_demo_safety

    seed_demo_users()
    seed_demo_clinic()
    seed_demo_safety()
    seed_demo_safety()
    from communities.models import Thread

    assert Thread.objects.get(title=WARNED_TITLE).warning == "Death"
    assert Thread.objects.get(title=ANONYMOUS_TITLE).is_anonymous
    assert Report.objects.filter(source=Report.Source.MEMBER, resolved_at__isnull=True).count() == 1
