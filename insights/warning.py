"""The early-warning level (steady / watch / act) from a person's own days, and why.

Pure functions: the live app and the evaluation (bench/insights_eval.py) run the same code.
Each signal that counts adds points and a sentence in plain words with its figures, so the
level is never a black box. The points and thresholds are written down here, not learned.

Signals, over the days up to and including today:
* mood below the usual range (28-day rolling median ± spread, the last 7 days left out),
  on most of the last 8 days: 2 points; energy likewise: 1 point;
* mood clearly falling over 14 days (slope below zero even at its upper 90% bound, and at
  least ¾ of a point over the fortnight): 1 point; a CUSUM alarm for a sustained drop: 1 point;
* exposure to trauma material up on the usual: 1 point;
* entries mentioning the five signs of vicarious trauma, above the person's own usual rate:
  1 point, 2 when most entries this week do;
* protective factors (rest, peers, supervision, meaning, movement, nature) mentioned far less
  than usual: 1 point; entries' sentiment well below the usual: 1 point;
* the latest self-check (within 30 days) in its highest band: 2 points, middle band: 1 point.

Raised when the points reach the sensitivity's threshold; once raised, it stays raised while
the points stay within one of it, so a level does not flicker on and off from day to day.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from insights import statistics as stats
from insights.lexicon import lexicon

STEADY, WATCH, ACT = "steady", "watch", "act"
LEVEL_RANK = {STEADY: 0, WATCH: 1, ACT: 2}
# (points for watch, points for act) by sensitivity.
THRESHOLDS = {"low": (4, 7), "normal": (3, 6), "high": (2, 5)}
BASELINE_DAYS = 28
RECENT_DAYS = 8
MIN_BASELINE_DAYS = 14
HISTORY_NEEDED = BASELINE_DAYS + 7
CUSUM_MIN_SCALE = 0.75
CUSUM_THRESHOLD = 5.0


@dataclass
class Day:
    """One calendar day of one person's signals. ``None`` means nothing was recorded."""

    day: date
    mood: float | None = None
    energy: float | None = None
    sleep: float | None = None
    exposure: float | None = None
    entries: int = 0
    sign_weights: dict[str, float] = field(default_factory=dict)  # five-sign theme -> weight
    entries_with_signs: int = 0
    protective: float = 0.0  # protective-factor mentions, weighted
    sentiment: float | None = None  # mean compound score of the day's entries
    crisis: bool = False


@dataclass(frozen=True)
class Reason:
    key: str
    points: int
    text: str
    themes: tuple[str, ...] = ()  # theme slugs this reason is about, for suggestions


@dataclass
class Assessment:
    level: str | None  # None: not enough data yet
    points: int
    reasons: list[Reason]
    figures: dict[str, Any]
    days_needed: int = 0
    crisis_recent: bool = False

    @property
    def raised(self) -> bool:
        return self.level in (WATCH, ACT)

    @property
    def themes(self) -> list[str]:
        seen: list[str] = []
        for reason in self.reasons:
            seen.extend(slug for slug in reason.themes if slug not in seen)
        return seen


@dataclass(frozen=True)
class SelfCheckBand:
    rank: int  # 0 lowest band … top = highest concern
    top: int
    label: str
    days_ago: int


def _series(days: Sequence[Day], name: str) -> list[float | None]:
    return [getattr(day, name) for day in days]


