"""Questionnaires as data: a definition file is validated, shown, scored and banded here.

A definition (JSON) has: ``slug``, ``name``, ``version``, ``description``, ``recall_period``,
``instructions``, ``credits``, ``licence``, ``disclaimer``; a response ``scale`` (a list of
{value, label}); ``items`` ({id, text, subscale, reverse}); ``subscales`` ({slug, name,
description, bands}); optionally ``total`` ({name, subscales, bands}); and ``summary``, the
score key ("total" or a subscale slug) whose band feeds the early warning. A band is {min,
max, label, meaning, concern}, where ``concern`` ranks bands from 0 (least) upwards. Bands
must cover every possible score of their scale without overlapping.

Reverse-scored items count ``lowest + highest − answer``. Bands describe; they never diagnose.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHIPPED_DIR = Path(__file__).parent / "content" / "instruments"
REQUIRED = (
    "slug",
    "name",
    "version",
    "recall_period",
    "instructions",
    "scale",
    "items",
    "subscales",
    "summary",
)


class InstrumentError(ValueError):
    """The definition is not usable; the message says what to fix."""


@dataclass(frozen=True)
class Score:
    key: str
    name: str
    score: int
    minimum: int
    maximum: int
    band: dict[str, Any]


def read_definition(path: Path | str) -> dict[str, Any]:
    try:
        definition = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InstrumentError(f"Cannot read {path}: {error.strerror}.") from error
    except ValueError as error:
        raise InstrumentError(f"{path} is not valid JSON: {error}.") from error
    validate(definition)
    return definition


def _values(definition: dict) -> list[int]:
    return [option["value"] for option in definition["scale"]]


def _range(definition: dict, item_count: int) -> tuple[int, int]:
    values = _values(definition)
    return min(values) * item_count, max(values) * item_count


def _check_bands(bands: list[dict], low: int, high: int, where: str) -> None:
    if not bands:
        raise InstrumentError(f"{where} has no bands.")
    for band in bands:
        for key in ("min", "max", "label", "meaning", "concern"):
            if key not in band:
                raise InstrumentError(f"A band of {where} lacks '{key}'.")
    covered: list[int] = []
    for band in bands:
        covered.extend(range(band["min"], band["max"] + 1))
    if sorted(covered) != list(range(low, high + 1)):
        raise InstrumentError(
            f"The bands of {where} must cover every score from {low} to {high} exactly once."
        )


def validate(definition: dict[str, Any]) -> None:
    missing = [key for key in REQUIRED if key not in definition]
    if missing:
        raise InstrumentError(f"The definition lacks: {', '.join(missing)}.")
    values = _values(definition)
    if len(values) < 2 or len(set(values)) != len(values) or not all(isinstance(v, int) for v in values):
        raise InstrumentError("The scale needs at least two distinct whole-number values.")
    subscales = {sub["slug"]: sub for sub in definition["subscales"]}
    ids = [item.get("id") for item in definition["items"]]
    if not ids or len(set(ids)) != len(ids) or not all(ids):
        raise InstrumentError("Every item needs its own id.")
    for item in definition["items"]:
        if item.get("subscale") not in subscales:
            raise InstrumentError(f"Item {item['id']} names an unknown subscale.")
        if not item.get("text"):
            raise InstrumentError(f"Item {item['id']} has no text.")
    for slug, sub in subscales.items():
        count = sum(1 for item in definition["items"] if item["subscale"] == slug)
        if not count:
            raise InstrumentError(f"Subscale {slug} has no items.")
        _check_bands(sub.get("bands", []), *_range(definition, count), f"subscale {slug}")
    total = definition.get("total")
    if total:
        unknown = [slug for slug in total.get("subscales", []) if slug not in subscales]
        if unknown or not total.get("subscales"):
            raise InstrumentError("The total must name its subscales, all of them defined.")
        count = sum(1 for item in definition["items"] if item["subscale"] in total["subscales"])
        _check_bands(total.get("bands", []), *_range(definition, count), "the total")
    if definition["summary"] != "total" and definition["summary"] not in subscales:
        raise InstrumentError("'summary' must be 'total' or a subscale slug.")
    if definition["summary"] == "total" and not total:
        raise InstrumentError("'summary' is 'total' but there is no total.")


def item_value(definition: dict, item: dict, answer: int) -> int:
    values = _values(definition)
    return (min(values) + max(values) - answer) if item.get("reverse") else answer


def _band(bands: list[dict], score: int) -> dict:
    return next(band for band in bands if band["min"] <= score <= band["max"])


def parse_answers(definition: dict, data: dict[str, Any]) -> tuple[dict[str, int], list[str]]:
    """Answers by item id from submitted data, and the ids of items left unanswered or invalid."""
    allowed = set(_values(definition))
    answers, missing = {}, []
    for item in definition["items"]:
        raw = data.get(item["id"])
        try:
            value = int(raw)
        except (TypeError, ValueError):
            missing.append(item["id"])
            continue
        if value not in allowed:
            missing.append(item["id"])
            continue
        answers[item["id"]] = value
    return answers, missing


def score(definition: dict, answers: dict[str, int]) -> dict[str, Score]:
    """Scores by key (each subscale, and "total" when defined) with their bands."""
    by_subscale: dict[str, int] = {}
    counts: dict[str, int] = {}
    for item in definition["items"]:
        slug = item["subscale"]
        by_subscale[slug] = by_subscale.get(slug, 0) + item_value(definition, item, answers[item["id"]])
        counts[slug] = counts.get(slug, 0) + 1
    result = {}
    for sub in definition["subscales"]:
        low, high = _range(definition, counts[sub["slug"]])
        value = by_subscale[sub["slug"]]
        result[sub["slug"]] = Score(sub["slug"], sub["name"], value, low, high, _band(sub["bands"], value))
    total = definition.get("total")
    if total:
        value = sum(by_subscale[slug] for slug in total["subscales"])
        low, high = _range(definition, sum(counts[slug] for slug in total["subscales"]))
        result["total"] = Score(
            "total", total.get("name", "Total"), value, low, high, _band(total["bands"], value)
        )
    return result


def summary_bands(definition: dict) -> list[dict]:
    key = definition["summary"]
    if key == "total":
        return definition["total"]["bands"]
    return next(sub["bands"] for sub in definition["subscales"] if sub["slug"] == key)


def top_concern(definition: dict) -> int:
    return max(band["concern"] for band in summary_bands(definition))
