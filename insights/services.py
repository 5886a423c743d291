"""Every write of insights. Text is decrypted in memory for its author and never stored."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from insights.lexicon import analyse
from insights.models import DailyLevel, EntrySignal, InsightSettings
from wellbeing.dates import local_date_of


@transaction.atomic
@sensitive_variables("text")
def entry_signals_refresh(*, user, since: datetime.datetime | None = None) -> int:
    """Compute the signals of entries that have none, or were edited since: returns how many.

    One query when nothing changed. Entries are decrypted through the journal's own reader,
    for their author only; only numbers and theme slugs are kept.
    """
    from journals.models import Entry
    from journals.selectors import read_entries

    stale = (
        Entry.objects.filter(user=user)
        .annotate(signal_version=F("insight_signal__version"))
        .filter(Q(signal_version__isnull=True) | ~Q(signal_version=F("version")))
    )
    if since is not None:
        stale = stale.filter(created_at__gte=since)
    stale = list(stale)
    if not stale:
        return 0
    for view in read_entries(user, stale):
        if not view.readable:
            continue
        text = "\n".join(part for part in (view.content.title, view.content.body) if part)
        signals = analyse(text)
        EntrySignal.objects.update_or_create(
            entry_id=view.id,
            defaults={
                "user": user,
                "day": local_date_of(user, view.created_at),
                "version": view.version,
                "sentiment": signals.sentiment,
                "themes": signals.themes,
                "crisis": signals.crisis,
            },
        )
    return len(stale)


@transaction.atomic
def insight_settings_update(*, user, enabled: bool, sensitivity: str) -> InsightSettings:
    if sensitivity not in InsightSettings.Sensitivity.values:
        raise ValidationError({"sensitivity": "Choose one of the sensitivities listed."})
    prefs, _ = InsightSettings.objects.get_or_create(user=user)
    prefs.enabled = enabled
    prefs.sensitivity = sensitivity
    prefs.updated_at = timezone.now()
    prefs.save(update_fields=["enabled", "sensitivity", "updated_at"])
    return prefs


@transaction.atomic
def suggestion_kind_dismiss(*, user, kind: str) -> InsightSettings:
    from insights.suggestions import SUGGESTION_KINDS

    if kind not in SUGGESTION_KINDS:
        raise ValidationError("That kind of suggestion does not exist.")
    prefs, _ = InsightSettings.objects.select_for_update().get_or_create(user=user)
    if kind not in prefs.dismissed_kinds:
        prefs.dismissed_kinds = [*prefs.dismissed_kinds, kind]
        prefs.save(update_fields=["dismissed_kinds"])
    return prefs


@transaction.atomic
def suggestion_kinds_restore(*, user) -> InsightSettings:
    prefs, _ = InsightSettings.objects.get_or_create(user=user)
    prefs.dismissed_kinds = []
    prefs.save(update_fields=["dismissed_kinds"])
    return prefs


@transaction.atomic
def daily_level_record(*, user, now: datetime.datetime | None = None) -> DailyLevel | None:
    """Refresh the person's signals and store today's level (the nightly run). Idempotent."""
    from insights.selectors import CARD_DAYS, personal_insights, settings_for

    if not settings_for(user).enabled:
        return None
    entry_signals_refresh(user=user)
    insights = personal_insights(user, days=CARD_DAYS, now=now)
    assessment = insights.assessment
    today = insights.recent[-1].day
    level, _ = DailyLevel.objects.update_or_create(
        user=user,
        day=today,
        defaults={
            "level": assessment.level or "",
            "points": assessment.points,
            "reason_keys": [reason.key for reason in assessment.reasons],
            "computed_at": timezone.now(),
        },
    )
    return level


def levels_recompute(*, user_ids: list[int]) -> int:
    """The nightly run for some people: each active one's level and due self-check reminder.
    Idempotent: a second run the same day changes nothing more."""
    done = 0
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        daily_level_record(user=user)
        recheck_notify(user=user)
        done += 1
    return done


def insights_erase(user) -> None:
    """Derived signals go first, while the account still exists; the rest cascades."""
    EntrySignal.objects.filter(user=user).delete()


# --- self-checks --------------------------------------------------------------------------


@transaction.atomic
def instrument_load(*, definition: dict):
    """Add or update an instrument from a validated definition (``manage.py load_instrument``)."""
    from insights.instruments import validate
    from insights.models import Instrument

    validate(definition)
    instrument, created = Instrument.objects.update_or_create(
        slug=definition["slug"],
        defaults={
            "name": definition["name"],
            "version": str(definition["version"]),
            "definition": definition,
            "is_active": True,
            "loaded_at": timezone.now(),
        },
    )
    return instrument, created


@transaction.atomic
def self_check_submit(*, user, instrument, data: dict):
    """Score and keep a completed self-check. Raises ValidationError naming unanswered items."""
    from insights.instruments import parse_answers, score, top_concern
    from insights.models import SelfCheck

    definition = instrument.definition
    answers, missing = parse_answers(definition, data)
    if missing:
        raise ValidationError(
            f"Please answer every statement: {len(missing)} still need an answer.",
            params={"missing": missing},
        )
    scores = score(definition, answers)
    summary = scores[definition["summary"]]
    return SelfCheck.objects.create(
        user=user,
        instrument=instrument,
        instrument_version=instrument.version,
        answers=answers,
        scores={
            key: {
                "name": s.name,
                "score": s.score,
                "min": s.minimum,
                "max": s.maximum,
                "band": s.band["label"],
                "concern": s.band["concern"],
            }
            for key, s in scores.items()
        },
        summary_band=summary.band["label"],
        summary_concern=summary.band["concern"],
        summary_top=top_concern(definition),
    )


@transaction.atomic
def recheck_notify(*, user, now: datetime.datetime | None = None) -> bool:
    """Suggest a new self-check 30 days after the last one, once, through the notification centre."""
    from django.urls import reverse

    from insights.models import SelfCheck
    from notifications.services import notify

    now = now or timezone.now()
    last = (
        SelfCheck.objects.filter(user=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None or now - last < datetime.timedelta(days=30):
        return False
    prefs, _ = InsightSettings.objects.select_for_update().get_or_create(user=user)
    if "self-check" in prefs.dismissed_kinds or (
        prefs.recheck_notified_at and prefs.recheck_notified_at > last
    ):
        return False
    notify(
        recipient=user,
        kind="insights.recheck",
        title="It has been a month since your last self-check: a new one takes five minutes.",
        url=reverse("insights:self_check_list"),
    )
    prefs.recheck_notified_at = now
    prefs.save(update_fields=["recheck_notified_at"])
    return True


# --- team sharing ----------------------------------------------------------------------------


@transaction.atomic
def team_share_opt_in(*, user, community):
    from communities.permissions import membership_of
    from insights.models import TeamShare

    membership = membership_of(user, community)
    if membership is None or not membership.is_current:
        raise ValidationError("Only members of this group can share with it.")
    share, _ = TeamShare.objects.get_or_create(community=community, user=user)
    return share


@transaction.atomic
def team_share_opt_out(*, user, community) -> None:
    """Stop sharing: past check-ins drop out of every aggregate from now on."""
    from insights.models import TeamShare

    TeamShare.objects.filter(community=community, user=user).delete()
