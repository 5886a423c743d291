"""Pages of safety and moderation: reporting, the moderation queue, slow mode, a reader's
content-warning preferences, and the crisis support page. Thin: a form, one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import permissions as perms
from communities import selectors
from communities.forms import SlowModeForm
from communities.models import Post
from communities.rooms.models import ChatMessage
from communities.safety import selectors as queue
from communities.safety import services as moderation
from communities.safety.actions import QueueItem, queue_action, queue_actions_for
from communities.safety.forms import (
    ModerationActionForm,
    PremoderationForm,
    ReportForm,
    SafetyPreferencesForm,
)
from communities.safety.models import Report
from zenora.crisis import crisis_resources
from zenora.forms import add_service_errors, message_service_error
from zenora.textchecks import THEMES

# --- for everyone --------------------------------------------------------------------------


@login_required
@require_GET
def support(request: HttpRequest) -> HttpResponse:
    """Where help is: the deployment's crisis resources, and a gentle way to check in."""
    return render(request, "communities/support.html", {"crisis": crisis_resources()})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    prefs = selectors.safety_preferences_for(request.user)
    initial = {
        key: "hide" if key in prefs.hidden else "open" if key in prefs.opened else "ask" for key, _ in THEMES
    }
    form = SafetyPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            moderation.safety_preferences_update(user=request.user, choices=form.cleaned_data)
            messages.success(request, "Your content warning choices are saved.")
            return redirect("communities:preferences")
        return render(request, "communities/safety_preferences.html", {"form": form}, status=422)
    return render(request, "communities/safety_preferences.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def report_post(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    post = selectors.post_for_member(request.user, slug, post_id)
    perms.check_report_post(request.user, post)
    context = {"community": post.thread.community, "post": post, "thread": post.thread}
    return _report(
        request,
        submit=lambda data: moderation.report_post(reporter=request.user, post=post, **data),
        back_to=post.get_absolute_url(),
        context=context,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_message(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    community = selectors.community_for_member(request.user, slug)
    seq = request.POST.get("seq") or request.GET.get("seq", "")
    if not seq.isdigit():
        raise Http404("No such message.")
    message = queue.chat_message_for_report(community, room_slug, int(seq))
    perms.check_report_chat_message(request.user, message)
    room_url = message.room.get_absolute_url()
    return _report(
        request,
        submit=lambda data: moderation.report_chat_message(reporter=request.user, message=message, **data),
        back_to=room_url,
        context={"community": community, "message": message, "room_url": room_url},
    )


def _report(request: HttpRequest, *, submit, back_to: str, context: dict) -> HttpResponse:
    """The report form for a post or a message: the same form, thanks and way back."""
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit(form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you. The group's moderators will look at it; the writer won't know who reported it.",
            )
            return redirect(back_to)
    status = 422 if request.method == "POST" else 200
    return render(request, "communities/report_form.html", {**context, "form": form}, status=status)


# --- for moderators --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The queue page carries two forms: the group's pre-moderation switch and the actions on
    each report or held post (dispatched through QUEUE_ACTIONS)."""
    community = selectors.community_for_member(request.user, slug)
    perms.check_moderate(request.user, community)
    premoderation = PremoderationForm(
        request.POST if request.POST.get("form") == "premoderation" else None,
        initial={"premoderate_first_posts": community.premoderate_first_posts},
    )
    if request.method == "POST":
        if request.POST.get("form") == "premoderation":
            if premoderation.is_valid():
                moderation.community_set_premoderation(
                    moderator=request.user,
                    community=community,
                    first_posts=premoderation.cleaned_data["premoderate_first_posts"],
                )
                messages.success(request, "Pre-moderation saved.")
                return redirect("communities:moderation", slug=slug)
        else:
            _act(request, community, ModerationActionForm(request.POST))
            return redirect("communities:moderation", slug=slug)
    context = {
        "community": community,
        "reports": _with_actions(queue.open_reports(community), community),
        "held": _with_actions(queue.held_posts(community), community),
        "hidden": _with_actions(queue.hidden_posts(community), community),
        "log": queue.moderation_log(community),
        "premoderation": premoderation,
        "today": timezone.localdate(),
        "can_moderate": True,
        "can_own": perms.can_own(request.user, community),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "communities/moderation_queue.html", context, status=status)


def _with_actions(items: list, community) -> list:
    """Each report or post with the queue actions that apply to it (the page's buttons)."""
    for item in items:
        if isinstance(item, Report):
            subject = QueueItem(community=community, post=item.post, message=item.chat_message, report=item)
        else:
            subject = QueueItem(community=community, post=item)
        item.queue_actions = queue_actions_for(subject)
    return items


def _act(request: HttpRequest, community, form: ModerationActionForm) -> None:
    """One moderation action from the queue: each is its own service, and each is logged."""
    if not form.is_valid():
        for error in form.non_field_errors() or ["Choose an action."]:
            messages.error(request, error)
        return
    data, moderator = form.cleaned_data, request.user
    post = message = report = None
    if data["post_id"]:
        post = get_object_or_404(
            Post.objects.select_related("thread", "author"), pk=data["post_id"], thread__community=community
        )
        post.thread.community = community
    if data["message_id"]:
        message = get_object_or_404(
            ChatMessage.objects.select_related("room", "author"),
            pk=data["message_id"],
            room__community=community,
        )
        message.room.community = community
    if data["report_id"]:
        report = get_object_or_404(Report, pk=data["report_id"], community=community)
        report.community = community
    item = QueueItem(community=community, post=post, message=message, report=report)
    try:
        action = queue_action(data["action"], item)
        action.run(moderator, item, data)
    except (ValidationError, PermissionDenied) as error:
        message_service_error(request, error)
    else:
        messages.success(request, f"Done: {action.label.lower()}.")


@login_required
@require_POST
def thread_slow_mode(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for_member(request.user, slug, thread_id)
    form = SlowModeForm(request.POST)
    if form.is_valid():
        try:
            moderation.thread_set_slow_mode(
                moderator=request.user, thread=thread, seconds=form.cleaned_data["seconds"]
            )
        except (ValidationError, PermissionDenied) as error:
            message_service_error(request, error)
        else:
            messages.success(request, "Slow mode saved.")
    else:
        messages.error(request, "Choose one of the slow mode settings offered.")
    return redirect(thread)
