"""Insights pages. Every page shows the signed-in person's own data only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from insights import selectors, services
from insights.engine import chart_summary
from insights.evaluation import measured_sentence
from insights.forms import InsightSettingsForm, SelfCheckForm
from insights.llm import llm_config
from insights.models import SelfCheck, TeamShare
from insights.suggestions import SUGGESTION_KINDS
from insights.today import level_context


@login_required
@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    context = level_context(request.user, days=selectors.HISTORY_DAYS)
    context["latest_check"] = selectors.latest_self_check(request.user)
    context["chart_summary"] = chart_summary(context["insights"])
    context["view_context"] = context
    context["llm"] = llm_config()
    context["measured"] = measured_sentence()
    return render(request, "insights/insights_overview.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    prefs = selectors.settings_for(request.user)
    if request.method == "POST":
        form = InsightSettingsForm(request.POST)
        if form.is_valid():
            services.insight_settings_update(
                user=request.user,
                enabled=form.cleaned_data["enabled"],
                sensitivity=form.cleaned_data["sensitivity"],
            )
            messages.success(request, "Your insight settings are saved.")
            return redirect("insights:settings")
        status = 422
    else:
        form = InsightSettingsForm(initial={"enabled": prefs.enabled, "sensitivity": prefs.sensitivity})
        status = 200
    dismissed = [(kind, SUGGESTION_KINDS[kind]) for kind in prefs.dismissed_kinds if kind in SUGGESTION_KINDS]
    return render(
        request, "insights/settings_form.html", {"form": form, "dismissed": dismissed}, status=status
    )


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    try:
        services.suggestion_kind_dismiss(user=request.user, kind=kind)
    except ValidationError:
        messages.error(request, "That suggestion could not be hidden; try again from the page.")
        return redirect("insights:overview")
    messages.success(request, f"You won't see suggestions of this kind again: {SUGGESTION_KINDS[kind]}.")
    return redirect(request.POST.get("next") == "today" and "today" or "insights:overview")


@login_required
@require_POST
def suggestions_restore(request: HttpRequest) -> HttpResponse:
    services.suggestion_kinds_restore(user=request.user)
    messages.success(request, "Every kind of suggestion can appear again.")
    return redirect("insights:settings")


# --- self-checks ------------------------------------------------------------------------------


@login_required
@never_cache
def self_check_list(request: HttpRequest) -> HttpResponse:
    instruments = list(selectors.active_instruments())
    latest = {
        check.instrument_id: check
        for check in SelfCheck.objects.filter(user=request.user).order_by("created_at")
    }
    rows = [{"instrument": i, "latest": latest.get(i.pk)} for i in instruments]
    return render(request, "insights/selfcheck_list.html", {"rows": rows})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def self_check_take(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = selectors.instrument_for(slug)
    definition = instrument.definition
    if request.method == "POST":
        form = SelfCheckForm(definition, request.POST)
        if form.is_valid():
            try:
                services.self_check_submit(user=request.user, instrument=instrument, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request, "Your self-check is saved. Here is how it compares with earlier ones."
                )
                return redirect("insights:self_check_history", slug=instrument.slug)
        status = 422
    else:
        form = SelfCheckForm(definition)
        status = 200
    context = {"instrument": instrument, "definition": definition, "form": form}
    return render(request, "insights/selfcheck_form.html", context, status=status)


@login_required
@never_cache
def self_check_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every past self-check with a chart per subscale, the summary scale first; the current
    suggestions follow only when there is a result to follow from."""
    instrument = selectors.instrument_for(slug)
    checks = selectors.self_check_history(request.user, instrument)
    definition = instrument.definition
    charts = [
        selectors.history_chart(checks, key)
        for key in [
            definition["summary"],
            *[s["slug"] for s in definition["subscales"] if s["slug"] != definition["summary"]],
        ]
    ]
    context = {
        "instrument": instrument,
        "definition": definition,
        "checks": checks[::-1],
        "latest": checks[-1] if checks else None,
        "charts": [chart for chart in charts if chart],
    }
    if checks:
        insights_context = level_context(request.user)
        context["suggestions"] = insights_context["suggestions"][:3]
        context["c"] = insights_context
    return render(request, "insights/selfcheck_history.html", context)


# --- team trends -------------------------------------------------------------------------------


@login_required
@never_cache
def team_list(request: HttpRequest) -> HttpResponse:
    from communities.selectors import memberships_of

    shared = set(TeamShare.objects.filter(user=request.user).values_list("community_id", flat=True))
    rows = [{"membership": m, "sharing": m.community_id in shared} for m in memberships_of(request.user)]
    return render(request, "insights/team_list.html", {"rows": rows})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from communities.permissions import membership_of
    from communities.selectors import community_for_member
    from insights.teams import team_trends
    from wellbeing.dates import local_today

    community = community_for_member(request.user, slug)  # 404 unless inside the group
    if request.method == "POST":
        if request.POST.get("share") == "1":
            services.team_share_opt_in(user=request.user, community=community)
            messages.success(
                request, f"You now share your daily check-in scores with {community.name}'s team trends."
            )
        else:
            services.team_share_opt_out(user=request.user, community=community)
            messages.success(request, "You no longer share. Your check-ins have left the team trends.")
        return redirect("insights:team_detail", slug=community.slug)
    membership = membership_of(request.user, community)
    context = {
        "community": community,
        "is_owner": membership.is_owner,
        "sharing": TeamShare.objects.filter(community=community, user=request.user).exists(),
        "trends": team_trends(community, today=local_today(request.user)),
    }
    return render(request, "insights/team_detail.html", context)


# --- optional reflection --------------------------------------------------------------------------


def _llm_or_404():
    from django.http import Http404

    from insights.llm import llm_config

    config = llm_config()
    if config is None:
        raise Http404("Reflections are not configured on this Zenora.")
    return config


@login_required
@never_cache
def reflect_list(request: HttpRequest) -> HttpResponse:
    from journals.selectors import entries_of, read_entries

    config = _llm_or_404()
    entries = read_entries(request.user, entries_of(request.user).order_by("-created_at")[:10])
    return render(request, "insights/reflect_list.html", {"config": config, "entries": entries})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reflect_entry(request: HttpRequest, entry_id) -> HttpResponse:
    from insights.llm import ReflectionUnavailable, redact, reflect
    from journals.crypto import DecryptionError
    from journals.selectors import get_entry, read_entry

    config = _llm_or_404()
    entry = get_entry(request.user, entry_id)  # someone else's entry: 404
    try:
        view = read_entry(request.user, entry)
    except (DecryptionError, ValueError):
        messages.error(request, "This entry can no longer be read, so it cannot be sent.")
        return redirect("insights:reflect_list")
    text, removed = redact("\n\n".join(p for p in (view.content.title, view.content.body) if p))
    context = {
        "config": config,
        "entry": view,
        "preview": text,
        "removed": removed,
        "reply": None,
        "problem": "",
    }
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            context["problem"] = f"Tick the box to confirm that this entry may be sent to {config.host}."
            return render(request, "insights/reflect_entry.html", context, status=422)
        try:
            context["reply"] = reflect(config, text)
        except ReflectionUnavailable as error:
            context["problem"] = f"{error} Nothing was kept; you can try again later."
    return render(request, "insights/reflect_entry.html", context)
