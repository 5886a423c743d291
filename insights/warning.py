"""The early-warning level (steady / watch / act) from a person's own days, and why.

Pure functions: the live app and the evaluation (bench/insights_eval.py) run the same code.
Each signal that counts adds points and a sentence in plain words with its figures, so the
level is never a black box. The points and thresholds are written down here, not learned.

Signals, over the days up to and including today (the usual range is the latest 28 check-ins
of the eight weeks before the last week, so people who skip days still have one):
* mood clearly below the usual: the mean of the last 8 days (14 when 8 hold fewer than three
  check-ins) at least ¾ of a point under the usual mean and two standard errors beyond chance:
  2 points; energy likewise: 1 point. Scores are whole numbers, so a person whose days never
  vary is not alarmed by a 1-point dip on a day or two;
* mood clearly falling over 14 days (slope below zero even at its upper 90% bound, and at
  least ¾ of a point over the fortnight): 1 point; a CUSUM alarm for a sustained drop: 1 point;
* clearly fewer check-ins than usual in the last 8 or 14 days: 1 point (people often stop
  checking in as things get harder);
* exposure to trauma material up on the usual: 1 point;
* entries mentioning the five signs of vicarious trauma, beyond the person's own usual rate:
  1 point, 2 when most entries this week do;
* protective factors (rest, peers, supervision, meaning, movement, nature) mentioned clearly
  less than usual: 1 point; entries' sentiment clearly below the usual: 1 point;
* the latest self-check (within 30 days) in its highest band: 2 points, middle band: 1 point.

Raised when the points reach the sensitivity's threshold; once raised, it stays raised while
the points stay within one of it, so a level does not flicker on and off from day to day.
With a usual range but fewer than three check-ins in the last 8 days and nothing else to go
on, there is no level: "not enough recent check-ins", never "steady".

bench/insights_eval.py measures all this on simulated people, journal text included, across a
sweep of cohorts; it prints how reliable each reason proved, which the points follow.
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
BASELINE_DAYS = 28  # the usual range: up to this many check-ins …
BASELINE_SPAN = 56  # … from the eight weeks before the last week, so people who skip days have one too
RECENT_DAYS = 8
WIDER_RECENT_DAYS = 14  # when the last 8 days hold too few check-ins to judge, look at 14
MIN_WIDER_RECENT = 2  # … and in the 14 days (the drop then has to be larger: see DROP_Z)
MIN_RECENT = 3  # check-ins needed in the recent window before it is compared with the usual
MIN_BASELINE_DAYS = 14
HISTORY_NEEDED = BASELINE_SPAN + 7
# Scores are whole numbers: a week's mean has to fall at least this far below the usual mean to
# count, however little the person's days usually vary (one 1-point dip is not a change).
MIN_MEANINGFUL_DROP = 0.75
# …and beyond chance: this many standard errors of a mean of the recent days.
DROP_Z = 2.3
CUSUM_MIN_SCALE = 0.75
# Fewer check-ins than this in the last 8 days, and nothing else to go on: "not enough recent
# check-ins" instead of "steady".
MIN_RECENT_FOR_STEADY = 3


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
    # Set when a usual range exists but the last days hold too few check-ins to say "steady".
    recent_check_ins: int | None = None

    @property
    def not_enough_recent(self) -> bool:
        return self.level is None and self.recent_check_ins is not None

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


def usual_range(values: Sequence[float | None]) -> stats.Baseline | None:
    """The usual range: the latest ``BASELINE_DAYS`` check-ins of the eight weeks before the last week."""
    before = stats.observed(values[-HISTORY_NEEDED:-7])[-BASELINE_DAYS:]
    if len(before) < MIN_BASELINE_DAYS:
        return None
    return stats.median_and_spread(before)


@dataclass(frozen=True)
class Drop:
    """The recent days against the usual: how many check-ins, how many below the range, the means."""

    window: int  # calendar days looked at
    observed: int
    below: int
    recent_mean: float
    usual_mean: float
    needed: float  # how far the mean had to fall to count

    @property
    def clear(self) -> bool:
        return self.usual_mean - self.recent_mean >= self.needed


def recent_drop(values: Sequence[float | None], base: stats.Baseline) -> Drop | None:
    """Has the mean of the last 8 days (14 when 8 hold too few check-ins) fallen clearly below
    the usual mean? "Clearly": by at least ``MIN_MEANINGFUL_DROP`` and by ``DROP_Z`` standard
    errors of a mean of that many days (from the usual days' own spread)."""
    usual = stats.observed(values[-HISTORY_NEEDED:-7])[-BASELINE_DAYS:]
    for window, needed in ((RECENT_DAYS, MIN_RECENT), (WIDER_RECENT_DAYS, MIN_WIDER_RECENT)):
        recent = stats.observed(values[-window:])
        if len(recent) >= needed:
            break
    else:
        return None
    usual_mean = statistics.fmean(usual)
    sd = max(stats.sd(usual), stats.MIN_SPREAD)
    return Drop(
        window=window,
        observed=len(recent),
        below=sum(1 for value in recent if value < base.low),
        recent_mean=statistics.fmean(recent),
        usual_mean=usual_mean,
        needed=max(MIN_MEANINGFUL_DROP, DROP_Z * sd / math.sqrt(len(recent))),
    )


def _points(days: Sequence[Day], self_check: SelfCheckBand | None) -> tuple[int, list[Reason], dict]:
    reasons: list[Reason] = []
    figures: dict[str, Any] = {}
    mood, energy = _series(days, "mood"), _series(days, "energy")
    base = usual_range(mood)
    if base is None:
        return 0, reasons, {"enough": False}
    figures.update(enough=True, mood_median=base.median, mood_low=round(base.low, 2), mood_days=base.days)

    drop = recent_drop(mood, base)
    if drop is not None:
        figures.update(
            mood_recent_days=drop.observed, mood_below=drop.below, mood_recent_mean=round(drop.recent_mean, 2)
        )
        if drop.clear:
            reasons.append(
                Reason(
                    "mood_below",
                    2,
                    f"your mood has been below your usual range on {drop.below} of the last "
                    f"{drop.window} days"
                    + _checked_in(drop.observed, drop.window)
                    + f", {drop.recent_mean:.1f} on average against {drop.usual_mean:.1f} usually",
                    ("exhaustion", "rest"),
                )
            )

    energy_base = usual_range(energy)
    if energy_base is not None:
        energy_drop = recent_drop(energy, energy_base)
        if energy_drop is not None:
            figures.update(energy_median=energy_base.median, energy_below=energy_drop.below)
            if energy_drop.clear:
                reasons.append(
                    Reason(
                        "energy_below",
                        1,
                        f"your energy has averaged {energy_drop.recent_mean:.1f} over the last "
                        f"{energy_drop.window} days against {energy_drop.usual_mean:.1f} usually",
                        ("exhaustion", "rest", "movement"),
                    )
                )

    trend = stats.slope(mood, days=14, min_days=7)
    if trend is not None:
        figures.update(mood_slope=round(trend.per_day, 3), mood_slope_se=round(trend.stderr, 3))
        if trend.clearly_falling and trend.per_day * 13 <= -MIN_MEANINGFUL_DROP:
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
    usual = stats.observed(mood[-HISTORY_NEEDED:-7])[-BASELINE_DAYS:]
    scale = max(stats.sd(usual), CUSUM_MIN_SCALE)
    cusum = stats.cusum_drop(mood[-BASELINE_DAYS:], target=base.median, spread=scale)
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

    _missed_reason(mood, reasons, figures)
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


def _checked_in(observed: int, window: int) -> str:
    return "" if observed == window else f" ({observed} had a check-in)"


def _missed_reason(mood: Sequence[float | None], reasons: list[Reason], figures: dict) -> None:
    """Missed check-ins are a signal of their own: people often stop checking in as things get
    harder. Counted when the last 8 or 14 days hold clearly fewer check-ins than the person's usual."""
    span = mood[-HISTORY_NEEDED:-WIDER_RECENT_DAYS]
    if len(span) < BASELINE_DAYS:
        return
    usual_rate = len(stats.observed(span)) / len(span)
    for window in (RECENT_DAYS, WIDER_RECENT_DAYS):
        recent = len(stats.observed(mood[-window:]))
        expected = usual_rate * window
        if expected - recent >= MISSED_FEWER and recent <= MISSED_SHARE * expected:
            figures.update(check_ins_recent=recent, check_ins_expected=round(expected, 1))
            reasons.append(
                Reason(
                    "check_ins_missed",
                    1,
                    f"you have checked in on {recent} of the last {window} days, against about "
                    f"{expected:.0f} usually; a run of missed days can be a sign of a heavy stretch too",
                    ("rest",),
                )
            )
            return


MISSED_FEWER = 3  # at least this many fewer check-ins than usual in the last 8 days …
MISSED_SHARE = 0.5  # … and at most half the usual number


def _exposure_reason(days: Sequence[Day], reasons: list[Reason], figures: dict) -> None:
    exposure = _series(days, "exposure")
    usual = stats.observed(exposure[-HISTORY_NEEDED:-7])[-BASELINE_DAYS:]
    recent = stats.observed(exposure[-7:])
    if len(usual) < MIN_BASELINE_DAYS or len(recent) < 3:
        return
    usual_mean, recent_mean = statistics.fmean(usual), statistics.fmean(recent)
    # A week's mean varies less than a single day: compare against its standard error.
    margin = max(0.5, 2 * stats.sd(usual) / math.sqrt(len(recent)))
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


# How much each journal signal counts, from how reliable it proved on the evaluation's text
# (bench/insights_eval.py prints, for each reason, how often it fires near a decline's low point
# against how often it fires elsewhere).
SIGN_POINTS, SIGN_POINTS_MOST = 1, 2
PROTECTIVE_POINTS = 1
SENTIMENT_POINTS = 1


def _entry_reasons(days: Sequence[Day], reasons: list[Reason], figures: dict) -> None:
    usual_days, week = days[-HISTORY_NEEDED:-7], days[-7:]
    week_entries = sum(day.entries for day in week)
    usual_entries = sum(day.entries for day in usual_days)
    week_sign_entries = sum(day.entries_with_signs for day in week)
    usual_sign_entries = sum(day.entries_with_signs for day in usual_days)
    # The person's own rate, pulled towards one in five while they have written little, so a
    # handful of entries does not make a usual rate of nothing.
    usual_rate = (usual_sign_entries + 1) / (usual_entries + 5)
    figures.update(entries_week=week_entries, sign_entries_week=week_sign_entries)
    if week_entries:
        share = week_sign_entries / week_entries
        margin = max(0.15, 1.5 * math.sqrt(usual_rate * (1 - usual_rate) / week_entries))
        if week_sign_entries >= 2 and share >= usual_rate + margin:
            totals: dict[str, float] = {}
            for day in week:
                for slug, weight in day.sign_weights.items():
                    totals[slug] = totals.get(slug, 0.0) + weight
            top = sorted(totals, key=lambda slug: -totals[slug])[:2]
            lex = lexicon()
            named = " and ".join(lex.themes[slug].phrase for slug in top if slug in lex.themes)
            most = week_sign_entries >= 3 and week_sign_entries >= 0.6 * week_entries
            reasons.append(
                Reason(
                    "signs",
                    SIGN_POINTS_MOST if most else SIGN_POINTS,
                    f"{week_sign_entries} of your {week_entries} journal entries this week mention {named}",
                    tuple(top),
                )
            )
    fortnight = days[-14:]
    recent_entries = sum(day.entries for day in fortnight)
    usual_long = days[-HISTORY_NEEDED:-14]
    long_entries = sum(day.entries for day in usual_long)
    if recent_entries >= 3 and long_entries >= 5:
        usual_protective = sum(day.protective for day in usual_long) / long_entries
        recent_protective = sum(day.protective for day in fortnight) / recent_entries
        figures.update(
            protective_usual=round(usual_protective, 2), protective_recent=round(recent_protective, 2)
        )
        # Poisson-like counts: the recent rate must sit well below the usual, beyond chance.
        margin = max(0.25, 2 * math.sqrt(usual_protective / recent_entries))
        if usual_protective >= 0.3 and recent_protective <= usual_protective - margin:
            reasons.append(
                Reason(
                    "protective_down",
                    PROTECTIVE_POINTS,
                    f"your entries mention what usually helps you (rest, people, time outside) "
                    f"{recent_protective:.1f} times each lately, against {usual_protective:.1f} before",
                    ("rest", "peers", "nature", "movement"),
                )
            )
    week_sentiment = [day.sentiment for day in week if day.sentiment is not None]
    usual_sentiment = [day.sentiment for day in usual_days if day.sentiment is not None]
    if len(week_sentiment) >= 2 and len(usual_sentiment) >= 5:
        now, usual = statistics.fmean(week_sentiment), statistics.fmean(usual_sentiment)
        # Against the spread of the person's own entries, not a fixed step.
        needed = max(0.2, DROP_Z * stats.sd(usual_sentiment) / math.sqrt(len(week_sentiment)))
        figures.update(sentiment_week=round(now, 2), sentiment_usual=round(usual, 2))
        if now <= usual - needed:
            reasons.append(
                Reason(
                    "sentiment_down",
                    SENTIMENT_POINTS,
                    f"the tone of your writing this week is darker than usual ({now:+.2f} against "
                    f"{usual:+.2f}, on a scale from −1 to +1)",
                )
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
    recent = len(stats.observed(_series(days[-RECENT_DAYS:], "mood")))
    if (
        level == STEADY
        and recent < MIN_RECENT_FOR_STEADY
        and all(reason.key == "check_ins_missed" for reason in reasons)
    ):
        # Nothing to go on lately: saying "steady" would claim more than the data shows.
        return Assessment(
            level=None,
            points=points,
            reasons=[],
            figures=figures,
            crisis_recent=crisis,
            recent_check_ins=recent,
        )
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
