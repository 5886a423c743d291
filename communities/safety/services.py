"""Writes of moderation and safety: reports, crisis flags, the queue's actions, slow mode and
pre-moderation. Every moderator action writes one entry to the moderation log.

Notices never name a reporter, and never name the author of an anonymous post.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Membership, ModerationLogEntry, Post, SafetyPreferences, Thread
from communities.moderation_log import log_moderation
from communities.permissions import (
    check_moderate,
    check_report_chat_message,
    check_report_post,
)
from communities.rooms.models import ChatMessage
from communities.rooms.services import chat_message_delete
from communities.safety.models import Report
from communities.selectors import moderators_of
from communities.services import SLOW_MODE_CHOICES, announce_post, membership_ban, membership_suspend
from notifications.services import notify
from zenora.crisis import CRISIS_PERSONAL, classify
from zenora.textchecks import THEMES

NOTE_MAX = 2000
REPORT_NOTE_MAX = 1000
PREMODERATION_MAX = 20

A = ModerationLogEntry.Action


def queue_url(community: Community) -> str:
    return reverse("communities:moderation", args=[community.slug])


def _post_subject(post: Post) -> str:
    return f"post {post.position} in “{post.thread.title}”"


def _log_post_action(moderator, post: Post, action: str, reason: str) -> None:
    log_moderation(
        moderator=moderator,
        community=post.thread.community,
        action=action,
        subject=_post_subject(post),
        reason=reason,
        target_user=post.author,
        post=post,
    )


def _notify_moderators(community: Community, *, title: str, skip_user_id: int | None = None) -> None:
    for moderator in moderators_of(community):
        if moderator.pk != skip_user_id:
            notify(recipient=moderator, kind="communities.report", title=title, url=queue_url(community))


def _resolve_reports(*, moderator, resolution: str, post: Post | None = None, message=None) -> None:
    reports = Report.objects.filter(resolved_at__isnull=True)
    reports = reports.filter(post=post) if post is not None else reports.filter(chat_message=message)
    reports.update(resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution[:200])


# --- flags Zenora raises itself ----------------------------------------------------------------


def crisis_flag_post(*, post: Post, level: str) -> Report:
    """Crisis language in a post: flag it to the moderators; a personal crisis also gets the
    writer a gentle private check-in. Talk of a client's risk is only a quiet queue item."""
    title = post.thread.title if post.position == 1 else ""
    return _crisis_flag(post.thread.community, post.author, level, _explanation(title, post.body), post=post)


def crisis_flag_chat_message(*, message: ChatMessage, level: str) -> Report:
    explanation = _explanation(message.body)
    return _crisis_flag(message.room.community, message.author, level, explanation, chat_message=message)


def _crisis_flag(community: Community, author, level: str, explanation: dict, **flagged) -> Report:
    report = Report.objects.create(
        community=community,
        source=Report.Source.CRISIS if level == CRISIS_PERSONAL else Report.Source.CLINICAL,
        **explanation,
        **flagged,
    )
    if level == CRISIS_PERSONAL:
        _crisis_notices(community, author=author)
    return report


def _explanation(*texts: str) -> dict[str, str]:
    """Which category and words raised the flag, for the moderator who already sees the text."""
    finding = classify(*texts)
    return {"crisis_category": finding.category[:20], "crisis_phrase": finding.phrase[:120]}


def _crisis_notices(community: Community, *, author) -> None:
    _notify_moderators(
        community,
        title=f"Something written in {community.name} may need a gentle check-in",
        skip_user_id=author.pk if author else None,
    )
    if author is not None:
        notify(
            recipient=author,
            kind="communities.check_in",
            title="Checking in: support is here whenever you want it",
            url=reverse("communities:support"),
        )


def notify_moderators_of_held(post: Post) -> None:
    community = post.thread.community
    _notify_moderators(
        community, title=f"A post in {community.name} is waiting for approval", skip_user_id=post.author_id
    )


# --- reports -------------------------------------------------------------------------------------


def _clean_report(reason: str, note: str) -> tuple[str, str]:
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": "Choose a reason."})
    note = (note or "").replace("\x00", "").strip()
    if len(note) > REPORT_NOTE_MAX:
        raise ValidationError({"note": f"Keep the note under {REPORT_NOTE_MAX} characters."})
    return reason, note


