from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications.delivery import unsubscribe_preview, unsubscribe_with_token
from notifications.forms import NotificationSettingsForm
from notifications.registry import notification_kinds
from notifications.selectors import notification_settings_for, notifications_for
from notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_settings_update,
)

PAGE_SIZE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(notifications_for(request.user), pk=notification_id)
    notification_mark_read(user=request.user, notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs = notification_settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, prefs=prefs)
    # Kinds whose emails their own app decides (reminders): named, with where to set them.
    context = {"form": form, "emailed_elsewhere": [k for k in notification_kinds() if not k.centre_email]}
    if request.method == "POST":
        if form.is_valid():
            notification_settings_update(
                user=request.user, email_mode=form.cleaned_data["email_mode"], email_kinds=form.email_kinds()
            )
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:settings")
        return render(request, "notifications/notification_settings.html", context, status=422)
    return render(request, "notifications/notification_settings.html", context)


# A mail client's one-click unsubscribe (RFC 8058) posts without cookies or a CSRF token; the
# signed link is the authority, and it can only switch emails off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        outcome = unsubscribe_with_token(token=token)
    else:
        outcome = unsubscribe_preview(token=token)
    status = 400 if outcome.status == "invalid" else 200
    return render(request, "notifications/unsubscribe.html", {"outcome": outcome}, status=status)
