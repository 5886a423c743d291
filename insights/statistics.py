"""Statistics for one person's own daily series, in plain Python (the standard library only).

A series is a list of daily values, oldest first, one slot per calendar day, with ``None``
where nothing was recorded. Gaps are never filled in: each function uses the days that have
a value and says how many it had, so a reader can judge how much to trust the figure.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

Series = Sequence[float | None]

# 1.4826 × MAD estimates the standard deviation of normally distributed data.
MAD_TO_SD = 1.4826
# Daily scores are whole numbers from 1 to 5: a spread below half a point is not meaningful.
MIN_SPREAD = 0.5


def observed(values: Series) -> list[float]:
    return [value for value in values if value is not None]


def sd(values: Sequence[float]) -> float:
    """Population standard deviation in floating point (``statistics.pstdev`` works in exact
    fractions: right, but twenty times slower, and the early warning takes many a day)."""
    if not values:
        return 0.0
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((value - mean) ** 2 for value in values) / len(values))


def observed_points(values: Series) -> list[tuple[int, float]]:
    """(day index, value) for the days that have a value."""
    return [(index, value) for index, value in enumerate(values) if value is not None]


@dataclass(frozen=True)
class Baseline:
    """A person's usual range: the median of a window of days and its robust spread."""

    median: float
    spread: float
    days: int

    @property
    def low(self) -> float:
        return self.median - self.spread

    @property
    def high(self) -> float:
        return self.median + self.spread


def median_and_spread(values: Series, *, min_spread: float = MIN_SPREAD) -> Baseline | None:
    """Median and MAD-based spread of the observed values; None with nothing observed."""
    points = observed(values)
    if not points:
        return None
    middle = statistics.median(points)
    mad = statistics.median(abs(value - middle) for value in points)
    return Baseline(median=middle, spread=max(MAD_TO_SD * mad, min_spread), days=len(points))


def rolling_baseline(
    values: Series, *, window: int = 28, exclude_recent: int = 7, min_days: int = 14
) -> Baseline | None:
    """The usual range over the ``window`` days before the most recent ``exclude_recent``.

    Leaving the recent days out keeps a fresh drop from dragging the baseline down with it.
    None when fewer than ``min_days`` of the window have a value.
    """
    end = len(values) - exclude_recent
    if end <= 0:
        return None
    baseline = median_and_spread(values[max(0, end - window) : end])
    if baseline is None or baseline.days < min_days:
        return None
    return baseline


@dataclass(frozen=True)
class RecentComparison:
    days_observed: int
    days_below: int
    mean: float | None


def recent_against(values: Series, baseline: Baseline, *, days: int = 7) -> RecentComparison:
    """How the last ``days`` compare with the usual range: days below its lower edge, and the mean."""
    recent = observed(values[-days:]) if days else []
    return RecentComparison(
        days_observed=len(recent),
        days_below=sum(1 for value in recent if value < baseline.low),
        mean=statistics.fmean(recent) if recent else None,
    )


@dataclass(frozen=True)
class Slope:
    """Least-squares change per day, with its standard error, from ``days`` observed days."""

    per_day: float
    stderr: float
    days: int

    def upper(self, z: float = 1.645) -> float:
        return self.per_day + z * self.stderr

    def lower(self, z: float = 1.645) -> float:
        return self.per_day - z * self.stderr

    @property
    def clearly_falling(self) -> bool:
        """Falling even at the top of a one-sided 95% interval."""
        return self.upper() < 0

    @property
    def clearly_rising(self) -> bool:
        return self.lower() > 0


def slope(values: Series, *, days: int = 14, min_days: int = 5) -> Slope | None:
    """The trend of the last ``days`` calendar days, fitted on the days that have a value."""
    points = observed_points(values[-days:])
    n = len(points)
    if n < min_days:
        return None
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    beta = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    alpha = mean_y - beta * mean_x
    residual = sum((y - alpha - beta * x) ** 2 for x, y in zip(xs, ys, strict=True))
    stderr = math.sqrt(residual / (n - 2) / sxx) if n > 2 else math.inf
    return Slope(per_day=beta, stderr=stderr, days=n)