@transaction.atomic
def report_post(*, reporter, post: Post, reason: str, note: str = "") -> Report:
    """A member reports a post to the moderators. The author is never told who reported it."""
    check_report_post(reporter, post)
    reason, note = _clean_report(reason, note)
    existing = Report.objects.filter(post=post, reporter=reporter, resolved_at__isnull=True).first()
    if existing is not None:  # reporting twice adds nothing: the first report is still open
        return existing
    report = Report.objects.create(
        community=post.thread.community, post=post, reporter=reporter, reason=reason, note=note
    )
    _notify_moderators(
        post.thread.community,
        title=f"New report in {post.thread.community.name}",
        skip_user_id=post.author_id,
    )
    return report


@transaction.atomic
def report_chat_message(*, reporter, message: ChatMessage, reason: str, note: str = "") -> Report:
    check_report_chat_message(reporter, message)
    reason, note = _clean_report(reason, note)
    existing = Report.objects.filter(
        chat_message=message, reporter=reporter, resolved_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    community = message.room.community
    report = Report.objects.create(
        community=community, chat_message=message, reporter=reporter, reason=reason, note=note
    )
    _notify_moderators(community, title=f"New report in {community.name}", skip_user_id=message.author_id)
    return report


@transaction.atomic
def report_dismiss(*, moderator, report: Report, reason: str = "") -> Report:
    check_moderate(moderator, report.community)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = moderator
        report.resolution = "Closed with no action"
        report.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        log_moderation(
            moderator=moderator,
            community=report.community,
            action=A.DISMISS_REPORT,
            subject=f"{report.get_source_display().lower()}",
            reason=reason,
            post=report.post,
            chat_message=report.chat_message,
        )
    return report


# --- posts ---------------------------------------------------------------------------------------


def _set_post_state(post: Post, state: str, *, note: str | None = None) -> None:
    post.state = state
    fields = ["state"]
    if note is not None:
        post.moderation_note = note
        fields.append("moderation_note")
    post.save(update_fields=fields)
    if post.position == 1:
        Thread.objects.filter(pk=post.thread_id).update(state=state)
        post.thread.state = state


@transaction.atomic
def post_approve(*, moderator, post: Post, reason: str = "") -> Post:
    """A held post becomes visible; followers and mentioned members hear of it now."""
    check_moderate(moderator, post.thread.community)
    if post.is_deleted:
        raise ValidationError("This post was deleted.")
    was_held = post.state == Post.State.HELD
    _set_post_state(post, Post.State.VISIBLE, note="")
    if was_held:
        now = timezone.now()
        Thread.objects.filter(pk=post.thread_id, last_post_at__lt=now).update(
            last_post_at=now, last_post_author=post.author
        )
        announce_post(post=post, is_opening=post.position == 1)
    _resolve_reports(moderator=moderator, resolution="Approved", post=post)
    _log_post_action(moderator, post, A.APPROVE_POST, reason)
    return post


@transaction.atomic
def post_hide(*, moderator, post: Post, note: str, reason: str = "") -> Post:
    """Hide a post from peers with a private note to its author, who can edit it for re-review."""
    check_moderate(moderator, post.thread.community)
    note = (note or "").replace("\x00", "").strip()
    if not note:
        raise ValidationError({"note": "Write a short note to the author: they will see why it was hidden."})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX} characters."})
    if post.is_deleted:
        raise ValidationError("This post was deleted.")
    _set_post_state(post, Post.State.HIDDEN, note=note)
    _resolve_reports(moderator=moderator, resolution="Hidden with a note to the author", post=post)
    log_moderation(
        moderator=moderator,
        community=post.thread.community,
        action=A.HIDE_POST,
        subject=_post_subject(post),
        reason=reason or note,
        target_user=post.author,
        post=post,
    )
    if post.author is not None:
        notify(
            recipient=post.author,
            actor=None,  # the moderators act together; no name on the notice
            kind="communities.moderation",
            title=f"A moderator hid your post in “{post.thread.title}” and left you a note",
            url=post.get_absolute_url(),
        )
    return post


