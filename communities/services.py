"""Every write in communities. Keyword-only, typed, atomic; side effects after commit."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.utils import timezone
from django.utils.text import slugify

from communities.hooks import COMMUNITY_CREATED, MEMBERSHIP_CHANGED, POST_WRITTEN
from communities.models import (
    Community,
    Invitation,
    Membership,
    ModerationLogEntry,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadReadState,
    ThreadSubscription,
    anonymous_name,
)
from communities.moderation_log import log_moderation
from communities.permissions import (
    can_join_directly,
    can_moderate,
    can_request_to_join,
    check_delete_post,
    check_edit_post,
    check_leave,
    check_manage_member,
    check_moderate,
    check_own,
    check_post_in,
    check_react,
    check_reply,
    check_use_invitation,
    check_view_content,
    forget_membership,
    membership_of,
)
from communities.selectors import (
    INSIDE,
    MENTION,
    members_named,
    mentioned_members,
    moderators_of,
    subscribers_of,
)
from notifications.services import notify
from zenora.crisis import classify
from zenora.hooks import announce
from zenora.markdown import render_markdown
from zenora.ratelimit import hit
from zenora.textchecks import check_identifiers, clean_themes, clean_warning_label

TITLE_MAX = 160
BODY_MAX = 20000
# New posts and replies one person may write in a window, across every group.
POST_RATE_LIMIT = 10
POST_RATE_WINDOW = 300
# The pauses a moderator may set between one member's replies in a thread.
SLOW_MODE_CHOICES = (0, 60, 300, 900, 3600)


def _clean(text: str, *, field: str, max_length: int, required: bool = True) -> str:
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: "This can't be empty."})
    if len(text) > max_length:
        raise ValidationError({field: f"Keep this under {max_length} characters (it has {len(text)})."})
    return text


RESERVED_SLUGS = {"new", "search", "join", "preferences", "support"}  # the group list's own pages


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "group"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- communities ---------------------------------------------------------------------------


@transaction.atomic
def community_create(
    *, creator, name: str, description: str = "", guidelines: str = "", join_policy: str
) -> Community:
    name = _clean(name, field="name", max_length=80)
    if join_policy not in Community.JoinPolicy.values:
        raise ValidationError({"join_policy": "Choose how people join."})
    community = Community.objects.create(
        name=name,
        slug=_unique_slug(name),
        description=_clean(description, field="description", max_length=2000, required=False),
        guidelines=_clean(guidelines, field="guidelines", max_length=BODY_MAX, required=False),
        guidelines_html=render_markdown(guidelines),
        join_policy=join_policy,
        created_by=creator,
    )
    Membership.objects.create(
        community=community,
        user=creator,
        role=Membership.Role.OWNER,
        state=Membership.State.ACTIVE,
        joined_at=timezone.now(),
        guidelines_accepted_version=community.guidelines_version,  # they wrote them
    )
    announce(COMMUNITY_CREATED, community=community)
    return community


@transaction.atomic
def community_update(
    *, actor, community: Community, name: str, description: str, guidelines: str, join_policy: str
) -> Community:
    check_moderate(actor, community)
    if join_policy not in Community.JoinPolicy.values:
        raise ValidationError({"join_policy": "Choose how people join."})
    guidelines = _clean(guidelines, field="guidelines", max_length=BODY_MAX, required=False)
    if guidelines != community.guidelines:
        community.guidelines = guidelines
        community.guidelines_html = render_markdown(guidelines)
        # Everyone, moderators included, reads and accepts the new version before posting again.
        community.guidelines_version += 1
        Membership.objects.filter(community=community, user=actor).update(
            guidelines_accepted_version=community.guidelines_version
        )
        forget_membership(actor, community)
    community.name = _clean(name, field="name", max_length=80)
    community.description = _clean(description, field="description", max_length=2000, required=False)
    community.join_policy = join_policy
    community.save()
    return community


@transaction.atomic
def guidelines_accept(*, user, community: Community) -> Membership:
    check_view_content(user, community)
    membership = membership_of(user, community)
    membership.guidelines_accepted_version = community.guidelines_version
    membership.save(update_fields=["guidelines_accepted_version", "updated_at"])
    return membership


@transaction.atomic
def community_visit(*, user, community: Community) -> datetime | None:
    """Record a visit to the home page; returns the previous one, for "new since your last visit"."""
    membership = membership_of(user, community)
    if membership is None:
        return None
    previous = membership.last_visited_at
    now = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(last_visited_at=now)
    membership.last_visited_at = now
    return previous


# --- joining -------------------------------------------------------------------------------


def _activate(membership: Membership, *, invited_by=None) -> Membership:
    membership.state = Membership.State.ACTIVE
    membership.role = Membership.Role.MEMBER if membership.role != Membership.Role.OWNER else membership.role
    membership.suspended_until = None
    membership.joined_at = timezone.now()
    if invited_by is not None:
        membership.invited_by = invited_by
    membership.save()
    return membership


@transaction.atomic
def invitation_create(
    *,
    actor,
    community: Community,
    expires_in_days: int | None = 14,
    max_uses: int | None = None,
    email: str = "",
) -> Invitation:
    check_moderate(actor, community)
    if expires_in_days is not None and not 1 <= expires_in_days <= 365:
        raise ValidationError({"expires_in_days": "Choose between 1 and 365 days."})
    if max_uses is not None and not 1 <= max_uses <= 10000:
        raise ValidationError({"max_uses": "Choose between 1 and 10,000 uses."})
    email = (email or "").strip().lower()
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
        max_uses=1 if email else max_uses,
    )
    if email:
        _invite_existing_account(actor=actor, community=community, email=email, invitation=invitation)
        from communities.tasks import send_invitation_email

        transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


def _invite_existing_account(*, actor, community: Community, email: str, invitation: Invitation) -> None:
    from accounts.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    membership, _ = Membership.objects.get_or_create(
        community=community, user=user, defaults={"state": Membership.State.INVITED, "invited_by": actor}
    )
    if membership.state == Membership.State.LEFT:
        membership.state = Membership.State.INVITED
        membership.invited_by = actor
        membership.save(update_fields=["state", "invited_by", "updated_at"])
    if membership.state == Membership.State.INVITED:
        notify(
            recipient=user,
            actor=actor,
            kind="communities.invited",
            title=f"{actor.display_name} invited you to {community.name}",
            url=invitation.get_absolute_url(),
        )


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    check_moderate(actor, invitation.community)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_redeem(*, user, invitation: Invitation) -> Membership:
    """Join through an invite link. Using it again once inside changes nothing and costs no use."""
    invitation = Invitation.objects.select_for_update().select_related("community").get(pk=invitation.pk)
    community = invitation.community
    membership = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if membership is not None and membership.is_current:
        return membership
    check_use_invitation(user, invitation)
    if membership is None:
        membership = Membership(community=community, user=user)
    _activate(membership, invited_by=invitation.created_by)
    Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
    forget_membership(user, community)
    return membership


@transaction.atomic
def community_join(*, user, community: Community) -> Membership:
    """Join an open group, or accept an invitation already waiting for this person."""
    if not can_join_directly(user, community):
        raise PermissionDenied("This group takes new members by invitation or request.")
    membership = Membership.objects.filter(community=community, user=user).first() or Membership(
        community=community, user=user
    )
    _activate(membership)
    forget_membership(user, community)
    return membership


@transaction.atomic
def invitation_decline(*, user, community: Community) -> None:
    Membership.objects.filter(community=community, user=user, state=Membership.State.INVITED).delete()
    forget_membership(user, community)


@transaction.atomic
def join_request_create(*, user, community: Community, note: str = "") -> Membership:
    if not can_request_to_join(user, community):
        raise PermissionDenied("You can't ask to join this group.")
    membership, _ = Membership.objects.update_or_create(
        community=community,
        user=user,
        defaults={"state": Membership.State.REQUESTED, "role": Membership.Role.MEMBER},
    )
    forget_membership(user, community)
    for moderator in moderators_of(community):
        notify(
            recipient=moderator,
            actor=user,
            kind="communities.join_request",
            title=f"{user.display_name} asked to join {community.name}",
            url=f"{community.get_absolute_url()}people/",
        )
    return membership


@transaction.atomic
def join_request_withdraw(*, user, community: Community) -> None:
    Membership.objects.filter(community=community, user=user, state=Membership.State.REQUESTED).delete()
    forget_membership(user, community)


@transaction.atomic
def join_request_decide(*, actor, membership: Membership, approve: bool) -> Membership:
    community = membership.community
    check_moderate(actor, community)
    if membership.state != Membership.State.REQUESTED:
        raise ValidationError("This request was already answered.")
    if approve:
        _activate(membership, invited_by=actor)
        title, url = f"You're in: welcome to {community.name}", community.get_absolute_url()
    else:
        membership.delete()
        title, url = f"Your request to join {community.name} was not accepted this time", "/groups/"
    notify(recipient=membership.user, actor=actor, kind="communities.join_decision", title=title, url=url)
    return membership


@transaction.atomic
def membership_leave(*, user, community: Community) -> None:
    check_leave(user, community)
    _end_membership(membership_of(user, community), Membership.State.LEFT)
    forget_membership(user, community)


@transaction.atomic
def membership_set_role(*, actor, membership: Membership, role: str) -> Membership:
    check_manage_member(actor, membership)
    if role not in (Membership.Role.MODERATOR, Membership.Role.MEMBER):
        raise ValidationError("Choose moderator or member; hand over ownership separately.")
    if role == Membership.Role.MODERATOR and not membership.is_current:
        raise ValidationError("Only a current member can become a moderator.")
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership, reason: str = "") -> Membership:
    check_manage_member(actor, membership)
    _log_member(actor, membership, ModerationLogEntry.Action.REMOVE, reason=reason)
    _end_membership(membership, Membership.State.LEFT)
    return membership


@transaction.atomic
def membership_suspend(*, actor, membership: Membership, until: datetime, reason: str = "") -> Membership:
    check_manage_member(actor, membership)
    if until <= timezone.now():
        raise ValidationError("Choose a date in the future.")
    if not membership.is_current:
        raise ValidationError("Only a current member can be suspended.")
    _log_member(
        actor, membership, ModerationLogEntry.Action.SUSPEND, reason=reason, detail=f" until {until:%d %b %Y}"
    )
    membership.state = Membership.State.SUSPENDED
    membership.suspended_until = until
    membership.save(update_fields=["state", "suspended_until", "updated_at"])
    return membership


@transaction.atomic
def membership_reinstate(*, actor, membership: Membership, reason: str = "") -> Membership:
    check_manage_member(actor, membership)
    if membership.state not in (Membership.State.SUSPENDED, Membership.State.BANNED):
        raise ValidationError("This person is not suspended or banned.")
    _log_member(actor, membership, ModerationLogEntry.Action.REINSTATE, reason=reason)
    if membership.state == Membership.State.BANNED:
        membership.delete()  # unbanned people may be invited or ask again, like anyone else
        return membership
    membership.state = Membership.State.ACTIVE
    membership.suspended_until = None
    membership.save(update_fields=["state", "suspended_until", "updated_at"])
    return membership


@transaction.atomic
def membership_ban(*, actor, membership: Membership, reason: str = "") -> Membership:
    check_manage_member(actor, membership)
    _log_member(actor, membership, ModerationLogEntry.Action.BAN, reason=reason)
    _end_membership(membership, Membership.State.BANNED)
    return membership


def _end_membership(membership: Membership, state: str) -> None:
    """Out of the group (left, removed or banned): no role, no followed threads, no open sockets."""
    membership.state = state
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["state", "role", "updated_at"])
    ThreadSubscription.objects.filter(user=membership.user, thread__community=membership.community).delete()
    announce(MEMBERSHIP_CHANGED, membership=membership)


def _log_member(actor, membership: Membership, action: str, *, reason: str = "", detail: str = "") -> None:
    log_moderation(
        moderator=actor,
        community=membership.community,
        action=action,
        subject=f"{membership.user.display_name}{detail}",
        reason=reason,
        target_user=membership.user,
    )


@transaction.atomic
def ownership_transfer(*, actor, community: Community, to: Membership) -> Membership:
    check_own(actor, community)
    if to.community_id != community.pk or to.state != Membership.State.ACTIVE or to.user_id == actor.pk:
        raise ValidationError("Hand ownership to another active member of this group.")
    to.role = Membership.Role.OWNER
    to.save(update_fields=["role", "updated_at"])
    Membership.objects.filter(community=community, user=actor).update(role=Membership.Role.MODERATOR)
    forget_membership(actor, community)
    return to


# --- the forum -----------------------------------------------------------------------------


def _index_post(post: Post, *, title: str = "") -> None:
    """Store the post's search vector; the title counts more than the body."""
    if connection.vendor != "postgresql":
        return
    Post.objects.filter(pk=post.pk).update(
        search_vector=SearchVector(Value(title), weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
    )


def _append_post(
    *, author, thread: Thread, body: str, anonymous: bool, warning: Warning, state: str, confirmed: bool
) -> Post:
    # Lock the thread row: positions are dense and unique within a thread.
    Thread.objects.select_for_update().filter(pk=thread.pk).first()
    now = timezone.now()
    position = Post.objects.filter(thread=thread).count() + 1
    post = Post.objects.create(
        thread=thread,
        author=author,
        position=position,
        body=body,
        html=render_markdown(body),
        is_anonymous=anonymous,
        warning_themes=warning.themes,
        warning_label=warning.label,
        state=state,
        guard_confirmed=confirmed,
    )
    post.thread = thread
    if state == Post.State.VISIBLE:
        # A held post moves the thread on only once it is approved: peers can't see it yet.
        Thread.objects.filter(pk=thread.pk).update(
            post_count=position, last_post_at=now, last_post_author=author
        )
        thread.last_post_at, thread.last_post_author = now, author
    else:
        Thread.objects.filter(pk=thread.pk).update(post_count=position)
    thread.post_count = position
    ThreadSubscription.objects.get_or_create(user=author, thread=thread)
    thread_mark_read(user=author, thread=thread)
    return post


@dataclass(frozen=True)
class Warning:
    """A content warning as stored: theme keys joined by commas, and a free label."""

    themes: str = ""
    label: str = ""

    @classmethod
    def build(cls, themes=(), label: str = "") -> "Warning":
        return cls(themes=",".join(clean_themes(themes)), label=clean_warning_label(label))


class PostingTooFast(ValidationError):
    """Too many posts too quickly, or slow mode: the text is kept and can be posted shortly."""


def _check_posting_rate(author) -> None:
    if not hit(f"posts:{author.pk}", limit=POST_RATE_LIMIT, window_seconds=POST_RATE_WINDOW):
        raise PostingTooFast(
            "You've posted a lot in the last few minutes. Take a breath: your text is kept here; "
            "try again in a few minutes."
        )


def _check_slow_mode(author, thread: Thread) -> None:
    if not thread.slow_mode_seconds or can_moderate(author, thread.community):
        return
    since = timezone.now() - timedelta(seconds=thread.slow_mode_seconds)
    if Post.objects.filter(thread=thread, author=author, created_at__gt=since).exists():
        minutes = max(1, round(thread.slow_mode_seconds / 60))
        raise PostingTooFast(
            f"This thread is in slow mode: one reply every {minutes} minute{'s' if minutes != 1 else ''} "
            "each, so everyone has room. Your text is kept here; post it a little later."
        )


def _first_state(author, community: Community) -> str:
    """Held for approval while a new member is within the group's pre-moderated first posts."""
    limit = community.premoderate_first_posts
    if not limit or can_moderate(author, community):
        return Post.State.VISIBLE
    approved = Post.objects.filter(
        author=author, thread__community=community, state=Post.State.VISIBLE, deleted_at__isnull=True
    ).count()
    return Post.State.HELD if approved < limit else Post.State.VISIBLE


def _attribution(post: Post) -> tuple[str, object]:
    """The name notifications use for the writer, and the actor: nobody when anonymous."""
    if post.is_anonymous:
        return anonymous_name(post.thread.community), None
    return post.author.display_name, post.author


def _warned(title: str, post: Post) -> str:
    # Notifications and emails never carry the body; a warned post says so in the title.
    return f"{title} (content warning: {post.warning})" if post.warning else title


def announce_post(*, post: Post, is_opening: bool) -> None:
    """Tell followers and mentioned members about a post peers can see (now, or once approved)."""
    thread = post.thread
    mentioned = _notify_mentions(post=post, thread=thread, author=post.author, already=set())
    if is_opening:
        return
    name, actor = _attribution(post)
    url = post.get_absolute_url(page="last")
    for subscriber in subscribers_of(thread):
        if subscriber.pk in mentioned or subscriber.pk == post.author_id:
            continue
        notify(
            recipient=subscriber,
            actor=actor,
            kind="communities.reply",
            title=_warned(f"{name} replied in “{thread.title}”", post),
            url=url,
        )


def _after_write(post: Post, *, crisis_level: str, is_opening: bool) -> None:
    held = post.state != Post.State.VISIBLE
    if not held:
        announce_post(post=post, is_opening=is_opening)
    announce(POST_WRITTEN, post=post, crisis_level=crisis_level, held=held)
    post.crisis_level = crisis_level


@transaction.atomic
def thread_create(
    *,
    author,
    community: Community,
    title: str,
    body: str,
    anonymous: bool = False,
    warning_themes=(),
    warning_label: str = "",
    confirmed: bool = False,
) -> Thread:
    """Start a thread. The guard may ask the writer to confirm; crisis language is flagged.

    The returned thread carries ``crisis_level`` so the page can show the writer support at once.
    """
    check_post_in(author, community)
    title = _clean(title, field="title", max_length=TITLE_MAX)
    body = _clean(body, field="body", max_length=BODY_MAX)
    warning = Warning.build(warning_themes, warning_label)
    check_identifiers(title, body, confirmed=confirmed)
    _check_posting_rate(author)
    state = _first_state(author, community)
    thread = Thread.objects.create(
        community=community,
        author=author,
        title=title,
        last_post_author=author,
        is_anonymous=bool(anonymous),
        warning_themes=warning.themes,
        warning_label=warning.label,
        state=state,
    )
    post = _append_post(
        author=author,
        thread=thread,
        body=body,
        anonymous=bool(anonymous),
        warning=warning,
        state=state,
        confirmed=confirmed,
    )
    _index_post(post, title=title)
    _after_write(post, crisis_level=classify(title, body).stored, is_opening=True)
    thread.crisis_level = post.crisis_level
    thread.opening_post = post
    return thread


@transaction.atomic
def post_create(
    *,
    author,
    thread: Thread,
    body: str,
    anonymous: bool = False,
    warning_themes=(),
    warning_label: str = "",
    confirmed: bool = False,
) -> Post:
    check_reply(author, thread)
    body = _clean(body, field="body", max_length=BODY_MAX)
    warning = Warning.build(warning_themes, warning_label)
    check_identifiers(body, confirmed=confirmed)
    _check_slow_mode(author, thread)
    _check_posting_rate(author)
    # Once anonymous in a thread, always anonymous there: a named reply would give it away.
    anonymous = (
        bool(anonymous) or Post.objects.filter(thread=thread, author=author, is_anonymous=True).exists()
    )
    post = _append_post(
        author=author,
        thread=thread,
        body=body,
        anonymous=anonymous,
        warning=warning,
        state=_first_state(author, thread.community),
        confirmed=confirmed,
    )
    _index_post(post)
    _after_write(post, crisis_level=classify(body).stored, is_opening=False)
    return post


def _notify_mentions(*, post: Post, thread: Thread, author, already: set[int]) -> set[int]:
    notified = set(already)
    name, actor = _attribution(post)
    for user in mentioned_members(thread.community, post.body, exclude=author):
        if user.pk in notified:
            continue
        notify(
            recipient=user,
            actor=actor,
            kind="communities.mention",
            title=_warned(f"{name} mentioned you in “{thread.title}”", post),
            url=post.get_absolute_url(page="last"),
        )
        notified.add(user.pk)
    return notified


@transaction.atomic
def post_edit(
    *,
    editor,
    post: Post,
    body: str,
    warning_themes=None,
    warning_label: str | None = None,
    confirmed: bool = False,
) -> Post:
    """Edit a post. A post a moderator hid goes back to them for review once edited."""
    check_edit_post(editor, post)
    body = _clean(body, field="body", max_length=BODY_MAX)
    warning = (
        Warning(post.warning_themes, post.warning_label)
        if warning_themes is None and warning_label is None
        else Warning.build(warning_themes or (), warning_label or "")
    )
    unchanged = body == post.body and warning == Warning(post.warning_themes, post.warning_label)
    if unchanged and post.state != Post.State.HIDDEN:
        post.crisis_level = ""
        return post
    check_identifiers(body, confirmed=confirmed)
    old_names = {n.strip().lower() for n in MENTION.findall(post.body)}
    if body != post.body:
        PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
    resubmitted = post.state == Post.State.HIDDEN
    post.body = body
    post.html = render_markdown(body)
    post.edited_at = timezone.now()
    post.warning_themes, post.warning_label = warning.themes, warning.label
    post.guard_confirmed = post.guard_confirmed or confirmed
    if resubmitted:
        post.state = Post.State.HELD
    post.save(
        update_fields=[
            "body",
            "html",
            "edited_at",
            "warning_themes",
            "warning_label",
            "guard_confirmed",
            "state",
        ]
    )
    if post.position == 1:
        Thread.objects.filter(pk=post.thread_id).update(
            warning_themes=warning.themes, warning_label=warning.label, state=post.state
        )
    _index_post(post, title=post.thread.title if post.position == 1 else "")
    if post.state == Post.State.VISIBLE and not resubmitted:
        # Only people newly mentioned by the edit hear about it.
        already = {u.pk for u in members_named(post.thread.community, old_names)}
        _notify_mentions(post=post, thread=post.thread, author=editor, already=already)
    level = classify(body).stored
    announce(POST_WRITTEN, post=post, crisis_level=level, held=resubmitted)
    post.crisis_level = level
    return post


@transaction.atomic
def post_delete(*, actor, post: Post) -> Post:
    check_delete_post(actor, post)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    Post.objects.filter(pk=post.pk).update(search_vector=None)
    return post


@transaction.atomic
def reaction_toggle(*, user, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; returns whether it is there now."""
    check_react(user, post)
    if kind not in Reaction.Kind.values:
        raise ValidationError("Choose one of the reactions offered.")
    deleted, _ = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a double click raced us; the reaction is there either way
        pass
    return True


@transaction.atomic
def thread_set_pinned(*, actor, thread: Thread, pinned: bool) -> Thread:
    check_moderate(actor, thread.community)
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    return thread


@transaction.atomic
def thread_set_locked(*, actor, thread: Thread, locked: bool, reason: str = "") -> Thread:
    check_moderate(actor, thread.community)
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    log_moderation(
        moderator=actor,
        community=thread.community,
        action=ModerationLogEntry.Action.LOCK_THREAD if locked else ModerationLogEntry.Action.UNLOCK_THREAD,
        subject=f"thread “{thread.title}”",
        reason=reason,
    )
    return thread


@transaction.atomic
def thread_subscribe(*, user, thread: Thread, subscribed: bool) -> bool:
    check_view_content(user, thread.community)
    if subscribed:
        ThreadSubscription.objects.get_or_create(user=user, thread=thread)
    else:
        ThreadSubscription.objects.filter(user=user, thread=thread).delete()
    return subscribed


def thread_mark_read(*, user, thread: Thread) -> None:
    # One upsert statement: this runs on every thread view, so it must stay a single query.
    ThreadReadState.objects.bulk_create(
        [ThreadReadState(user=user, thread=thread, last_read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_read_at"],
    )


# --- accounts ------------------------------------------------------------------------------


@transaction.atomic
def communities_erase_user(user) -> None:
    """Before an account goes: no group is left without an owner.

    Posts stay (the author shows as "a former member"); memberships, reactions and
    subscriptions go with the account. A group with nobody else in it goes too.
    """
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER, state__in=INSIDE)
    for membership in owned.select_related("community"):
        community = membership.community
        others = Membership.objects.filter(community=community, state__in=INSIDE).exclude(user=user)
        if others.filter(role=Membership.Role.OWNER).exists():
            continue
        heir = (
            others.filter(role=Membership.Role.MODERATOR).order_by("joined_at", "pk").first()
            or others.order_by("joined_at", "pk").first()
        )
        if heir is None:
            community.delete()
            continue
        heir.role = Membership.Role.OWNER
        heir.save(update_fields=["role", "updated_at"])
