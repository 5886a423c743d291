"""Everything the insights pages show for one person, from their days: pure and fast.

``insights_from_days`` takes up to two years of ``Day`` records (oldest first, one per day)
and returns the level with its reasons, the usual ranges, the fortnight's trend and the
week's forecast, and the points for a chart. No database access happens here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from insights import statistics as stats
from insights.warning import HISTORY_NEEDED, Assessment, Day, SelfCheckBand, assess

CHART_DAYS = 56
FORECAST_DAYS = 7


@dataclass
class Insights:
    assessment: Assessment
    mood: stats.Baseline | None
    energy: stats.Baseline | None
    mood_trend: stats.Slope | None
    forecast: stats.Forecast | None
    chart: dict[str, Any]
    recent: list[Day]
    monthly: list[dict[str, Any]]


def insights_from_days(
    days: Sequence[Day], *, sensitivity: str = "normal", self_check: SelfCheckBand | None = None
) -> Insights:
    assessment = assessment_for(days, sensitivity=sensitivity, self_check=self_check)
    mood = [day.mood for day in days]
    energy = [day.energy for day in days]
    forecast = stats.holt_forecast(mood[-CHART_DAYS:], horizon=FORECAST_DAYS)
    mood_base = stats.rolling_baseline(mood)
    return Insights(
        assessment=assessment,
        mood=mood_base,
        energy=stats.rolling_baseline(energy),
        mood_trend=stats.slope(mood, days=14, min_days=7),
        forecast=forecast,
        chart=chart(days[-CHART_DAYS:], mood_base, forecast),
        recent=list(days[-8:]),
        monthly=monthly_medians(days),
    )


def assessment_for(
    days: Sequence[Day], *, sensitivity: str = "normal", self_check: SelfCheckBand | None = None
) -> Assessment:
    """The level for the last of ``days``, from the window the early warning looks at.

    The nightly run (through ``insights_from_days``) and the evaluation call this same function.
    """
    return assess(days[-(HISTORY_NEEDED + 1) :], sensitivity=sensitivity, self_check=self_check)


def monthly_medians(days: Sequence[Day]) -> list[dict[str, Any]]:
    """Mood and energy by calendar month over the whole history: the long view."""
    months: dict[tuple[int, int], list[Day]] = {}
    for day in days:
        months.setdefault((day.day.year, day.day.month), []).append(day)
    rows = []
    for _month, items in sorted(months.items(), reverse=True):
        mood = stats.median_and_spread([d.mood for d in items])
        energy = stats.median_and_spread([d.energy for d in items])
        if mood is None:
            continue
        rows.append(
            {
                "month": items[0].day.replace(day=1),
                "days": mood.days,
                "mood": mood.median,
                "energy": energy.median if energy else None,
                "exposure": round(sum(d.exposure or 0 for d in items), 1),
                "entries": sum(d.entries for d in items),
            }
        )
    return rows


# --- chart: server-rendered SVG geometry --------------------------------------------------------

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 628, 12, 190


def _y(value: float) -> float:
    return round(BOTTOM - (value - 1) / 4 * (BOTTOM - TOP), 1)


def chart(days: Sequence[Day], baseline: stats.Baseline | None, forecast: stats.Forecast | None) -> dict:
    """Mood over the last weeks, the usual range as a band and the forecast with its interval."""
    total = len(days) + (len(forecast.values) if forecast else 0)
    step = (RIGHT - LEFT) / max(1, total - 1)

    def x(index: int) -> float:
        return round(LEFT + index * step, 1)

    lines, current = [], []
    for index, day in enumerate(days):
        if day.mood is None:
            # A gap breaks the line: nothing is drawn across days without a check-in.
            if current:
                lines.append(" ".join(current))
            current = []
            continue
        current.append(f"{x(index)},{_y(day.mood)}")
    if current:
        lines.append(" ".join(current))
    points = [{"x": x(i), "y": _y(d.mood)} for i, d in enumerate(days) if d.mood is not None]
    band = None
    if baseline is not None:
        top, bottom = _y(min(5.0, baseline.high)), _y(max(1.0, baseline.low))
        band = {"x": LEFT, "y": top, "width": RIGHT - LEFT, "height": round(bottom - top, 1)}
    forecast_line = interval = ""
    if forecast is not None and days:
        start = len(days)
        forecast_line = " ".join(f"{x(start + i)},{_y(v)}" for i, v in enumerate(forecast.values))
        upper = [f"{x(start + i)},{_y(v)}" for i, v in enumerate(forecast.upper)]
        lower = [f"{x(start + i)},{_y(v)}" for i, v in reversed(list(enumerate(forecast.lower)))]
        interval = " ".join(upper + lower)
    labels = [
        {"x": x(i), "text": d.day.strftime("%-d %b")}
        for i, d in enumerate(days)
        if i % 14 == 0 or i == len(days) - 1
    ]
    grid = [{"y": _y(v), "label": str(v)} for v in (1, 2, 3, 4, 5)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": RIGHT,
        "axis_x": LEFT - 6,
        "label_y": HEIGHT - 8,
        "lines": lines,
        "points": points,
        "band": band,
        "forecast_line": forecast_line,
        "interval": interval,
        "labels": labels,
        "grid": grid,
        "forecast_x": x(len(days)) if forecast else None,
    }


def chart_summary(insights: Insights) -> str:
    """The chart in words, for everyone and for screen readers."""
    parts = []
    recent = stats.mean_or_none([day.mood for day in insights.recent[-7:]])
    if insights.mood is not None and recent is not None:
        parts.append(
            f"Over the last 7 days your mood averaged {recent:.1f}; your usual range is "
            f"{max(1.0, insights.mood.low):.1f} to {min(5.0, insights.mood.high):.1f} (median {insights.mood.median:g})."
        )
    elif recent is not None:
        parts.append(f"Over the last 7 days your mood averaged {recent:.1f}.")
    trend = insights.mood_trend
    if trend is not None:
        direction = (
            "falling" if trend.clearly_falling else "rising" if trend.clearly_rising else "about level"
        )
        parts.append(
            f"Over two weeks it has been {direction}: {trend.per_day * 7:+.1f} points a week, "
            f"give or take {trend.stderr * 7:.1f}."
        )
    forecast = insights.forecast
    if forecast is not None:
        parts.append(
            f"If things go on as they are, next week's mood would be around {forecast.values[-1]:.1f} "
            f"(likely between {forecast.lower[-1]:.1f} and {forecast.upper[-1]:.1f}); a forecast, not a verdict."
        )
    return " ".join(parts) or "Not enough check-ins yet to draw a trend."