@transaction.atomic
def post_restore(*, moderator, post: Post, reason: str = "") -> Post:
    check_moderate(moderator, post.thread.community)
    if post.state == Post.State.VISIBLE:
        raise ValidationError("This post is already visible.")
    _set_post_state(post, Post.State.VISIBLE, note="")
    _resolve_reports(moderator=moderator, resolution="Restored", post=post)
    _log_post_action(moderator, post, A.RESTORE_POST, reason)
    return post


@transaction.atomic
def post_remove(*, moderator, post: Post, reason: str = "") -> Post:
    """A moderator deletes a post for good (its text goes; the log keeps that it happened)."""
    check_moderate(moderator, post.thread.community)
    if not post.is_deleted:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        Post.objects.filter(pk=post.pk).update(search_vector=None)
    _resolve_reports(moderator=moderator, resolution="Deleted", post=post)
    _log_post_action(moderator, post, A.DELETE_POST, reason)
    return post


@transaction.atomic
def chat_message_remove(*, moderator, message: ChatMessage, reason: str = "") -> ChatMessage:
    """Remove a reported chat message for everyone (logged by the chat service) and close its reports."""
    check_moderate(moderator, message.room.community)
    chat_message_delete(actor=moderator, message=message, reason=reason)
    _resolve_reports(moderator=moderator, resolution="Removed", message=message)
    return message


# --- threads, members, the group -------------------------------------------------------------------


@transaction.atomic
def thread_set_slow_mode(*, moderator, thread: Thread, seconds: int, reason: str = "") -> Thread:
    check_moderate(moderator, thread.community)
    if seconds not in SLOW_MODE_CHOICES:
        raise ValidationError({"seconds": "Choose one of the slow mode settings offered."})
    thread.slow_mode_seconds = seconds
    thread.save(update_fields=["slow_mode_seconds"])
    log_moderation(
        moderator=moderator,
        community=thread.community,
        action=A.SLOW_MODE,
        subject=f"“{thread.title}”: {'off' if not seconds else f'one reply per {seconds // 60 or 1} min'}",
        reason=reason,
    )
    return thread


@transaction.atomic
def community_set_premoderation(*, moderator, community: Community, first_posts: int) -> Community:
    check_moderate(moderator, community)
    if not 0 <= first_posts <= PREMODERATION_MAX:
        raise ValidationError({"premoderate_first_posts": f"Choose from 0 (off) to {PREMODERATION_MAX}."})
    if community.premoderate_first_posts != first_posts:
        community.premoderate_first_posts = first_posts
        community.save(update_fields=["premoderate_first_posts"])
        log_moderation(
            moderator=moderator,
            community=community,
            action=A.PREMODERATION,
            subject=f"new members' first {first_posts} posts held" if first_posts else "turned off",
        )
    return community


def author_membership(community: Community, user) -> Membership:
    """The membership a suspension or ban acts on; a former member can't be acted on."""
    membership = Membership.objects.select_related("user").filter(community=community, user=user).first()
    if user is None or membership is None:
        raise ValidationError("The author is no longer a member of this group.")
    membership.community = community
    return membership


@transaction.atomic
def member_suspend(*, moderator, community: Community, user, until: datetime, reason: str = "") -> Membership:
    return membership_suspend(
        actor=moderator, membership=author_membership(community, user), until=until, reason=reason
    )


@transaction.atomic
def member_ban(*, moderator, community: Community, user, reason: str = "") -> Membership:
    return membership_ban(actor=moderator, membership=author_membership(community, user), reason=reason)


# --- a reader's content-warning choices ------------------------------------------------------


@transaction.atomic
def safety_preferences_update(*, user, choices: dict[str, str]) -> SafetyPreferences:
    """Per theme: "hide" (hidden altogether), "open" (always open) or "ask" (the default)."""
    hidden = [key for key, _ in THEMES if choices.get(key) == "hide"]
    opened = [key for key, _ in THEMES if choices.get(key) == "open"]
    prefs, _ = SafetyPreferences.objects.get_or_create(user=user)
    prefs.hidden_themes = ",".join(hidden)
    prefs.open_themes = ",".join(opened)
    prefs.save(update_fields=["hidden_themes", "open_themes", "updated_at"])
    return prefs
