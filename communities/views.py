"""Thin views: parse, call one service, render or redirect. Failed submits re-render with 422."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.adapter import PENDING_INVITE_SESSION_KEY
from communities import permissions as perms
from communities import selectors, services
from communities.actions import MEMBER_ACTIONS, member_actions_for
from communities.forms import (
    CommunityForm,
    EmailInvitationForm,
    InvitationForm,
    MemberActionForm,
    PostEditForm,
    PostForm,
    ReactionForm,
    SearchForm,
    SlowModeForm,
    ThreadForm,
)
from communities.hooks import GROUP_HOME_CONTEXT
from communities.models import POSTS_PER_PAGE, Membership, Post
from communities.selectors import ReaderWarnings
from zenora.crisis import CRISIS_PERSONAL, crisis_resources
from zenora.forms import add_service_errors, message_service_error
from zenora.hooks import collect

THREADS_PER_PAGE = 25
RESULTS_PER_PAGE = 20


CRISIS_SESSION_KEY = "communities_show_crisis_care"


def _member_flags(user, community) -> dict:
    membership = perms.membership_of(user, community)
    return {
        "membership": membership,
        "can_moderate": perms.can_moderate(user, community),
        "can_own": perms.can_own(user, community),
        "can_post": perms.can_post_in(user, community),
        "needs_guidelines": perms.needs_guidelines(user, community),
    }


# --- groups --------------------------------------------------------------------------------


@login_required
@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "communities/community_list.html",
        {
            "memberships": selectors.memberships_of(user),
            "invitations": selectors.invitations_pending_for(user),
            "requests": selectors.requests_pending_for(user),
            "discover": selectors.communities_to_discover(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{community.name} is ready. Invite your colleagues next.")
            return redirect("communities:invites", slug=community.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "communities/community_form.html", {"form": form}, status=status)


def _wing_parts(community, user) -> dict:
    """What the other wings add to the group's front page (its live rooms)."""
    parts: dict = {}
    for context in collect(GROUP_HOME_CONTEXT, community=community, user=user):
        parts.update(context)
    return parts


