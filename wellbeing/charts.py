"""Small server-rendered SVG charts: coordinates computed here, drawn by a template.

Colours come from CSS classes (so dark mode and contrast follow the stylesheet); the
template always pairs a chart with a table that says the same thing in words.
"""

import datetime
from statistics import mean
from typing import Any

WIDTH = 336
LEFT = 28
RIGHT = 8
LINE_TOP = 10
LINE_HEIGHT = 84
BAR_TOP = LINE_TOP + LINE_HEIGHT + 14
BAR_HEIGHT = 34
LABEL_Y = BAR_TOP + BAR_HEIGHT + 14
HEIGHT = LABEL_Y + 6


def _x(index: int, count: int) -> float:
    step = (WIDTH - LEFT - RIGHT) / max(count, 1)
    return round(LEFT + step * index + step / 2, 1)


def _line_y(value: int) -> float:
    return round(LINE_TOP + LINE_HEIGHT - (value - 1) * LINE_HEIGHT / 4, 1)


def _segments(points: list[tuple[float, float] | None]) -> list[str]:
    """Polyline point lists, broken where a day has no check-in rather than bridging the gap."""
    segments, current = [], []
    for point in points:
        if point is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(point)
    if current:
        segments.append(current)
    return [" ".join(f"{x},{y}" for x, y in segment) for segment in segments if len(segment) > 1]


def trend_chart(days: list[datetime.date], checkins: dict[datetime.date, Any]) -> dict[str, Any]:
    count = len(days)
    step = (WIDTH - LEFT - RIGHT) / max(count, 1)
    present = [checkins[day] for day in days if day in checkins]
    exposure_max = max([5, *(c.exposure for c in present)])
    mood, energy, bars, labels, rows = [], [], [], [], []
    for index, day in enumerate(days):
        checkin = checkins.get(day)
        x = _x(index, count)
        labels.append({"x": x, "text": day.strftime("%a")[0], "day": day})
        rows.append({"day": day, "checkin": checkin})
        if checkin is None:
            mood.append(None)
            energy.append(None)
            continue
        mood.append((x, _line_y(checkin.mood)))
        energy.append((x, _line_y(checkin.energy)))
        height = round(BAR_HEIGHT * checkin.exposure / exposure_max, 1)
        bars.append(
            {
                "x": round(x - step * 0.3, 1),
                "y": round(BAR_TOP + BAR_HEIGHT - height, 1),
                "width": round(step * 0.6, 1),
                "height": height,
                "value": checkin.exposure,
                "day": day,
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "axis_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "mood_lines": _segments(mood),
        "energy_lines": _segments(energy),
        "mood_points": [{"x": p[0], "y": p[1]} for p in mood if p],
        "energy_points": [{"x": round(p[0] - 3, 1), "y": round(p[1] - 3, 1)} for p in energy if p],
        "bars": bars,
        "bar_base": BAR_TOP + BAR_HEIGHT,
        "bar_top": BAR_TOP,
        "exposure_max": exposure_max,
        "grid": [{"y": _line_y(value), "label": value} for value in (1, 3, 5)],
        "labels": labels,
        "label_y": LABEL_Y,
        "rows": rows,
        "summary": _summary(days, present),
    }


def _summary(days: list[datetime.date], present: list[Any]) -> str:
    if not present:
        return f"No check-ins in the last {len(days)} days yet."
    heaviest = max(present, key=lambda c: (c.exposure, c.day))
    text = (
        f"{len(present)} check-ins in the last {len(days)} days. "
        f"Mood averaged {mean(c.mood for c in present):.1f} and energy {mean(c.energy for c in present):.1f} out of 5. "
        f"{sum(c.exposure for c in present)} trauma-heavy sessions or cases in all"
    )
    if heaviest.exposure:
        text += f", the most ({heaviest.exposure}) on {heaviest.day:%A %-d %B}"
    return text + "."
