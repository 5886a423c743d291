"""Thin views for debriefs. Every action is a plain POST form that works without JavaScript;
static/js/debriefs.js sends the same forms with fetch and asks for JSON instead of a redirect.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities.rooms.selectors import room_for_socket
from communities.selectors import community_for_member
from debriefs import selectors, services
from debriefs.calendar import session_ics
from debriefs.formats import builtin_formats, community_format, formats_for
from debriefs.forms import CheckoutForm, ControlForm, FormatForm, SessionForm
from debriefs.models import CommunityFormat, DebriefSession
from debriefs.permissions import can_facilitate, can_manage_formats, check_facilitate, check_schedule_in
from zenora.forms import add_service_errors

PAST_PER_PAGE = 20
FOLLOW_UP_PROMPT = "Looking back at the debrief a few days ago: what has stayed with me, and what has helped?"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _room_url(session: DebriefSession) -> str:
    return session.room.get_absolute_url() + "#debrief"


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "That could not be done."


def _done(request: HttpRequest, session: DebriefSession, *, frames=(), refresh=False, note: str = ""):
    """After an action: JSON for the script (frames to apply, or "fetch the panel again"), else a redirect."""
    if _wants_json(request):
        return JsonResponse({"ok": True, "frames": list(frames), "refresh": refresh, "message": note})
    if note:
        messages.success(request, note)
    return redirect(_room_url(session))


def _refused(request: HttpRequest, session: DebriefSession, error: Exception, *, status: int = 409):
    text = _error_text(error)
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": text}, status=status)
    messages.error(request, text)
    return redirect(_room_url(session))


# --- a community's sessions ---------------------------------------------------------------


@login_required
@require_GET
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = community_for_member(request.user, slug)
    page = Paginator(selectors.past_in(community), PAST_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "debriefs/session_list.html",
        {
            "community": community,
            "upcoming": selectors.upcoming_in(community, request.user, limit=20),
            "page": page,
            "can_facilitate": can_facilitate(request.user, community),
            "can_manage_formats": can_manage_formats(request.user, community),
        },
    )


def _session_form(request: HttpRequest, community, **kwargs) -> SessionForm:
    return SessionForm(request.POST or None, community=community, formats=formats_for(community), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def session_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    community = community_for_member(request.user, slug)
    check_schedule_in(request.user, community)
    form = _session_form(request, community)
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_schedule(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The debrief is scheduled; members have been told.")
                return redirect(session)
        status = 422
    else:
        status = 200
    context = {"community": community, "form": form, "session": None}
    return render(request, "debriefs/session_form.html", context, status=status)


# --- one session --------------------------------------------------------------------------


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    return _detail(request, session)


def _detail(request: HttpRequest, session: DebriefSession, *, form=None, status: int = 200) -> HttpResponse:
    facilitating = can_facilitate(request.user, session.community)
    context = {
        "session": session,
        "community": session.community,
        "can_facilitate": facilitating,
        "is_coming": selectors.is_coming(request.user, session),
        "coming_count": selectors.coming_count(session),
        "checkout": selectors.checkout_state(request.user, session),
        "checkout_form": form or CheckoutForm(),
        "summary": selectors.session_summary(session)
        if facilitating and session.state == DebriefSession.State.ENDED
        else None,
        "room_url": _room_url(session),
    }
    return render(request, "debriefs/session_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    community = session.community
    check_facilitate(request.user, session)
    initial = {
        "title": session.title,
        "starts_at": session.starts_at,
        "room": session.room,
        "format_key": session.format_key,
        "audience": session.audience,
        "description": session.description,
    }
    form = _session_form(request, community, initial=initial)
    # The room is where members will look for it; moving it is a new session.
    form.fields["room"].disabled = True
    if session.format_key not in dict(form.fields["format_key"].choices):
        form.fields["format_key"].choices = [
            (session.format_key, session.format_name),
            *form.fields["format_key"].choices,
        ]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if key != "room"}
            try:
                services.session_update(actor=request.user, session=session, **data)
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError):
                    add_service_errors(form, error)
                else:
                    form.add_error(None, str(error))
            else:
                messages.success(request, "Saved. Everyone who said they'd come has been told.")
                return redirect(session)
        status = 422
    context = {"community": community, "form": form, "session": session}
    return render(request, "debriefs/session_form.html", context, status=status)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    check_facilitate(request.user, session)
    try:
        services.session_cancel(actor=request.user, session=session)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The session is cancelled; everyone who said they'd come has been told.")
    return redirect(session)


@login_required
@require_POST
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    coming = request.POST.get("coming") == "1"
    try:
        services.rsvp_set(user=request.user, session=session, coming=coming)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Thank you — you'll get a reminder shortly before it starts."
            if coming
            else "Noted. Come along anyway if you change your mind.",
        )
    return redirect(session)


@login_required
@require_GET
def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    response = HttpResponse(session_ics(session, request.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="debrief-{session.pk}.ics"'
    return response


# --- running a session --------------------------------------------------------------------

_CONTROLS: dict[str, Callable] = {
    "start": services.session_start,
    "next": services.phase_advance,
    "back": services.phase_back,
    "break": services.break_start,
    "break_end": services.break_stop,
    "end": services.session_end,
}


@login_required
@require_POST
def session_control(request: HttpRequest, pk: int) -> HttpResponse:
    """Start, next, back, grounding break, end: the facilitator's buttons."""
    session = selectors.session_for_member(request.user, pk)
    check_facilitate(request.user, session)
    form = ControlForm(request.POST)
    if not form.is_valid():
        return _refused(request, session, ValidationError("Which action? Nothing was changed."), status=422)
    action = form.cleaned_data["action"]
    try:
        session = _CONTROLS[action](actor=request.user, session=session)
    except (PermissionDenied, ValidationError) as error:
        return _refused(request, session, error)
    if action in ("start", "end"):
        note = "The debrief has started." if action == "start" else "The debrief has ended."
        return _done(request, session, refresh=True, note=note)
    if action in ("break", "break_end"):
        return _done(request, session, frames=[services.break_frame(session)])
    return _done(request, session, frames=[services.phase_frame(session)])