def _points(days: Sequence[Day], self_check: SelfCheckBand | None) -> tuple[int, list[Reason], dict]:
    reasons: list[Reason] = []
    figures: dict[str, Any] = {}
    mood, energy = _series(days, "mood"), _series(days, "energy")
    base = stats.rolling_baseline(mood, window=BASELINE_DAYS, exclude_recent=7, min_days=MIN_BASELINE_DAYS)
    if base is None:
        return 0, reasons, {"enough": False}
    figures.update(enough=True, mood_median=base.median, mood_low=round(base.low, 2), mood_days=base.days)

    recent = stats.recent_against(mood, base, days=RECENT_DAYS)
    figures.update(
        mood_recent_days=recent.days_observed, mood_below=recent.days_below, mood_recent_mean=recent.mean
    )
    if recent.days_observed >= 4 and recent.days_below >= max(4, math.ceil(0.6 * recent.days_observed)):
        reasons.append(
            Reason(
                "mood_below",
                2,
                f"your mood has been below your usual range on {recent.days_below} of the last "
                f"{RECENT_DAYS} days" + _checked_in(recent.days_observed),
                ("exhaustion", "rest"),
            )
        )

    energy_base = stats.rolling_baseline(energy, min_days=MIN_BASELINE_DAYS)
    if energy_base is not None:
        energy_recent = stats.recent_against(energy, energy_base, days=RECENT_DAYS)
        figures.update(energy_median=energy_base.median, energy_below=energy_recent.days_below)
        if energy_recent.days_observed >= 4 and energy_recent.days_below >= max(
            4, math.ceil(0.6 * energy_recent.days_observed)
        ):
            reasons.append(
                Reason(
                    "energy_below",
                    1,
                    f"your energy has been below your usual range on {energy_recent.days_below} of the last "
                    f"{RECENT_DAYS} days",
                    ("exhaustion", "rest", "movement"),
                )
            )

    trend = stats.slope(mood, days=14, min_days=7)
    if trend is not None:
        figures.update(mood_slope=round(trend.per_day, 3), mood_slope_se=round(trend.stderr, 3))
        if trend.clearly_falling and trend.per_day * 13 <= -0.75:
            reasons.append(
                Reason(
                    "mood_falling",
                    1,
                    f"over the last two weeks your mood has been falling, by about "
                    f"{abs(trend.per_day) * 7:.1f} points a week (give or take {trend.stderr * 7:.1f})",
                )
            )

    # Scaled by the ordinary day-to-day standard deviation (at least ¾ of a point), so a
    # person whose usual days are all alike is not alarmed by one or two ordinary dips.
    usual = stats.observed(mood[-HISTORY_NEEDED:-7])
    scale = max(statistics.pstdev(usual), CUSUM_MIN_SCALE)
    cusum = stats.cusum_drop(
        mood[-BASELINE_DAYS:], target=base.median, spread=scale, threshold=CUSUM_THRESHOLD
    )
    figures.update(cusum=round(cusum.statistic, 2))
    if cusum.alarm and cusum.since is not None:
        run_days = min(BASELINE_DAYS, len(mood)) - cusum.since
        reasons.append(
            Reason(
                "sustained_drop",
                1,
                f"the drop has been building for about {run_days} days rather than being one hard day",
            )
        )

    _exposure_reason(days, reasons, figures)
    _entry_reasons(days, reasons, figures)
    if self_check is not None and self_check.days_ago <= 30 and self_check.rank > 0:
        points = 2 if self_check.rank >= self_check.top else 1
        reasons.append(
            Reason(
                "self_check",
                points,
                f"your self-check {_ago(self_check.days_ago)} was in the band “{self_check.label}”",
            )
        )
    return _total(reasons), reasons, figures


# Mood below its range, falling, and a CUSUM alarm are three views of one signal: together
# they count at most this much, so mood alone never raises the level at normal sensitivity.
MOOD_FAMILY = ("mood_below", "mood_falling", "sustained_drop")
MOOD_FAMILY_CAP = 2


def _total(reasons: list[Reason]) -> int:
    mood = sum(reason.points for reason in reasons if reason.key in MOOD_FAMILY)
    other = sum(reason.points for reason in reasons if reason.key not in MOOD_FAMILY)
    return min(mood, MOOD_FAMILY_CAP) + other


def _checked_in(observed: int) -> str:
    return "" if observed == RECENT_DAYS else f" ({observed} had a check-in)"


def _exposure_reason(days: Sequence[Day], reasons: list[Reason], figures: dict) -> None:
    exposure = _series(days, "exposure")
    usual = stats.observed(exposure[-HISTORY_NEEDED:-7])
    recent = stats.observed(exposure[-7:])
    if len(usual) < MIN_BASELINE_DAYS or len(recent) < 3:
        return
    usual_mean, recent_mean = statistics.fmean(usual), statistics.fmean(recent)
    # A week's mean varies less than a single day: compare against its standard error.
    margin = max(0.5, 2 * statistics.pstdev(usual) / math.sqrt(len(recent)))
    figures.update(exposure_usual=round(usual_mean, 1), exposure_recent=round(recent_mean, 1))
    if recent_mean >= usual_mean + margin:
        reasons.append(
            Reason(
                "exposure_up",
                1,
                f"you have had about {recent_mean:.1f} trauma-heavy sessions a day this week, "
                f"against {usual_mean:.1f} usually",
                ("client-crisis", "caseload"),
            )
        )


