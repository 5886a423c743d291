"""Reads. Every list is paginated or bounded, and runs a fixed number of queries."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, NoReturn

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.models import (
    Community,
    Invitation,
    Membership,
    Post,
    PostRevision,
    Reaction,
    SafetyPreferences,
    Thread,
    ThreadReadState,
    ThreadSubscription,
    anonymous_name,
)
from communities.permissions import (
    can_moderate,
    can_read_post,
    can_see_thread,
    can_view_about,
    check_view_content,
    remember_membership,
)
from zenora.textchecks import split_themes, warning_text

INSIDE = (Membership.State.ACTIVE, Membership.State.SUSPENDED)
MENTION = re.compile(r"@\*\*([^*\n]{1,60})\*\*")
SEARCH_CONFIG = "english"


# --- communities ---------------------------------------------------------------------------


def community_for_about(user, slug: str) -> Community:
    """The community whose front page this person may see; 404 otherwise."""
    community = get_object_or_404(Community, slug=slug)
    if not can_view_about(user, community):
        raise_not_found()
    return community


def community_for_member(user, slug: str) -> Community:
    """The community and the person's membership in one query; 404 unless they are inside it."""
    membership = (
        Membership.objects.select_related("community").filter(community__slug=slug, user=user).first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise_not_found()
    community = membership.community
    remember_membership(user, community, membership)
    check_view_content(user, community)
    return community


def raise_not_found() -> NoReturn:
    raise Http404("No such group.")


def community_by_slug(slug: str) -> Community:
    return get_object_or_404(Community, slug=slug)


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, state__in=INSIDE)
        .select_related("community")
        .annotate(
            member_count=Subquery(
                Membership.objects.filter(community=OuterRef("community"), state__in=INSIDE)
                .values("community")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )
        )
        .order_by("community__name")
    )


def invitations_pending_for(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, state=Membership.State.INVITED).select_related("community")


def requests_pending_for(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, state=Membership.State.REQUESTED).select_related("community")


def communities_to_discover(user) -> QuerySet[Community]:
    """Open and request-to-join groups this person is not in (invite-only groups never show)."""
    taken = Membership.objects.filter(user=user).exclude(state=Membership.State.LEFT).values("community")
    return (
        Community.objects.filter(join_policy__in=[Community.JoinPolicy.OPEN, Community.JoinPolicy.REQUEST])
        .exclude(pk__in=taken)
        .order_by("name")[:50]
    )


def member_count(community: Community) -> int:
    return Membership.objects.filter(community=community, state__in=INSIDE).count()


def members_directory(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community, state__in=INSIDE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def people_for_management(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community)
        .exclude(state=Membership.State.LEFT)
        .select_related("user")
        .order_by("state", "user__display_name", "pk")
    )


def member_suggestions(community: Community, prefix: str, *, limit: int = 8) -> list[Membership]:
    prefix = prefix.strip()
    if not prefix:
        return []
    return list(
        Membership.objects.filter(
            community=community, state__in=INSIDE, user__display_name__istartswith=prefix
        ).select_related("user")[:limit]
    )


def members_named(community: Community, names: set[str]) -> list:
    """Current members whose display names are among ``names`` (case-insensitive)."""
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(user__display_name__iexact=name)
    return [
        m.user
        for m in Membership.objects.filter(query, community=community, state__in=INSIDE).select_related(
            "user"
        )
    ]


def mentioned_members(community: Community, body: str, *, exclude) -> list:
    """Members named as @**Display Name** in ``body``, other than ``exclude`` (the writer)."""
    names = {name.strip() for name in MENTION.findall(body)}
    if not names:
        return []
    return [user for user in members_named(community, names) if user.pk != exclude.pk]


def moderators_of(community: Community) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            community=community,
            state=Membership.State.ACTIVE,
            role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR],
        ).select_related("user")
    ]


def invitations_of(community: Community) -> QuerySet[Invitation]:
    return Invitation.objects.filter(community=community).select_related("created_by")[:100]


def invitation_by_token(token: str) -> Invitation:
    return get_object_or_404(Invitation.objects.select_related("community"), token=token)


# --- threads and posts ---------------------------------------------------------------------


