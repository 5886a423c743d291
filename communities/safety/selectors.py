"""Reads for safety and moderation: a group's queue and its moderation log."""

from django.db.models import Prefetch, QuerySet

from communities.models import Community, ModerationLogEntry, Post
from communities.rooms.models import ChatMessage
from communities.safety.models import Report

QUEUE_SIZE = 50
LOG_SIZE = 50


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
