import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

FORMER_MEMBER = "a former member"
# A thread page shows this many posts.
POSTS_PER_PAGE = 30


def new_invite_token() -> str:
    return secrets.token_urlsafe(24)


class Community(models.Model):
    """A clinic's peer-support group."""

    class JoinPolicy(models.TextChoices):
        INVITE = "invite", "Invite only"
        REQUEST = "request", "Request to join"
        OPEN = "open", "Open to everyone on this Zenora"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    guidelines = models.TextField(max_length=20000, blank=True)
    guidelines_html = models.TextField(blank=True)
    # Raised on every change of the guidelines: members accept each version before posting.
    guidelines_version = models.PositiveIntegerField(default=1)
    join_policy = models.CharField(max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.INVITE)
    # A new member's first N posts wait for a moderator's approval; 0 turns this off.
    premoderate_first_posts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:home", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MODERATOR = "moderator", "Moderator"
        MEMBER = "member", "Member"

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        REQUESTED = "requested", "Asked to join"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        LEFT = "left", "Left"
        BANNED = "banned", "Banned"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    suspended_until = models.DateTimeField(null=True, blank=True)
    guidelines_accepted_version = models.PositiveIntegerField(default=0)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    last_visited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="membership_unique_person")]
        indexes = [
            models.Index(fields=["user", "state"], name="membership_user_state"),
            models.Index(fields=["community", "state", "role"], name="membership_community_state"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id} ({self.role}, {self.state})"

    @property
    def is_suspended_now(self) -> bool:
        return self.state == self.State.SUSPENDED and (
            self.suspended_until is None or self.suspended_until > timezone.now()
        )

    @property
    def is_current(self) -> bool:
        """Inside the group: active, or suspended (a suspension limits writing, not reading)."""
        return self.state in (self.State.ACTIVE, self.State.SUSPENDED)

    @property
    def can_write(self) -> bool:
        return self.is_current and not self.is_suspended_now

    @property
    def is_moderator(self) -> bool:
        return self.is_current and self.role in (self.Role.OWNER, self.Role.MODERATOR)

    @property
    def is_owner(self) -> bool:
        return self.is_current and self.role == self.Role.OWNER


class Invitation(models.Model):
    """An invite link (no email) or an email invitation; both open the same public join page."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    email = models.EmailField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "-created_at"], name="invitation_community_recent")]

    def __str__(self) -> str:
        return f"Invitation to {self.community_id}"

    def get_absolute_url(self) -> str:
        return reverse("communities:invite", args=[self.token])

    @property
    def problem(self) -> str:
        """Why the link cannot be used now, in words for the person holding it; empty when fine."""
        if self.revoked_at is not None:
            return "This invite link was withdrawn by the group. Ask whoever sent it for a new one."
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "This invite link has expired. Ask whoever sent it for a new one."
        if self.max_uses is not None and self.use_count >= self.max_uses:
            return "This invite link has been used as many times as it allows. Ask for a new one."
        return ""


class Thread(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=160)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(default=timezone.now)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    # The opening post's author, warning and moderation state, kept here for thread lists.
    is_anonymous = models.BooleanField(default=False)
    warning_themes = models.CharField(max_length=120, blank=True)
    warning_label = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=10, default="visible")
    # Slow mode: a member waits this long between replies in this thread (moderators don't).
    slow_mode_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_post_at"]
        indexes = [
            models.Index(fields=["community", "-last_post_at"], name="thread_community_recent"),
            models.Index(
                fields=["community", "-last_post_at"],
                name="thread_community_pinned",
                condition=models.Q(is_pinned=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("communities:thread", args=[self.community.slug, self.pk])

    @property
    def author_name(self) -> str:
        if self.is_anonymous:
            return anonymous_name(self.community)
        return self.author.display_name if self.author else FORMER_MEMBER

    @property
    def warning(self) -> str:
        from zenora.textchecks import warning_text

        return warning_text(self.warning_themes, self.warning_label)


def anonymous_name(community: Community) -> str:
    """How an anonymous-to-peers author appears: never a name, an avatar or a link."""
    return f"A member of {community.name}"


class Post(models.Model):
    class State(models.TextChoices):
        VISIBLE = "visible", "Visible"
        HELD = "held", "Waiting for approval"
        HIDDEN = "hidden", "Hidden by a moderator"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # Posts outlive their author's account: they read as written by "a former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField()
    body = models.TextField(max_length=20000)
    html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    is_anonymous = models.BooleanField(default=False)
    warning_themes = models.CharField(max_length=120, blank=True)
    warning_label = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.VISIBLE)
    # A moderator's private note to the author when hiding the post.
    moderation_note = models.TextField(max_length=2000, blank=True)
    # The writer confirmed that what the confidentiality guard found does not identify anyone.
    guard_confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["thread", "position"], name="post_unique_position")]
        indexes = [
            GinIndex(fields=["search_vector"], name="post_search_vector"),
            models.Index(fields=["author"], name="post_author"),
            # The moderation queue's held posts; nearly every post is visible, so this stays small.
            models.Index(fields=["thread"], name="post_not_visible", condition=~models.Q(state="visible")),
        ]

    def __str__(self) -> str:
        return f"Post {self.position} in {self.thread_id}"

    def get_absolute_url(self, page: int | str | None = None) -> str:
        """The post in its thread: the page it is on (or ``page``, e.g. "last") and its anchor."""
        return f"{self.thread.get_absolute_url()}?page={page or self.thread_page}#post-{self.position}"

    @property
    def author_name(self) -> str:
        if self.is_anonymous:
            return anonymous_name(self.thread.community)
        return self.author.display_name if self.author else FORMER_MEMBER

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def thread_page(self) -> int:
        """The page of its thread this post is on."""
        return (self.position - 1) // POSTS_PER_PAGE + 1

    @property
    def warning(self) -> str:
        from zenora.textchecks import warning_text

        return warning_text(self.warning_themes, self.warning_label)


class PostRevision(models.Model):
    """A post's text before an edit; moderators can read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", "Sending support"
        THANKS = "thanks", "Thank you"
        BEEN_THERE = "been_there", "Been there"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_unique")]
        indexes = [models.Index(fields=["user"], name="reaction_user")]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class ThreadReadState(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="readstate_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"


class ThreadSubscription(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="subscription_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class SafetyPreferences(models.Model):
    """A reader's content-warning choices: themes hidden altogether, and themes always opened."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    hidden_themes = models.CharField(max_length=200, blank=True)
    open_themes = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"content preferences of {self.user_id}"

    @property
    def hidden(self) -> set[str]:
        return {t for t in self.hidden_themes.split(",") if t}

    @property
    def opened(self) -> set[str]:
        return {t for t in self.open_themes.split(",") if t}


class ModerationLogEntry(models.Model):
    """What a moderator did, why and when: the community's moderators can review it."""

    class Action(models.TextChoices):
        DELETE_MESSAGE = "delete_message", "Deleted a chat message"
        MUTE = "mute", "Muted a member in a room"
        UNMUTE = "unmute", "Unmuted a member in a room"
        LOCK_ROOM = "lock_room", "Locked a room"
        UNLOCK_ROOM = "unlock_room", "Unlocked a room"
        APPROVE_POST = "approve_post", "Approved a post"
        HIDE_POST = "hide_post", "Hid a post"
        RESTORE_POST = "restore_post", "Restored a post"
        DELETE_POST = "delete_post", "Deleted a post"
        LOCK_THREAD = "lock_thread", "Locked a thread"
        UNLOCK_THREAD = "unlock_thread", "Unlocked a thread"
        SLOW_MODE = "slow_mode", "Changed a thread's slow mode"
        SUSPEND = "suspend", "Suspended a member"
        BAN = "ban", "Banned a member"
        REINSTATE = "reinstate", "Reinstated a member"
        REMOVE = "remove", "Removed a member"
        DISMISS_REPORT = "dismiss_report", "Closed a report with no action"
        PREMODERATION = "premoderation", "Changed pre-moderation"

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="moderation_log"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200, blank=True, help_text="What was acted on, in words.")
    reason = models.CharField(max_length=300, blank=True)
    post = models.ForeignKey(
        "communities.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chat_message = models.ForeignKey(
        "communities.ChatMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "-created_at"], name="moderation_log_recent")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"