@login_required
@require_GET
def community_home(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_about(request.user, slug)
    if not perms.can_view_content(request.user, community):
        # An open group's front door, for someone not in it yet.
        return render(
            request,
            "communities/community_about.html",
            {"community": community, "member_count": selectors.member_count(community)},
        )
    previous_visit = services.community_visit(user=request.user, community=community)
    page = Paginator(selectors.recent_threads(community, request.user), THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    pinned = selectors.pinned_threads(community, request.user) if page.number == 1 else []
    page.object_list = _with_urls(selectors.mark_unread(page.object_list, community), community)
    _with_urls(pinned, community)
    warnings = ReaderWarnings(request.user)
    for thread in [*pinned, *page.object_list]:
        warnings.prepare(thread, thread.warning_themes, thread.warning_label)
    return render(
        request,
        "communities/community_home.html",
        {
            "community": community,
            "pinned": pinned,
            "page": page,
            "member_count": selectors.member_count(community),
            "new_since_visit": selectors.new_thread_count_since(community, previous_visit),
            "previous_visit": previous_visit,
            **_member_flags(request.user, community),
            **_wing_parts(community, request.user),
        },
    )


@login_required
@require_POST
def membership_respond(request: HttpRequest, slug: str) -> HttpResponse:
    """Join an open group, accept or decline an invitation, ask to join or withdraw the ask."""
    community = selectors.community_by_slug(slug)
    membership = perms.membership_of(request.user, community)
    action = request.POST.get("action", "join")
    allowed = (
        perms.can_view_about(request.user, community)
        or (
            membership is not None
            and membership.state in (Membership.State.INVITED, Membership.State.REQUESTED)
        )
        or perms.can_request_to_join(request.user, community)
    )
    if not allowed:
        raise Http404("No such group.")
    try:
        if action == "join":
            services.community_join(user=request.user, community=community)
            messages.success(request, f"Welcome to {community.name}.")
            return redirect(community)
        if action == "request":
            services.join_request_create(user=request.user, community=community)
            messages.success(request, "Your request is with the group's moderators. We'll let you know.")
        elif action == "withdraw":
            services.join_request_withdraw(user=request.user, community=community)
            messages.info(request, "Your request is withdrawn.")
        elif action == "decline":
            services.invitation_decline(user=request.user, community=community)
            messages.info(request, "Invitation declined.")
        else:
            raise ValidationError("Unknown action.")
    except (PermissionDenied, ValidationError) as error:
        message_service_error(request, error)
    return redirect("communities:list")


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, token: str) -> HttpResponse:
    """The public join page an invite link opens; the only page of a private group outsiders see."""
    invitation = selectors.invitation_by_token(token)
    community = invitation.community
    context = {"invitation": invitation, "community": community}
    user = request.user
    if user.is_authenticated and perms.can_view_content(user, community):
        request.session.pop(PENDING_INVITE_SESSION_KEY, None)
        return redirect(community)
    if invitation.problem:
        return render(request, "communities/invite.html", context, status=410)
    if not user.is_authenticated:
        # Remembered so that signing up (and verifying) or signing in comes back here to join.
        request.session[PENDING_INVITE_SESSION_KEY] = token
        return render(request, "communities/invite.html", context)
    came_back = request.session.get(PENDING_INVITE_SESSION_KEY) == token
    if request.method == "POST" or came_back:
        request.session.pop(PENDING_INVITE_SESSION_KEY, None)
        try:
            services.invitation_redeem(user=user, invitation=invitation)
        except PermissionDenied as error:
            context["error"] = str(error)
            return render(request, "communities/invite.html", context, status=403)
        messages.success(request, f"Welcome to {community.name}.")
        return redirect(community)
    return render(request, "communities/invite.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def guidelines(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    if request.method == "POST":
        services.guidelines_accept(user=request.user, community=community)
        messages.success(request, "Thank you. You can post now.")
        next_url = request.POST.get("next", "")
        if next_url.startswith(f"/groups/{community.slug}/") and "//" not in next_url:
            return redirect(next_url)
        return redirect(community)
    return render(
        request,
        "communities/community_guidelines.html",
        {
            "community": community,
            "next": request.GET.get("next", ""),
            **_member_flags(request.user, community),
        },
    )


@login_required
@require_GET
def members(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    page = Paginator(selectors.members_directory(community), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/member_list.html",
        {"community": community, "page": page, **_member_flags(request.user, community)},
    )


@login_required
@require_GET
def member_suggest(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    suggestions = selectors.member_suggestions(community, request.GET.get("q", "")[:60])
    return render(request, "communities/member_suggest.html", {"suggestions": suggestions})


@login_required
@require_http_methods(["GET", "POST"])
def community_settings(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    perms.check_moderate(request.user, community)
    initial = {
        "name": community.name,
        "description": community.description,
        "guidelines": community.guidelines,
        "join_policy": community.join_policy,
    }
    form = CommunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(actor=request.user, community=community, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Group settings saved.")
            return redirect("communities:settings", slug=community.slug)
    status = 422 if request.method == "POST" else 200
    context = {"community": community, "form": form, **_member_flags(request.user, community)}
    return render(request, "communities/community_settings.html", context, status=status)


@login_required
@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    perms.check_moderate(request.user, community)
    return render(
        request,
        "communities/people_manage.html",
        {
            "community": community,
            "people": _with_actions(selectors.people_for_management(community), request.user),
            "today": timezone.localdate(),
            **_member_flags(request.user, community),
        },
    )


def _with_actions(people, actor) -> list[Membership]:
    people = list(people)
    for person in people:
        person.actions = member_actions_for(actor, person)
    return people


@login_required
@require_POST
def person_action(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """Actions on a member dispatch through MEMBER_ACTIONS, the same table the people page
    reads to show which buttons apply; nobody acts on themselves here."""
    community = selectors.community_for_member(request.user, slug)
    perms.check_moderate(request.user, community)
    target = get_object_or_404(
        Membership.objects.select_related("user"), community=community, pk=membership_id
    )
    target.community = community
    form = MemberActionForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["Choose an action."]:
            messages.error(request, error)
        return redirect("communities:people", slug=slug)
    key, actor = form.cleaned_data["action"], request.user
    action = MEMBER_ACTIONS[key]
    try:
        if target.user_id == actor.pk or not action.applies(actor, target):
            raise ValidationError("That action doesn't apply to this person.")
        action.run(actor, target, form.cleaned_data)
    except (PermissionDenied, ValidationError) as error:
        message_service_error(request, error)
    else:
        messages.success(request, f"Done: {action.label.lower()} for {target.user}.")
    return redirect("communities:people", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def invites(request: HttpRequest, slug: str) -> HttpResponse:
    """The page holds two forms, an invite link and an email invitation; the hidden "kind"
    field says which was sent, so the other keeps its own state."""
    community = selectors.community_for_member(request.user, slug)
    perms.check_moderate(request.user, community)
    link_form = InvitationForm(request.POST if request.POST.get("kind") == "link" else None)
    email_form = EmailInvitationForm(request.POST if request.POST.get("kind") == "email" else None)
    status = 200
    if request.method == "POST":
        form = email_form if request.POST.get("kind") == "email" else link_form
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if invitation.email:
                    messages.success(request, f"Invitation sent to {invitation.email}.")
                else:
                    messages.success(request, "New invite link ready. Copy it from the list below.")
                return redirect("communities:invites", slug=slug)
        status = 422
    context = {
        "community": community,
        "link_form": link_form,
        "email_form": email_form,
        "invitations": selectors.invitations_of(community),
        **_member_flags(request.user, community),
    }
    return render(request, "communities/invitation_list.html", context, status=status)


@login_required
@require_POST
def invite_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    perms.check_moderate(request.user, community)
    invitation = get_object_or_404(community.invitations, pk=invitation_id)
    invitation.community = community
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, "Invite link withdrawn: it no longer works.")
    return redirect("communities:invites", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    if request.method == "POST":
        try:
            services.membership_leave(user=request.user, community=community)
        except PermissionDenied as error:
            message_service_error(request, error)
            return redirect("communities:leave", slug=slug)
        messages.info(request, f"You left {community.name}. Take care.")
        return redirect("communities:list")
    return render(
        request,
        "communities/community_leave.html",
        {"community": community, **_member_flags(request.user, community)},
    )


# --- search --------------------------------------------------------------------------------


@dataclass
class PeekPage:
    """A page of results found by fetching one row more than shown: no COUNT over every match."""

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _peek_page(queryset, number: str | None, size: int) -> PeekPage:
    page = int(number) if (number or "").isdigit() and 0 < int(number) < 1000 else 1
    rows = list(queryset[(page - 1) * size : page * size + 1])
    return PeekPage(object_list=rows[:size], number=page, has_next=len(rows) > size)


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = None
    if query.strip():
        page = _peek_page(
            selectors.search_posts(request.user, query), request.GET.get("page"), RESULTS_PER_PAGE
        )
        warnings = ReaderWarnings(request.user)
        for post in page.object_list:
            # A warned post's words stay out of the snippet unless the reader always opens them.
            warnings.prepare(post, post.warning_themes, post.warning_label)
    status = 200 if form.is_valid() else 422
    return render(
        request, "communities/search.html", {"form": form, "query": query, "page": page}, status=status
    )


# --- threads and posts ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    if perms.needs_guidelines(request.user, community):
        return redirect(f"{reverse('communities:guidelines', args=[slug])}?next={request.path}")
    perms.check_post_in(request.user, community)  # a suspended member reads why, before writing anything
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                author=request.user, community=community, confirmed=_confirmed(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            _after_posting(request, thread.opening_post, thread.crisis_level)
            return redirect(thread)
    status = 422 if request.method == "POST" else 200
    context = {"community": community, "form": form, **_member_flags(request.user, community)}
    return render(request, "communities/thread_form.html", context, status=status)


def _confirmed(request: HttpRequest) -> bool:
    """The writer pressed "post as it is" after reading what the confidentiality guard found."""
    return request.POST.get("confirmed") == "1"


def _after_posting(request: HttpRequest, post, crisis_level: str) -> None:
    if crisis_level == CRISIS_PERSONAL:
        # Shown on the next page the writer sees, at once; only to them.
        request.session[CRISIS_SESSION_KEY] = True
    if post.state == Post.State.HELD:
        messages.info(
            request,
            "Thank you. Your post is waiting for a moderator's approval; only you and they can see it now.",
        )


def _with_urls(threads: list, community) -> list:
    """Each thread's link from one reverse: reversing per thread was a visible share of the page."""
    base = reverse("communities:thread", args=[community.slug, 0]).removesuffix("0/")
    for thread in threads:
        thread.url = f"{base}{thread.pk}/"
    return threads


def _prepare_for_template(post) -> None:
    # Strings, not ints: the template would localise every number it prints, 30 posts x 10 times.
    post.ref = str(post.pk)
    post.anchor = f"post-{post.position}"
    # Dates formatted once here: the date filter is slow enough to matter at thirty posts a page.
    created = timezone.localtime(post.created_at)
    post.created_iso = created.isoformat()
    post.created_label = f"{created.day} {created:%b %Y, %H:%M}"


def _thread_page(
    request: HttpRequest, thread, form: PostForm | None = None, status: int = 200
) -> HttpResponse:
    community = thread.community
    paginator = Paginator(selectors.thread_posts(thread), POSTS_PER_PAGE)
    paginator.__dict__["count"] = thread.post_count  # kept by the services; saves a COUNT per view
    number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    posts = list(page.object_list)
    for post in posts:
        post.thread = thread  # shares the loaded thread, community and membership: no query per post
        _prepare_for_template(post)
    selectors.summarise_reactions(posts, request.user, anonymous_ids=selectors.anonymous_authors_in(thread))
    previous_read = thread.reader_last_read_at
    warnings = ReaderWarnings(request.user)
    sees_real_author = perms.can_see_real_author(request.user, community)
    for post in posts:
        post.is_new = previous_read is not None and post.created_at > previous_read
        post.can_read = perms.can_read_post(request.user, post)
        post.can_edit = perms.can_edit_post(request.user, post)
        post.can_delete = perms.can_delete_post(request.user, post)
        post.can_react = perms.can_react(request.user, post) and post.state == Post.State.VISIBLE
        post.can_report = perms.can_report_post(request.user, post)
        post.real_author = (
            post.author.display_name if sees_real_author and post.is_anonymous and post.author else ""
        )
        warnings.prepare(post, post.warning_themes, post.warning_label)
    services.thread_mark_read(user=request.user, thread=thread)
    if form is None:
        initial = {}
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            initial["body"] = selectors.quote_of(thread, int(quote_id))
        form = PostForm(initial=initial)
    context = {
        "community": community,
        "thread": thread,
        "page": page,
        "posts": posts,
        "form": form,
        "subscribed": thread.reader_subscribed,
        # One reverse for every post's links: reversing per post and per button dominated render time.
        "posts_base": reverse("communities:post_edit", args=[community.slug, 0]).removesuffix("0/edit/"),
        "can_reply": perms.can_reply(request.user, thread),
        "crisis": crisis_resources() if request.session.pop(CRISIS_SESSION_KEY, False) else None,
        "slow_mode_form": SlowModeForm(initial={"seconds": thread.slow_mode_seconds}),
        **_member_flags(request.user, community),
    }
    return render(request, "communities/thread_detail.html", context, status=status)


@login_required
@require_GET
def thread_detail(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for_member(request.user, slug, thread_id)
    return _thread_page(request, thread)


@login_required
@require_POST
def reply(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for_member(request.user, slug, thread_id)
    perms.check_reply(request.user, thread)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_create(
                author=request.user, thread=thread, confirmed=_confirmed(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            _after_posting(request, post, post.crisis_level)
            return redirect(post.get_absolute_url(page="last"))
    return _thread_page(request, thread, form=form, status=422)


@login_required
@require_POST
def thread_subscribe(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for_member(request.user, slug, thread_id)
    subscribed = request.POST.get("subscribed") == "1"
    services.thread_subscribe(user=request.user, thread=thread, subscribed=subscribed)
    messages.info(
        request, "You'll be told about new replies." if subscribed else "You won't be told about replies."
    )
    return redirect(thread)


@login_required
@require_POST
def thread_moderate(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for_member(request.user, slug, thread_id)
    action = request.POST.get("action")
    try:
        if action in ("pin", "unpin"):
            services.thread_set_pinned(actor=request.user, thread=thread, pinned=action == "pin")
        elif action in ("lock", "unlock"):
            services.thread_set_locked(actor=request.user, thread=thread, locked=action == "lock")
        else:
            raise ValidationError("Unknown action.")
    except ValidationError as error:
        message_service_error(request, error)
    return redirect(thread)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    """An edit goes back through the same checks as a new post: a hidden post returns to the
    moderators, and crisis language brings up the resources for the writer."""
    post = selectors.post_for_member(request.user, slug, post_id)
    perms.check_edit_post(request.user, post)
    initial = {
        "body": post.body,
        "warning_themes": post.warning_themes.split(",") if post.warning_themes else [],
        "warning_label": post.warning_label,
    }
    form = PostEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_hidden = post.state == Post.State.HIDDEN
        try:
            services.post_edit(
                editor=request.user, post=post, confirmed=_confirmed(request), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            if was_hidden:
                messages.success(
                    request, "Thank you. Your edited post is back with the moderators for review."
                )
            else:
                messages.success(request, "Your post is updated.")
            if post.crisis_level == CRISIS_PERSONAL:
                request.session[CRISIS_SESSION_KEY] = True
            return redirect(post.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    context = {"community": post.thread.community, "post": post, "thread": post.thread, "form": form}
    return render(request, "communities/post_form.html", context, status=status)


@login_required
@require_POST
def post_delete(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    post = selectors.post_for_member(request.user, slug, post_id)
    services.post_delete(actor=request.user, post=post)
    messages.info(request, "Your post is deleted.")
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_react(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    post = selectors.post_for_member(request.user, slug, post_id)
    form = ReactionForm(request.POST)
    if form.is_valid():
        try:
            services.reaction_toggle(user=request.user, post=post, kind=form.cleaned_data["kind"])
        except (PermissionDenied, ValidationError, IntegrityError) as error:
            message_service_error(request, error)
    if request.htmx:
        thread = post.thread
        post = selectors.thread_posts(thread).get(pk=post.pk)
        post.thread = thread
        selectors.summarise_reactions(
            [post], request.user, anonymous_ids=selectors.anonymous_authors_in(thread)
        )
        _prepare_for_template(post)
        post.can_react = True
        posts_base = reverse("communities:post_edit", args=[slug, 0]).removesuffix("0/edit/")
        context = {"post": post, "community": post.thread.community, "posts_base": posts_base}
        return render(request, "communities/thread_detail.html#reactions", context)
    return redirect(post.get_absolute_url())


@login_required
@require_GET
def post_history(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    post = selectors.post_for_member(request.user, slug, post_id)
    perms.check_moderate(request.user, post.thread.community)
    context = {"community": post.thread.community, "post": post, "revisions": selectors.post_revisions(post)}
    return render(request, "communities/post_history.html", context)