@login_required
@require_POST
def session_join(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    try:
        services.participant_join(user=request.user, session=session)
    except PermissionDenied as error:
        return _refused(request, session, error)
    return _done(request, session, refresh=True, note="Welcome. Listen, share or pass — it's up to you.")


@login_required
@require_POST
def session_pass(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    try:
        services.phase_pass(user=request.user, session=session)
    except PermissionDenied as error:
        return _refused(request, session, error)
    return _done(request, session, note="You passed this round. No reason needed.")


@login_required
@require_POST
def session_checkout(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    form = CheckoutForm(request.POST)
    if form.is_valid():
        try:
            services.checkout_answer(user=request.user, session=session, score=form.cleaned_data["score"])
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if _wants_json(request):
                return _done(request, session, refresh=True)
            messages.success(request, "Thank you. Your answer is anonymous.")
            return redirect(session)
    if _wants_json(request):
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return JsonResponse({"ok": False, "error": " ".join(errors)}, status=422)
    return _detail(request, session, form=form, status=422)


@login_required
@require_GET
def room_panel(request: HttpRequest, room_id: int) -> HttpResponse:
    """The debrief panel of a room on its own, for the script to swap in after a change."""
    room = room_for_socket(request.user, room_id)
    return render(request, "debriefs/partials/room_panel.html", {"room": room})


# --- after a session ----------------------------------------------------------------------


@login_required
@require_GET
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_member(request.user, pk)
    journal_url = reverse("journals:entry_create") + "?" + urlencode({"prompt": FOLLOW_UP_PROMPT})
    return render(
        request,
        "debriefs/follow_up.html",
        {
            "session": session,
            "community": session.community,
            "journal_url": journal_url,
            "prompt": FOLLOW_UP_PROMPT,
        },
    )


# --- formats ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def format_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = community_for_member(request.user, slug)
    manage = can_manage_formats(request.user, community)
    form = FormatForm(request.POST or None) if manage else None
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("Only the group's owner can add formats.")
        if form.is_valid():
            try:
                services.format_create(actor=request.user, community=community, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The format is added; facilitators can choose it now.")
                return redirect("debriefs:formats", slug=community.slug)
        status = 422
    own = CommunityFormat.objects.filter(community=community)
    context = {
        "community": community,
        "builtin": builtin_formats(),
        "own": [(row, community_format(row)) for row in own],
        "form": form,
        "can_manage_formats": manage,
    }
    return render(request, "debriefs/format_list.html", context, status=status)


@login_required
@require_POST
def format_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = community_for_member(request.user, slug)
    row = get_object_or_404(CommunityFormat, community=community, pk=pk)
    row.community = community
    services.format_delete(actor=request.user, community_format=row)
    messages.success(request, "The format is removed. Sessions that used it keep their phases.")
    return redirect("debriefs:formats", slug=community.slug)
