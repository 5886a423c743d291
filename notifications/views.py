from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import NotificationSettingsForm
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
    if request.method == "POST":
        if form.is_valid():
            notification_settings_update(
                user=request.user, email_mode=form.cleaned_data["email_mode"], email_kinds=form.email_kinds()
            )
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:settings")
        return render(request, "notifications/notification_settings.html", {"form": form}, status=422)
    return render(request, "notifications/notification_settings.html", {"form": form})
