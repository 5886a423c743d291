import math

import pytest

from insights.statistics import (
    MIN_SPREAD,
    cusum_drop,
    holt_forecast,
    median_and_spread,
    recent_against,
    rolling_baseline,
    slope,
)


def test_median_and_spread_uses_the_median_absolute_deviation():
    result = median_and_spread([3, 4, 4, 4, 5, 4, 3])
    assert result.median == 4
    # MAD is 0 here, so the spread falls back to its floor rather than claiming certainty.
    assert result.spread == MIN_SPREAD
    wide = median_and_spread([1, 3, 5, 3, 1, 5, 3])
    assert wide.median == 3
    assert wide.spread == pytest.approx(1.4826 * 2)


def test_median_and_spread_ignores_gaps_and_counts_only_observed_days():
    result = median_and_spread([None, 4, None, 4, 2, None])
    assert result.days == 3
    assert result.median == 4
    assert median_and_spread([None, None]) is None


def test_rolling_baseline_leaves_out_the_recent_days():
    series = [4.0] * 28 + [1.0] * 7
    baseline = rolling_baseline(series, window=28, exclude_recent=7)
    assert baseline.median == 4
    assert baseline.days == 28


def test_rolling_baseline_needs_enough_observed_days():
    series = [4.0 if i % 3 == 0 else None for i in range(35)]
    assert rolling_baseline(series, min_days=14) is None
    assert rolling_baseline(series, min_days=5).days == 10


def test_recent_against_counts_days_below_the_usual_range():
    baseline = median_and_spread([4] * 10)
    comparison = recent_against([4, 4, 3, None, 2, 4, 3, 2], baseline, days=8)
    assert comparison.days_observed == 7
    assert comparison.days_below == 4  # below 3.5
    assert comparison.mean == pytest.approx(22 / 7)


def test_slope_recovers_a_known_slope_with_small_error():
    series = [5 - 0.1 * day for day in range(14)]
    result = slope(series)
    assert result.per_day == pytest.approx(-0.1)
    assert result.stderr == pytest.approx(0.0, abs=1e-9)
    assert result.clearly_falling


def test_slope_with_gaps_uses_true_day_positions():
    series = [float(day) if day % 2 == 0 else None for day in range(14)]
    result = slope(series)
    assert result.days == 7
    assert result.per_day == pytest.approx(1.0)


def test_slope_of_noise_is_not_clearly_falling():
    series = [3, 4, 3, 5, 4, 3, 4, 3, 5, 4, 3, 4, 4, 3]
    result = slope(series)
    assert result.stderr > 0
    assert not result.clearly_falling
    assert slope([3, None, None, 4]) is None


def test_cusum_stays_quiet_on_a_steady_series():
    result = cusum_drop([4, 3, 4, 5, 4, 4, 3, 4, 5, 4] * 3, target=4, spread=0.75)
    assert not result.alarm


def test_cusum_alarms_after_a_known_change_point():
    series = [4] * 20 + [2.5] * 10
    result = cusum_drop(series, target=4, spread=0.75)
    assert result.alarm
    assert result.since == 20


def test_cusum_skips_gaps_without_inventing_values():
    series = [4] * 10 + [None] * 10 + [2.5, 2.5]
    result = cusum_drop(series, target=4, spread=0.75)
    # Two low days are 2 × (2 − 0.5) = 3 units of evidence: not yet an alarm, the gap added none.
    assert result.statistic == pytest.approx(3.0)
    assert not result.alarm


def test_holt_forecast_follows_a_linear_trend():
    series = [4.5 - 0.05 * day for day in range(30)]
    forecast = holt_forecast(series, horizon=7)
    assert forecast.trend == pytest.approx(-0.05, abs=0.01)
    assert forecast.values[0] == pytest.approx(4.5 - 0.05 * 30, abs=0.05)
    assert forecast.values[6] < forecast.values[0]


def test_holt_forecast_interval_widens_with_the_horizon_and_stays_on_the_scale():
    series = [3, 4, 3, 5, 4, 2, 4, 3, 5, 4, 3, 4, 4, 3] * 2
    forecast = holt_forecast(series, horizon=7)
    widths = [up - low for up, low in zip(forecast.upper, forecast.lower, strict=True)]
    assert all(
        1.0 <= low <= value <= up <= 5.0
        for low, value, up in zip(forecast.lower, forecast.values, forecast.upper, strict=True)
    )
    assert widths[-1] >= widths[0] > 0


def test_holt_forecast_across_a_gap_starts_from_the_days_since_the_last_value():
    with_gap = [4.0 - 0.1 * day for day in range(20)] + [None] * 3
    forecast = holt_forecast(with_gap, horizon=1, floor=None, ceiling=None)
    # The next day is four steps after the last observation, not one.
    assert forecast.values[0] == pytest.approx(forecast.level + 4 * forecast.trend)
    assert math.isfinite(forecast.upper[0])
    assert holt_forecast([None] * 10) is None


def test_cusum_threshold_is_the_one_its_description_gives():
    # Each day one spread below adds 1 − ½: ten such days reach the threshold, nine do not.
    assert cusum_drop([4] * 5 + [3.25] * 10, target=4, spread=0.75).alarm
    assert not cusum_drop([4] * 5 + [3.25] * 9, target=4, spread=0.75).alarm
    # Four days 1¾ spreads below reach it too.
    assert cusum_drop([4] * 5 + [4 - 1.75 * 0.75] * 4, target=4, spread=0.75).alarm