def threads_with_read_state(community: Community, user) -> QuerySet[Thread]:
    last_read = ThreadReadState.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_at")[:1]
    return (
        Thread.objects.filter(community=community)
        .select_related("author")
        # What a thread list shows; the community comes from the caller, not from every row.
        .only(
            "id",
            "community_id",
            "title",
            "last_post_at",
            "post_count",
            "is_pinned",
            "is_locked",
            "author_id",
            "author__display_name",
            "is_anonymous",
            "warning_themes",
            "warning_label",
            "state",
        )
        .annotate(last_read_at=Subquery(last_read))
        .filter(_threads_seen_by(user, community))
        .order_by("-last_post_at", "-pk")
    )


def _threads_seen_by(user, community: Community) -> Q:
    """Held or hidden threads show to their author and the moderators only."""
    if can_moderate(user, community):
        return Q()
    return Q(state="visible") | Q(author=user)


def mark_unread(threads, community: Community | None = None) -> list[Thread]:
    threads = list(threads)
    for thread in threads:
        if community is not None:
            thread.community = community
        thread.is_unread = thread.last_read_at is None or thread.last_post_at > thread.last_read_at
    return threads


def pinned_threads(community: Community, user) -> list[Thread]:
    return mark_unread(threads_with_read_state(community, user).filter(is_pinned=True)[:10], community)


def recent_threads(community: Community, user) -> QuerySet[Thread]:
    return threads_with_read_state(community, user).filter(is_pinned=False)


def new_thread_count_since(community: Community, since: datetime | None) -> int | None:
    if since is None:
        return None
    return Thread.objects.filter(community=community, last_post_at__gt=since).count()


def thread_for_member(user, slug: str, thread_id: int) -> Thread:
    """The thread, with the reader's last read time and follow state folded into the same query."""
    community = community_for_member(user, slug)
    threads = Thread.objects.select_related("author").annotate(
        reader_last_read_at=Subquery(
            ThreadReadState.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_at")[:1]
        ),
        reader_subscribed=Exists(ThreadSubscription.objects.filter(thread=OuterRef("pk"), user=user)),
    )
    thread = get_object_or_404(threads, community=community, pk=thread_id)
    thread.community = community  # keeps the cached membership
    if not can_see_thread(user, thread):
        raise Http404("No such thread.")
    return thread


def post_for_member(user, slug: str, post_id: int) -> Post:
    community = community_for_member(user, slug)
    post = get_object_or_404(
        Post.objects.select_related("thread", "author"), thread__community=community, pk=post_id
    )
    post.thread.community = community
    if not can_see_thread(user, post.thread) or not can_read_post(user, post):
        raise Http404("No such post.")
    return post


def _author_fields_posts_never_show() -> list[str]:
    # A post shows its author's display name only; whole user rows made every post slower to load.
    keep = {"id", "display_name"}
    return [
        f"author__{f.attname}"
        for f in Post.author.field.related_model._meta.concrete_fields
        if f.attname not in keep
    ]


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return (
        Post.objects.filter(thread=thread)
        # The page shows stored HTML: the markdown source and the search vector stay in the database.
        .defer("body", "search_vector")
        .select_related("author")
        .defer(*_author_fields_posts_never_show())
        .prefetch_related(
            Prefetch(
                "reactions",
                queryset=Reaction.objects.select_related("user")
                .only("id", "post_id", "user_id", "kind", "user__display_name")
                .order_by("created_at", "pk"),
                to_attr="reaction_list",
            )
        )
        .order_by("position")
    )


@dataclass
class ReactionSummary:
    kind: str
    label: str
    count: int = 0
    names: list[str] = field(default_factory=list)
    mine: bool = False


def anonymous_authors_in(thread: Thread) -> set[int]:
    """Who wrote anonymously in this thread: their reactions there show without their name,
    or a reaction next to an anonymous post would tell peers who wrote it."""
    return set(
        Post.objects.filter(thread=thread, is_anonymous=True, author__isnull=False)
        .values_list("author_id", flat=True)
        .distinct()
    )


