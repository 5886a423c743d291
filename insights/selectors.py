"""Reads for insights: a person's own days, settings and self-checks. Fixed query counts."""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from insights.engine import Insights, insights_from_days
from insights.lexicon import PROTECTIVE, SIGN, lexicon
from insights.models import EntrySignal, InsightSettings, SelfCheck
from insights.warning import HISTORY_NEEDED, Day, SelfCheckBand
from journals.models import Entry
from wellbeing.dates import days_between, local_today
from wellbeing.models import CheckIn

ACTIVE_DAYS = 40
HISTORY_DAYS = 730  # two years: the long view on the insights page
CARD_DAYS = HISTORY_NEEDED + 1


def active_user_ids(now: datetime.datetime | None = None) -> list[int]:
    """People with a check-in or an entry lately (the nightly run's list): one query. Idle
    accounts cost nothing."""
    since = (now or timezone.now()) - datetime.timedelta(days=ACTIVE_DAYS)
    recent_checkin = CheckIn.objects.filter(user=OuterRef("pk"), day__gte=since.date())
    recent_entry = Entry.objects.filter(user=OuterRef("pk"), created_at__gte=since)
    users = get_user_model().objects.filter(is_active=True)
    return list(
        users.filter(Q(Exists(recent_checkin)) | Q(Exists(recent_entry)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def settings_for(user) -> InsightSettings:
    """The person's settings, or the defaults (unsaved) when they never changed them."""
    return InsightSettings.objects.filter(user=user).first() or InsightSettings(user=user)


def days_for(user, first: datetime.date, last: datetime.date) -> list[Day]:
    """One ``Day`` per calendar day from ``first`` to ``last``: two queries, gaps left empty."""
    by_day = {day: Day(day=day) for day in days_between(first, last)}
    rows = CheckIn.objects.filter(user=user, day__gte=first, day__lte=last).values_list(
        "day", "mood", "energy", "sleep", "exposure"
    )
    for day, mood, energy, sleep, exposure in rows:
        record = by_day[day]
        record.mood, record.energy, record.sleep, record.exposure = mood, energy, sleep, exposure
    signals = EntrySignal.objects.filter(user=user, day__gte=first, day__lte=last).values_list(
        "day", "sentiment", "themes", "crisis"
    )
    by_entry_day: dict[datetime.date, list[tuple[float, dict, bool]]] = defaultdict(list)
    for day, sentiment, themes, crisis in signals:
        by_entry_day[day].append((sentiment, themes or {}, crisis))
    for day, entries in by_entry_day.items():
        add_entry_signals(by_day[day], entries)
    return [by_day[day] for day in sorted(by_day)]


def add_entry_signals(record: Day, entries: list[tuple[float, dict[str, float], bool]]) -> Day:
    """Fold one day's entry signals (sentiment, theme weights, crisis) into its ``Day``.

    Pure: the nightly run and the evaluation (bench/insights_eval.py) both go through it.
    """
    signs = set(lexicon().slugs(SIGN))
    protective = set(lexicon().slugs(PROTECTIVE))
    sentiments = []
    for sentiment, themes, crisis in entries:
        record.entries += 1
        sentiments.append(sentiment)
        found = {slug: weight for slug, weight in themes.items() if slug in signs and weight > 0}
        if found:
            record.entries_with_signs += 1
            for slug, weight in found.items():
                record.sign_weights[slug] = record.sign_weights.get(slug, 0.0) + weight
        record.protective += sum(weight for slug, weight in themes.items() if slug in protective)
        record.crisis = record.crisis or crisis
    if sentiments:
        record.sentiment = sum(sentiments) / len(sentiments)
    return record


def latest_self_check(user) -> SelfCheck | None:
    return SelfCheck.objects.filter(user=user).select_related("instrument").order_by("-created_at").first()


def self_check_band(check: SelfCheck | None, today: datetime.date) -> SelfCheckBand | None:
    if check is None:
        return None
    days_ago = (today - check.created_at.date()).days
    return SelfCheckBand(
        rank=check.summary_concern, top=check.summary_top, label=check.summary_band, days_ago=days_ago
    )


def personal_insights(user, *, days: int = HISTORY_DAYS, now: datetime.datetime | None = None) -> Insights:
    """The person's insights from their own data up to today (in their time zone)."""
    today = local_today(user, now=now)
    prefs = settings_for(user)
    history = days_for(user, today - datetime.timedelta(days=days - 1), today)
    band = self_check_band(latest_self_check(user), today)
    return insights_from_days(history, sensitivity=prefs.sensitivity, self_check=band)


def signals_export(user) -> list[dict]:
    return [
        {"entry_id": str(entry_id), "day": day.isoformat(), "sentiment": sentiment, "themes": themes}
        for entry_id, day, sentiment, themes in EntrySignal.objects.filter(user=user)
        .order_by("day")
        .values_list("entry_id", "day", "sentiment", "themes")
    ]


# --- self-checks --------------------------------------------------------------------------


def active_instruments():
    from insights.models import Instrument

    return Instrument.objects.filter(is_active=True).order_by("name")


def instrument_for(slug: str):
    from django.shortcuts import get_object_or_404

    from insights.models import Instrument

    return get_object_or_404(Instrument, slug=slug, is_active=True)


def self_check_history(user, instrument, *, limit: int = 24) -> list[SelfCheck]:
    """The person's own results for one instrument, oldest first (the newest ``limit``)."""
    rows = list(SelfCheck.objects.filter(user=user, instrument=instrument).order_by("-created_at")[:limit])
    return rows[::-1]


def history_chart(checks: list[SelfCheck], key: str) -> dict | None:
    """A line of one score over time, as SVG geometry, with its bands' edges."""
    points = [(check, check.scores.get(key)) for check in checks if check.scores.get(key)]
    if not points:
        return None
    low, high = points[0][1]["min"], points[0][1]["max"]
    width, height, left, right, top, bottom = 640, 200, 40, 620, 12, 170
    step = (right - left) / max(1, len(points) - 1)

    def y(value: float) -> float:
        return round(bottom - (value - low) / max(1, high - low) * (bottom - top), 1)

    coords = [
        {
            "x": round(left + i * step, 1),
            "y": y(s["score"]),
            "score": s["score"],
            "band": s["band"],
            "when": c.created_at,
        }
        for i, (c, s) in enumerate(points)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": right,
        "axis_x": left - 6,
        "line": " ".join(f"{p['x']},{p['y']}" for p in coords),
        "points": coords,
        "grid": [{"y": y(v), "label": str(v)} for v in (low, (low + high) // 2, high)],
        "name": points[0][1]["name"],
    }
