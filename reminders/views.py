from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from reminders import selectors, services
from reminders.forms import CheckInReminderForm, HeavyDayForm, QuietHoursForm, WeeklySummaryForm
from reminders.models import Reminder
from zenora.forms import add_service_errors

SECTIONS = ("checkin", "heavy_day", "weekly_summary", "quiet")


def _forms(user, data=None, section: str = "") -> dict[str, Any]:
    """Every section's form: the one posted is bound, the others show what is saved."""
    prefs = services.preferences_for(user)
    saved = selectors.reminders_of(user)

    def reminder(kind: str) -> Reminder:
        return saved.get(kind) or Reminder(user=user, kind=kind, **services.DEFAULTS[kind])

    def bound(name: str) -> dict[str, Any]:
        return {"data": data} if data is not None and section == name else {}

    return {
        "checkin": CheckInReminderForm(
            **bound("checkin"),
            prefix="checkin",
            initial=CheckInReminderForm.initial_for(reminder(Reminder.Kind.CHECKIN)),
        ),
        "heavy_day": HeavyDayForm(
            **bound("heavy_day"),
            prefix="heavy",
            initial=HeavyDayForm.initial_for(reminder(Reminder.Kind.HEAVY_DAY), prefs.heavy_threshold),
        ),
        "weekly_summary": WeeklySummaryForm(
            **bound("weekly_summary"),
            prefix="weekly",
            initial=WeeklySummaryForm.initial_for(reminder(Reminder.Kind.WEEKLY_SUMMARY)),
        ),
        "quiet": QuietHoursForm(
            **bound("quiet"),
            prefix="quiet",
            initial={"quiet_start": prefs.quiet_start, "quiet_end": prefs.quiet_end},
        ),
    }


def _page(request: HttpRequest, forms: dict[str, Any], *, status: int = 200) -> HttpResponse:
    user = request.user
    reminders = selectors.reminders_of(user)
    context = {
        "forms": forms,
        "next_due": {kind: selectors.local_next_due(r, user) for kind, r in reminders.items()},
        "deliveries": selectors.recent_deliveries(user),
    }
    return render(request, "reminders/reminder_settings.html", context, status=status)


@transaction.atomic
def _save_section(user, section: str, form) -> None:
    if section == "quiet":
        prefs = services.preferences_for(user)
        services.preferences_save(
            user=user,
            quiet_start=form.cleaned_data["quiet_start"],
            quiet_end=form.cleaned_data["quiet_end"],
            heavy_threshold=prefs.heavy_threshold,
        )
        return
    if section == "heavy_day":
        prefs = services.preferences_for(user)
        services.preferences_save(
            user=user,
            quiet_start=prefs.quiet_start,
            quiet_end=prefs.quiet_end,
            heavy_threshold=form.cleaned_data["heavy_threshold"],
        )
    services.reminder_save(user=user, **form.service_kwargs())


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, _forms(request.user))
    section = request.POST.get("section", "")
    if section not in SECTIONS:
        messages.error(request, "That form could not be read. Please try again.")
        return _page(request, _forms(request.user), status=422)
    forms = _forms(request.user, request.POST, section)
    form = forms[section]
    if form.is_valid():
        try:
            _save_section(request.user, section, form)
        except ValidationError as error:
            add_service_errors(form, error)
    if not form.is_valid():
        return _page(request, forms, status=422)
    messages.success(request, "Saved. Your reminders follow your time zone, " + request.user.time_zone + ".")
    return redirect("reminders:settings")


def _own_reminder(request: HttpRequest, pk: int) -> Reminder:
    return get_object_or_404(Reminder.objects.select_related("user"), pk=pk, user=request.user)


@login_required
def reminder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _own_reminder(request, pk)
    context = {"reminder": reminder, "next_due": selectors.local_next_due(reminder, request.user)}
    return render(request, "reminders/reminder_detail.html", context)


@login_required
@require_POST
def reminder_snooze(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _own_reminder(request, pk)
    try:
        services.reminder_snooze(user=request.user, reminder=reminder)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Snoozed: you'll be reminded again in an hour.")
    return redirect("reminders:detail", pk=reminder.pk)


@login_required
@require_POST
def reminder_not_today(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _own_reminder(request, pk)
    services.reminder_not_today(user=request.user, reminder=reminder)
    messages.success(request, "No more of this reminder today. It will be back tomorrow.")
    return redirect("reminders:detail", pk=reminder.pk)