def summarise_reactions(posts, user, *, anonymous_ids: frozenset[int] | set[int] = frozenset()) -> None:
    """Attach ``post.reaction_summary`` (every kind, in order) from the prefetched reactions."""
    for post in posts:
        summary = {kind: ReactionSummary(kind=kind, label=label) for kind, label in Reaction.Kind.choices}
        reactions = post.reaction_list if hasattr(post, "reaction_list") else post.reactions.all()
        for reaction in reactions:
            item = summary.get(reaction.kind)
            if item is None:
                continue
            item.count += 1
            if reaction.user_id in anonymous_ids and reaction.user_id != user.pk:
                item.names.append(anonymous_name(post.thread.community))
            else:
                item.names.append(reaction.user.display_name)
            item.mine = item.mine or reaction.user_id == user.pk
        post.reaction_summary = list(summary.values())


def last_read_at(user, thread: Thread) -> datetime | None:
    return (
        ThreadReadState.objects.filter(user=user, thread=thread)
        .values_list("last_read_at", flat=True)
        .first()
    )


def quote_of(thread: Thread, post_id: int) -> str:
    """A reply's starting text quoting another post of the same thread (empty if there is none)."""
    post = (
        Post.objects.filter(thread=thread, pk=post_id, deleted_at__isnull=True, state=Post.State.VISIBLE)
        .select_related("author")
        .first()
    )
    if post is None:
        return ""
    post.thread = thread  # an anonymous author's name needs the group, not another query
    quoted = "\n".join(f"> {line}" if line else ">" for line in post.body.splitlines())
    return f"> **{post.author_name}** wrote:\n>\n{quoted}\n\n"


def subscribers_of(thread: Thread) -> list:
    return [s.user for s in ThreadSubscription.objects.filter(thread=thread).select_related("user")]


def post_revisions(post: Post) -> QuerySet[PostRevision]:
    return PostRevision.objects.filter(post=post).select_related("edited_by")


# --- search --------------------------------------------------------------------------------


def search_posts(user, text: str, *, community: Community | None = None) -> QuerySet[Post]:
    """Posts matching ``text`` in groups the person is inside, best first, with a snippet.

    Visibility is part of the query itself, so nothing from another group can slip through.
    """
    text = text.strip()[:200]
    inside = Membership.objects.filter(user=user, state__in=INSIDE).values("community_id")
    posts = (
        Post.objects.filter(
            deleted_at__isnull=True,
            thread__community__in=inside,
            state=Post.State.VISIBLE,
            thread__state=Post.State.VISIBLE,
        )
        .select_related("thread", "thread__community", "author")
        # Only what a result shows: narrower rows plan and travel faster (the snippet comes from SQL).
        .only(
            "id", "thread_id", "author_id", "position", "created_at",
            "thread__id", "thread__title", "thread__community_id",
            "thread__community__id", "thread__community__slug", "thread__community__name",
            "author__id", "author__display_name", "is_anonymous", "warning_themes", "warning_label",
        )
    )  # fmt: skip
    if community is not None:
        posts = posts.filter(thread__community=community)
    if not text:
        return posts.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return (
            posts.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                snippet=SearchHeadline(
                    "body",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel="[[mark]]",
                    stop_sel="[[/mark]]",
                    max_words=30,
                    min_words=12,
                ),
            )
            .order_by("-rank", "-created_at")
        )
    # The embedded SQLite default: a plain substring match, newest first.
    return (
        posts.filter(Q(body__icontains=text) | Q(thread__title__icontains=text, position=1))
        .annotate(snippet=F("body"))
        .order_by("-created_at")
    )


# --- personal data -------------------------------------------------------------------------


def communities_export(user) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("community").order_by("created_at")
    posts = (
        Post.objects.filter(author=user).select_related("thread", "thread__community").order_by("created_at")
    )
    return {
        "memberships": [
            {
                "community": m.community.name,
                "role": m.role,
                "state": m.state,
                "joined_at": m.joined_at.isoformat() if m.joined_at else None,
            }
            for m in memberships
        ],
        "posts": [
            {
                "community": p.thread.community.name,
                "thread": p.thread.title,
                "body": p.body,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
                "deleted": p.is_deleted,
            }
            for p in posts
        ],
        "reactions": list(
            Reaction.objects.filter(user=user).order_by("created_at").values("post_id", "kind")
        ),
    }


# --- a reader's content-warning choices ------------------------------------------------

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
