"""Reads for safety and moderation: a reader's content-warning choices, and a group's queue."""

from functools import cached_property

from django.db.models import Prefetch, QuerySet

from communities.models import ChatMessage, Community, ModerationLogEntry, Post, Report, SafetyPreferences
from communities.safety import split_themes, warning_text

QUEUE_SIZE = 50
LOG_SIZE = 50

ASK, OPEN, HIDE = "ask", "open", "hide"


def safety_preferences_for(user) -> SafetyPreferences:
    """The person's choices, or the default (ask each time) without writing anything."""
    return SafetyPreferences.objects.filter(user=user).first() or SafetyPreferences(user=user)


class ReaderWarnings:
    """How one reader sees warned content. Their preferences are read at most once, and only
    when something on the page carries a warning: pages without warnings cost no query."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def preferences(self) -> SafetyPreferences:
        return safety_preferences_for(self.user)

    def state(self, themes: str, label: str = "") -> str:
        """ "" (no warning), "ask" (collapsed), "open" (always open) or "hide" (hidden altogether)."""
        keys = split_themes(themes)
        if not keys and not label:
            return ""
        if set(keys) & self.preferences.hidden:
            return HIDE
        if keys and not label and set(keys) <= self.preferences.opened:
            return OPEN
        return ASK

    def prepare(self, item, themes: str, label: str) -> None:
        """Set ``item.cw_state`` and ``item.cw_text`` for templates."""
        item.cw_state = self.state(themes, label)
        item.cw_text = warning_text(themes, label) if item.cw_state else ""


def open_reports(community: Community) -> list[Report]:
    return list(
        Report.objects.filter(community=community, resolved_at__isnull=True)
        .select_related(
            "post",
            "post__author",
            "post__thread",
            "chat_message",
            "chat_message__author",
            "chat_message__room",
        )
        .order_by("-created_at")[:QUEUE_SIZE]
    )


def held_posts(community: Community) -> list[Post]:
    return list(
        Post.objects.filter(thread__community=community, state=Post.State.HELD, deleted_at__isnull=True)
        .select_related("author", "thread")
        .prefetch_related(
            Prefetch(
                "reports", queryset=Report.objects.filter(resolved_at__isnull=True), to_attr="open_reports"
            )
        )
        .order_by("created_at")[:QUEUE_SIZE]
    )


def hidden_posts(community: Community) -> list[Post]:
    return list(
        Post.objects.filter(thread__community=community, state=Post.State.HIDDEN, deleted_at__isnull=True)
        .select_related("author", "thread")
        .order_by("-created_at")[:QUEUE_SIZE]
    )


def moderation_log(community: Community) -> QuerySet[ModerationLogEntry]:
    return (
        ModerationLogEntry.objects.filter(community=community)
        .select_related("moderator", "target_user")
        .order_by("-created_at")[:LOG_SIZE]
    )


def queue_size(community: Community) -> int:
    reports = Report.objects.filter(community=community, resolved_at__isnull=True).count()
    held = Post.objects.filter(thread__community=community, state=Post.State.HELD, deleted_at__isnull=True)
    return reports + held.count()


def chat_message_for_report(community: Community, room_slug: str, seq: int) -> ChatMessage:
    from django.shortcuts import get_object_or_404

    message = get_object_or_404(
        ChatMessage.objects.select_related("room", "author"),
        room__community=community,
        room__slug=room_slug,
        seq=seq,
        deleted_at__isnull=True,
    )
    message.room.community = community
    return message