# A day one spread below the target adds 1 − slack = ½: the alarm takes about ten such days.
CUSUM_SLACK = 0.5
CUSUM_THRESHOLD = 5.0


@dataclass(frozen=True)
class Cusum:
    """A one-sided CUSUM for a sustained drop below a target, in units of the spread."""

    statistic: float
    alarm: bool
    since: int | None  # index (in the series given) where the current run of evidence began


def cusum_drop(
    values: Series,
    *,
    target: float,
    spread: float,
    slack: float = CUSUM_SLACK,
    threshold: float = CUSUM_THRESHOLD,
) -> Cusum:
    """Page's CUSUM: S = max(0, S + (target − x)/spread − slack); alarm when S reaches ``threshold``.

    Gaps are skipped (they add no evidence either way). ``slack`` of half a spread ignores
    ordinary wobbles: a day one spread below the target adds 1 − ½ = ½, so ``threshold`` 5 takes
    about ten such days, or four days 1¾ spreads below — a run, not a hard day or two.
    """
    total, since, peak_alarm = 0.0, None, False
    for index, value in enumerate(values):
        if value is None:
            continue
        total = max(0.0, total + (target - value) / spread - slack)
        if total == 0.0:
            since = None
        elif since is None:
            since = index
        peak_alarm = total >= threshold
    return Cusum(statistic=total, alarm=peak_alarm, since=since)


@dataclass(frozen=True)
class Forecast:
    """Holt's linear forecast: the next days' expected values with a ~95% interval."""

    values: list[float]
    lower: list[float]
    upper: list[float]
    level: float
    trend: float


def holt_forecast(
    values: Series,
    *,
    horizon: int = 7,
    alpha: float = 0.3,
    beta: float = 0.1,
    floor: float | None = 1.0,
    ceiling: float | None = 5.0,
    min_days: int = 7,
) -> Forecast | None:
    """Holt's linear exponential smoothing over the observed days.

    A missing day advances the level by the trend without an observation to correct it, so
    the forecast is never pulled towards an invented value. The interval uses the spread of
    the one-step errors and Holt's h-step variance factor, clipped to the scale.
    """
    points = observed_points(values)
    if len(points) < min_days:
        return None
    first_index, level = points[0]
    trend = 0.0
    if len(points) > 1:
        (i0, y0), (i1, y1) = points[0], points[1]
        trend = (y1 - y0) / (i1 - i0)
    errors: list[float] = []
    previous_index = first_index
    for index, value in points[1:]:
        steps = index - previous_index
        # Carry the level across a gap without observations: it moves by the trend, nothing more.
        predicted = level + steps * trend
        errors.append(value - predicted)
        new_level = alpha * value + (1 - alpha) * predicted
        trend = beta * (new_level - level) / steps + (1 - beta) * trend
        level = new_level
        previous_index = index
    ahead = len(values) - 1 - previous_index  # days since the last observation
    sigma = math.sqrt(statistics.fmean(e * e for e in errors)) if errors else 0.0
    result, lower, upper = [], [], []
    for h in range(1, horizon + 1):
        step = ahead + h
        point = level + step * trend
        factor = 1 + sum((alpha * (1 + j * beta)) ** 2 for j in range(1, step))
        half_width = 1.96 * sigma * math.sqrt(factor)
        result.append(_clip(point, floor, ceiling))
        lower.append(_clip(point - half_width, floor, ceiling))
        upper.append(_clip(point + half_width, floor, ceiling))
    return Forecast(values=result, lower=lower, upper=upper, level=level, trend=trend)


def _clip(value: float, floor: float | None, ceiling: float | None) -> float:
    if floor is not None:
        value = max(floor, value)
    if ceiling is not None:
        value = min(ceiling, value)
    return value


def mean_or_none(values: Series) -> float | None:
    points = observed(values)
    return statistics.fmean(points) if points else None
