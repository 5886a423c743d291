"""Pages of the live rooms. They work without JavaScript; static/js/chat.js makes them live."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from communities.models import Membership
from communities.permissions import can_moderate
from communities.rooms.forms import ChatMessageForm, ChatModerationForm, ChatRoomForm
from communities.rooms.permissions import (
    active_mute,
    can_moderate_room,
    can_send_in_room,
    check_moderate_room,
)
from communities.rooms.selectors import (
    latest_messages,
    message_in_room,
    messages_before,
    room_for_member,
    rooms_with_unread,
)
from communities.rooms.services import (
    RateLimited,
    chat_mark_read,
    chat_message_create,
    chat_message_delete,
    chat_mute,
    chat_room_archive,
    chat_room_create,
    chat_room_lock,
    chat_room_update,
    chat_unmute,
    default_room_ensure,
)
from communities.selectors import community_for_member, safety_preferences_for
from communities.views import CRISIS_SESSION_KEY
from zenora.crisis import CRISIS_PERSONAL, crisis_resources
from zenora.forms import add_service_errors


@login_required
def room_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = community_for_member(request.user, slug)
    default_room_ensure(community=community)
    moderator = can_moderate(request.user, community)
    rooms = rooms_with_unread(community, request.user, include_archived=moderator)
    form = ChatRoomForm() if moderator else None
    return render(
        request,
        "communities/chat_room_list.html",
        {"community": community, "rooms": rooms, "form": form, "can_moderate": moderator},
    )


@login_required
@require_POST
def room_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = community_for_member(request.user, slug)
    form = ChatRoomForm(request.POST)
    if form.is_valid():
        try:
            room = chat_room_create(actor=request.user, community=community, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            return redirect(room)
    rooms = rooms_with_unread(community, request.user, include_archived=True)
    context = {
        "community": community,
        "rooms": rooms,
        "form": form,
        "can_moderate": can_moderate(request.user, community),
    }
    return render(request, "communities/chat_room_list.html", context, status=422)


def _room_context(request: HttpRequest, room, form: ChatMessageForm) -> dict:
    recent = latest_messages(room)
    return {
        "community": room.community,
        "room": room,
        "chat_messages": recent,
        "oldest_seq": recent[0].seq if recent else 0,
        "form": form,
        "can_send": can_send_in_room(request.user, room),
        "can_moderate": can_moderate_room(request.user, room),
        "mute": active_mute(request.user, room),
        "members": Membership.objects.filter(community=room.community, state=Membership.State.ACTIVE)
        .exclude(user=request.user)
        .select_related("user")
        .order_by("user__display_name")
        if can_moderate_room(request.user, room)
        else [],
        "moderation_form": ChatModerationForm(),
        "heartbeat_ms": settings.CHAT_HEARTBEAT_SECONDS * 1000,
        # Applied to warned messages by chat.js, for live ones too; one small read per page.
        "cw_preferences": safety_preferences_for(request.user),
        "crisis": crisis_resources(),
        "show_care": request.session.pop(CRISIS_SESSION_KEY, False),
    }


@login_required
@require_http_methods(["GET", "POST"])
def room_detail(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    """The room without JavaScript: the page shows the latest messages and a plain form whose
    post goes through the same service as the socket, so a refused message keeps its text."""
    room = room_for_member(request.user, slug, room_slug)
    form = ChatMessageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                sent = chat_message_create(
                    author=request.user,
                    room=room,
                    confirmed=request.POST.get("confirmed") == "1",
                    **form.cleaned_data,
                )
            except (ValidationError, PermissionDenied, RateLimited) as error:
                add_service_errors(form, error)
            else:
                if sent.crisis_level == CRISIS_PERSONAL:
                    request.session[CRISIS_SESSION_KEY] = True
                return redirect(room.get_absolute_url() + "#chat-end")
        return render(request, "communities/chat_room.html", _room_context(request, room, form), status=422)
    context = _room_context(request, room, form)
    chat_mark_read(user=request.user, room=room, seq=room.last_seq)
    return render(request, "communities/chat_room.html", context)


@login_required
def room_older(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    room = room_for_member(request.user, slug, room_slug)
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = room.last_seq + 1
    older = messages_before(room, before)
    return render(
        request, "communities/chat_room.html#older-messages", {"chat_messages": older, "room": room}
    )


@login_required
@require_POST
def message_remove(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    room = room_for_member(request.user, slug, room_slug)
    try:
        seq = int(request.POST.get("seq", ""))
    except ValueError:
        messages.error(request, "Which message? Nothing was removed.")
        return redirect(room)
    message = message_in_room(room, seq)
    try:
        chat_message_delete(actor=request.user, message=message, reason=request.POST.get("reason", ""))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The message was removed for everyone.")
    return redirect(room)


@login_required
@require_POST
def room_moderate(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    """One form for a room's moderation: locking and archiving act on the room, muting on a
    member of its group (looked up inside the group, so an id from elsewhere is a 404)."""
    room = room_for_member(request.user, slug, room_slug)
    form = ChatModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That moderation request was incomplete; nothing was changed.")
        return redirect(room)
    data = form.cleaned_data
    action, reason = data["action"], data["reason"]
    try:
        if action in ("lock", "unlock"):
            chat_room_lock(actor=request.user, room=room, locked=action == "lock", reason=reason)
        elif action in ("archive", "unarchive"):
            chat_room_archive(actor=request.user, room=room, archived=action == "archive")
        else:
            target = get_object_or_404(
                Membership.objects.select_related("user"), community=room.community, user_id=data["user_id"]
            ).user
            if action == "mute":
                chat_mute(
                    actor=request.user, room=room, user=target, minutes=data["minutes"] or 60, reason=reason
                )
            else:
                chat_unmute(actor=request.user, room=room, user=target)
    except (PermissionDenied, ValidationError) as error:
        messages.error(
            request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        )
    else:
        messages.success(request, "Done.")
    return redirect(room)


@login_required
@require_http_methods(["GET", "POST"])
def room_settings(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    room = room_for_member(request.user, slug, room_slug)
    check_moderate_room(request.user, room)
    initial = {"name": room.name, "topic": room.topic, "retention_days": room.retention_days}
    form = ChatRoomForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            chat_room_update(actor=request.user, room=room, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The room's settings are saved.")
            return redirect(room)
    context = {"room": room, "community": room.community, "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "communities/chat_room_settings.html", context, status=status)