def _entry_reasons(days: Sequence[Day], reasons: list[Reason], figures: dict) -> None:
    usual_days, week = days[-HISTORY_NEEDED:-7], days[-7:]
    week_entries = sum(day.entries for day in week)
    usual_entries = sum(day.entries for day in usual_days)
    week_sign_entries = sum(day.entries_with_signs for day in week)
    usual_rate = sum(day.entries_with_signs for day in usual_days) / usual_entries if usual_entries else 0.0
    figures.update(entries_week=week_entries, sign_entries_week=week_sign_entries)
    if week_sign_entries >= 2 and week_sign_entries / max(week_entries, 1) > usual_rate + 0.15:
        totals: dict[str, float] = {}
        for day in week:
            for slug, weight in day.sign_weights.items():
                totals[slug] = totals.get(slug, 0.0) + weight
        top = sorted(totals, key=lambda slug: -totals[slug])[:2]
        lex = lexicon()
        named = " and ".join(lex.themes[slug].phrase for slug in top if slug in lex.themes)
        points = 2 if week_sign_entries >= 3 and week_sign_entries >= 0.6 * week_entries else 1
        reasons.append(
            Reason(
                "signs",
                points,
                f"{week_sign_entries} of your {week_entries} journal entries this week mention {named}",
                tuple(top),
            )
        )
    fortnight = days[-14:]
    recent_entries = sum(day.entries for day in fortnight)
    usual_long = days[-HISTORY_NEEDED:-14]
    long_entries = sum(day.entries for day in usual_long)
    if recent_entries >= 3 and long_entries >= 4:
        usual_protective = sum(day.protective for day in usual_long) / long_entries
        recent_protective = sum(day.protective for day in fortnight) / recent_entries
        figures.update(
            protective_usual=round(usual_protective, 2), protective_recent=round(recent_protective, 2)
        )
        if usual_protective >= 0.4 and recent_protective < 0.5 * usual_protective:
            reasons.append(
                Reason(
                    "protective_down",
                    1,
                    "your entries mention what usually helps you (rest, people, time outside) "
                    "far less than they did",
                    ("rest", "peers", "nature", "movement"),
                )
            )
    week_sentiment = [day.sentiment for day in week if day.sentiment is not None]
    usual_sentiment = [day.sentiment for day in usual_days if day.sentiment is not None]
    if len(week_sentiment) >= 2 and len(usual_sentiment) >= 4:
        now, usual = statistics.fmean(week_sentiment), statistics.fmean(usual_sentiment)
        figures.update(sentiment_week=round(now, 2), sentiment_usual=round(usual, 2))
        if now <= usual - 0.35:
            reasons.append(
                Reason("sentiment_down", 1, "the tone of your writing this week is darker than usual")
            )


def assess(
    days: Sequence[Day],
    *,
    sensitivity: str = "normal",
    self_check: SelfCheckBand | None = None,
) -> Assessment:
    """The level for the last day in ``days`` (consecutive calendar days, oldest first)."""
    watch_at, act_at = THRESHOLDS.get(sensitivity, THRESHOLDS["normal"])
    crisis = any(day.crisis for day in days[-7:])
    observed_mood = len(stats.observed(_series(days[-HISTORY_NEEDED:-7], "mood")))
    if observed_mood < MIN_BASELINE_DAYS:
        return Assessment(
            level=None,
            points=0,
            reasons=[],
            figures={"enough": False},
            days_needed=MIN_BASELINE_DAYS - observed_mood,
            crisis_recent=crisis,
        )
    points, reasons, figures = _points(days, self_check)
    yesterday_points = _points(days[:-1], self_check)[0] if len(days) > HISTORY_NEEDED else 0
    held = yesterday_points >= watch_at and points >= watch_at - 1
    mood_low = any(reason.key == "mood_below" for reason in reasons)
    if points >= act_at and mood_low:
        level = ACT
    elif points >= watch_at or held:
        level = WATCH
    else:
        level = STEADY
    # Lead with the strongest reason of each kind: the second and third views of the mood drop
    # add little, so they come after the other signals in the sentence.
    lead_mood = next((r for r in reasons if r.key in MOOD_FAMILY), None)
    reasons.sort(key=lambda r: -(r.points if r.key not in MOOD_FAMILY or r is lead_mood else 0))
    return Assessment(level=level, points=points, reasons=reasons, figures=figures, crisis_recent=crisis)


def _ago(days: int) -> str:
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def plain_summary(assessment: Assessment, *, most: int = 3) -> str:
    """The strongest reasons as one sentence: "your mood …, and 3 entries this week mention …"."""
    texts = [reason.text for reason in assessment.reasons[:most]]
    if len(assessment.reasons) > most:
        extra = len(assessment.reasons) - most
        texts.append(f"{extra} more sign{'s' if extra > 1 else ''} listed under the data")
    if not texts:
        return ""
    if len(texts) == 1:
        return texts[0][0].upper() + texts[0][1:] + "."
    sentence = ", ".join(texts[:-1]) + ", and " + texts[-1]
    return sentence[0].upper() + sentence[1:] + "."
