import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wellbeing import selectors, services
from wellbeing.dates import days_between, local_today, week_start
from wellbeing.forms import (
    GOAL_EXAMPLES,
    CheckInEditForm,
    CheckInForm,
    GoalCheckForm,
    GoalForm,
    GoalStatusForm,
    ReflectionForm,
)
from wellbeing.models import CheckIn, Goal
from wellbeing.permissions import can_edit_checkin
from zenora.forms import add_service_errors

CARD_TARGET = "card-checkin"


def _from_today_card(request: HttpRequest) -> bool:
    return bool(request.htmx) and request.htmx.target == CARD_TARGET


def _today_card(request: HttpRequest, *, form=None, saved: bool = False, status: int = 200) -> HttpResponse:
    context = selectors.today_card_context(request.user, form=form, saved=saved)
    return render(request, "wellbeing/today_card.html", {"card": context}, status=status)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- check-ins ------------------------------------------------------------------------------


def _parse_day(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
@require_http_methods(["GET", "POST"])
def checkin_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = local_today(user)
    if request.method == "GET":
        day = min(_parse_day(request.GET.get("day"), today), today)
        existing = selectors.checkin_for_day(user, day)
        if existing is not None and can_edit_checkin(user, existing):
            return redirect("wellbeing:checkin_edit", pk=existing.pk)
        form = CheckInForm(user=user, initial={"day": day})
        return render(
            request, "wellbeing/checkin_form.html", {"form": form, "existing": existing, "today": today}
        )

    form = CheckInForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.checkin_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if not form.is_valid():
        if _from_today_card(request):
            return _today_card(request, form=form, status=422)
        return render(request, "wellbeing/checkin_form.html", {"form": form, "today": today}, status=422)
    if _from_today_card(request):
        return _today_card(request, saved=True)
    day = form.cleaned_data["day"]
    messages.success(request, f"Your check-in for {day:%A %-d %B} is saved.")
    return redirect("today" if day == today else "wellbeing:history")


@login_required
@require_http_methods(["GET", "POST"])
def checkin_edit(request: HttpRequest, pk) -> HttpResponse:
    user = request.user
    checkin = get_object_or_404(CheckIn, pk=pk, user=user)
    editable = can_edit_checkin(user, checkin)
    if request.method == "GET":
        initial = {
            "mood": checkin.mood,
            "energy": checkin.energy,
            "sleep": checkin.sleep,
            "exposure": checkin.exposure,
            "themes": checkin.themes,
            "note": selectors.checkin_note(user, checkin),
        }
        form = CheckInEditForm(user=user, initial=initial)
        return render(
            request, "wellbeing/checkin_edit.html", {"form": form, "checkin": checkin, "editable": editable}
        )
    form = CheckInEditForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.checkin_update(user=user, checkin=checkin, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if not form.is_valid():
        context = {"form": form, "checkin": checkin, "editable": editable}
        return render(request, "wellbeing/checkin_edit.html", context, status=422)
    messages.success(request, f"Your check-in for {checkin.day:%A %-d %B} is updated.")
    return redirect("today" if checkin.day == local_today(user) else "wellbeing:history")


# --- history --------------------------------------------------------------------------------


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    today = local_today(request.user)
    month = selectors.parse_month(request.GET.get("month"), today)
    context = selectors.month_history(request.user, month, today)
    context.update({"today": today, "view": "month", "min_days": selectors.MIN_DAYS_FOR_COMPARISON})
    return render(request, "wellbeing/history_month.html", context)


@login_required
@require_GET
def history_year(request: HttpRequest) -> HttpResponse:
    today = local_today(request.user)
    year = selectors.parse_year(request.GET.get("year"), today)
    context = selectors.year_history(request.user, year, today)
    context.update({"today": today, "view": "year", "min_days": selectors.MIN_DAYS_FOR_COMPARISON})
    return render(request, "wellbeing/history_year.html", context)


# Spreadsheet programs run cells that start like a formula; a leading quote keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@login_required
@require_GET
@never_cache
def export_csv(request: HttpRequest) -> HttpResponse:
    today = local_today(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zenora-check-ins-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store"
    columns = [
        "day",
        "mood",
        "mood_label",
        "energy",
        "energy_label",
        "sleep",
        "sleep_label",
        "exposure",
        "themes",
        "note",
    ]
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in selectors.checkins_for_export(request.user):
        row["themes"] = ";".join(row["themes"])
        writer.writerow([_csv_safe(row[column]) for column in columns])
    return response


# --- goals ----------------------------------------------------------------------------------


@login_required
@require_GET
def goal_list(request: HttpRequest) -> HttpResponse:
    today = local_today(request.user)
    goals = selectors.goals_with_progress(request.user, today, statuses=tuple(Goal.Status.values), weeks=8)
    context = {
        "today": today,
        "active": [g for g in goals if g.goal.status == Goal.Status.ACTIVE],
        "paused": [g for g in goals if g.goal.status == Goal.Status.PAUSED],
        "archived": [g for g in goals if g.goal.status == Goal.Status.ARCHIVED],
    }
    return render(request, "wellbeing/goal_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST or None, initial={"title": request.GET.get("example", "")[:120]})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.goal_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
        if form.is_valid():
            messages.success(request, "Your goal is set. Tick it off on Today whenever you do it.")
            return redirect("wellbeing:goal_list")
        return render(
            request, "wellbeing/goal_form.html", {"form": form, "examples": GOAL_EXAMPLES}, status=422
        )
    return render(request, "wellbeing/goal_form.html", {"form": form, "examples": GOAL_EXAMPLES})


def _goal_detail_context(request: HttpRequest, goal: Goal, form: GoalForm | None = None) -> dict:
    today = local_today(request.user)
    title, reason = selectors.goal_text(request.user, goal)
    if form is None:
        form = GoalForm(
            initial={
                "title": title,
                "reason": reason,
                "cadence": goal.cadence,
                "times_per_week": goal.times_per_week,
            }
        )
    first = today - datetime.timedelta(days=13)
    done = selectors.goal_days_done(goal, week_start(today) - datetime.timedelta(weeks=7), today)
    progress = selectors.GoalProgress(goal=goal, title=title, reason=reason, done_days=done, today=today)
    progress.weeks = selectors._weekly_counts(progress, week_start(today) - datetime.timedelta(weeks=7), 8)
    return {
        "goal": goal,
        "progress": progress,
        "form": form,
        "days": [{"day": day, "done": day in done} for day in reversed(days_between(first, today))],
        "statuses": Goal.Status,
    }


@login_required
@require_http_methods(["GET", "POST"])
def goal_detail(request: HttpRequest, pk) -> HttpResponse:
    goal = selectors.goal_for(request.user, pk)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                services.goal_update(user=request.user, goal=goal, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
        if form.is_valid():
            messages.success(request, "Your goal is updated.")
            return redirect("wellbeing:goal_detail", pk=goal.pk)
        return render(
            request, "wellbeing/goal_detail.html", _goal_detail_context(request, goal, form), status=422
        )
    return render(request, "wellbeing/goal_detail.html", _goal_detail_context(request, goal))


@login_required
@require_POST
def goal_check(request: HttpRequest, pk) -> HttpResponse:
    goal = selectors.goal_for(request.user, pk)
    form = GoalCheckForm(request.POST, user=request.user)
    error_text = ""
    if form.is_valid():
        try:
            services.goal_check_set(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            error_text = " ".join(error.messages)
    else:
        error_text = " ".join(message for errors in form.errors.values() for message in errors)
    if _from_today_card(request):
        return _today_card(request, status=422 if error_text else 200)
    if error_text:
        messages.error(request, error_text)
    elif form.cleaned_data["done"]:
        messages.success(request, f"Ticked off for {form.cleaned_data['day']:%A %-d %B}.")
    else:
        messages.info(request, f"Unticked for {form.cleaned_data['day']:%A %-d %B}.")
    return redirect(_safe_next(request, reverse("wellbeing:goal_detail", args=[goal.pk])))


_STATUS_MESSAGES = {
    Goal.Status.ACTIVE: "The goal is active again.",
    Goal.Status.PAUSED: "The goal is paused. It stays here, with its history, until you bring it back.",
    Goal.Status.ARCHIVED: "The goal is archived. Its history stays in your patterns.",
}


@login_required
@require_POST
def goal_status(request: HttpRequest, pk) -> HttpResponse:
    goal = selectors.goal_for(request.user, pk)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose active, paused or archived.")
        return redirect("wellbeing:goal_detail", pk=goal.pk)
    services.goal_set_status(user=request.user, goal=goal, status=form.cleaned_data["status"])
    messages.success(request, _STATUS_MESSAGES[form.cleaned_data["status"]])
    return redirect("wellbeing:goal_detail", pk=goal.pk)


# --- weekly reflection ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reflection_edit(request: HttpRequest, week: str) -> HttpResponse:
    user = request.user
    today = local_today(user)
    try:
        monday = week_start(datetime.date.fromisoformat(week))
    except ValueError as error:
        raise Http404 from error
    if monday > today:
        raise Http404
    goals = selectors.goals_with_progress(user, today, statuses=tuple(Goal.Status.values))
    goal_choices = [(str(item.goal.pk), item.title) for item in goals]
    existing = selectors.reflections_between(user, monday, monday).get(monday)
    if request.method == "POST":
        form = ReflectionForm(request.POST, goal_choices=goal_choices)
        if form.is_valid():
            chosen = set(form.cleaned_data["helped"])
            helped = [item.goal for item in goals if str(item.goal.pk) in chosen]
            try:
                services.reflection_save(
                    user=user, week=monday, helped=helped, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
        if form.is_valid():
            messages.success(request, f"Your reflection on the week of {monday:%-d %B} is saved.")
            return redirect(f"{reverse('wellbeing:history')}?month={monday:%Y-%m}")
        status = 422
    else:
        initial = {}
        if existing:
            initial = {
                "helped": [str(goal.pk) for goal in existing["reflection"].helped.all()],
                "note": existing["note"],
            }
        form = ReflectionForm(initial=initial, goal_choices=goal_choices)
        status = 200
    checkins = selectors.checkins_between(user, monday, monday + datetime.timedelta(days=6))
    context = {
        "form": form,
        "week_start": monday,
        "week_end": monday + datetime.timedelta(days=6),
        "checkins": [checkins[day] for day in sorted(checkins)],
        "has_goals": bool(goal_choices),
    }
    return render(request, "wellbeing/reflection_form.html", context, status=status)
