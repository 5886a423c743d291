"""Evaluation of the early warning on simulated people, end to end and across a sweep.

Each simulated person's days go through the product's own code: their journal entries are
*text* (sentences from bench/data/insights_sentences.json, written for this evaluation), read
by ``insights.lexicon.analyse`` and folded into days by ``insights.selectors.add_entry_signals``,
exactly as the nightly run does; the level of each day comes from ``insights.engine.assessment_for``
(what ``insights_from_days`` and so the nightly ``daily_level_record`` call), from the data up
to that day only. Nothing here re-implements a rule.

The simulation (every figure below is a parameter of a sweep cell, see ``BASE_CELL``):

* 180 days a person. Mood is a latent daily value around a personal mean with personal
  day-to-day noise, some carry-over (AR(1), φ = 0.3) and a weekly rhythm (weekends a third of a
  point better, no trauma-heavy sessions). Some people barely vary (``flat``: noise 0.15–0.3).
  Energy follows mood with its own noise; sleep loosely so. Check-ins are rounded to 1–5.
* Gaps: a personal share of skipped days around ``missing`` (more at weekends), up to two
  absences of 4–10 days, and during a decline more skipped days and often a burst of 3–8 days
  without a check-in (``burst``).
* Everyone has up to two hard spells of 2–4 days (a point or so lower, more exposure, darker
  entries): ordinary bad weeks, the main source of false alarms.
* Half the people decline: mood slides over ``slide`` days by ``depth`` points, stays low 0–5
  days and recovers over 10–25. Energy and sleep fall with it; exposure rises by up to 80%
  when ``exposure_rises``.
* Journals: a share ``journal_people`` of people write, each on a personal share of days in
  ``journal_rate``. An entry is a few sentences: ordinary or good-day ones, a strained or
  sign-naming one more often as the decline deepens, protective activities less often, and
  now and then a tricky one ("car park", "in supervision"). The development seeds draw from
  the sentences' development half, the held-out seeds from the other half.

Counting: from day 35 the level is computed each day. A decline is detected when "watch" or
higher is raised on a day in the 21 days up to its low point; the lead is the low point's day
minus the first such day. A raise (an onset from not raised) outside every decline's window
(7 days before its start to its end) is a false alarm, per person-month evaluated. Simple
rules (last mood ≤ 2, k of the last n check-ins low, the week's mean dropped) are scored the
same way; for each cell the best simple rule at a false-alarm rate no higher than the engine's
there is printed beside it.

    .venv/bin/python bench/insights_eval.py                 # the sweep, one JSON line
    .venv/bin/python bench/insights_eval.py --people 24 --dev-seeds 1 --held-out-seeds 2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zenora .venv/bin/python bench/insights_eval.py --db

With ``--db`` it instead works in a throwaway PostgreSQL database (created and dropped by
bench/harness.py): the whole read-and-compute of one person's insights with two years of
check-ins and entries, and the nightly recomputation for ``--users`` people (10 000 by
default) run chunk by chunk through the Celery task functions, in this process.
"""

import argparse
import datetime
import json
import math
import multiprocessing
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import django  # noqa: E402
from django.apps import apps  # noqa: E402

from bench.harness import own_stores, use_own_stores  # noqa: E402

if not apps.ready:  # imported by a test, Django is already set up with its own stores
    use_own_stores("insights")
    django.setup()

from insights.engine import assessment_for  # noqa: E402
from insights.lexicon import analyse  # noqa: E402
from insights.selectors import add_entry_signals  # noqa: E402
from insights.warning import Day  # noqa: E402

DAYS = 180
FIRST_EVALUATED = 35  # five weeks of days: the earliest a usual range can exist
SENTENCES_FILE = ROOT / "bench" / "data" / "insights_sentences.json"
SIGNS = ["exhaustion", "hypervigilance", "numbness", "hopelessness", "intrusive-thoughts"]
PROTECTIVE = ["rest", "peers", "supervision", "meaning", "movement", "nature"]
START = datetime.date(2025, 1, 6)  # a Monday
DEV_SEEDS = (11, 12)
HELD_OUT_SEEDS = (21, 22)

BASE_CELL = {
    "missing": 0.15,  # mean share of days without a check-in
    "burst": 0.5,  # chance of a 3–8 day burst of missed check-ins during a decline
    "depth": (1.0, 1.8),  # points the mood falls to the low point
    "slide": (14, 35),  # days from the start of a decline to its low point
    "noise": (0.45, 0.85),  # day-to-day standard deviation of mood
    "flat": 0.1,  # share of people whose scores barely vary
    "journal_people": 0.6,  # share of people who write at all
    "journal_rate": (0.1, 0.5),  # share of days on which a writer writes
    "exposure_rises": True,
}
# One parameter at a time away from the base, then the hard corners together.
SWEEP = [
    {},
    {"missing": 0.0, "burst": 0.0},
    {"missing": 0.3},
    {"missing": 0.5},
    {"missing": 0.3, "burst": 1.0},
    {"depth": (0.8, 1.2)},
    {"depth": (1.6, 2.4)},
    {"slide": (7, 14)},
    {"slide": (30, 45)},
    {"noise": (0.3, 0.5)},
    {"noise": (0.8, 1.1)},
    {"flat": 0.6},
    {"journal_people": 0.0},
    {"journal_people": 1.0, "journal_rate": (0.4, 0.8)},
    {"exposure_rises": False},
    {"missing": 0.4, "burst": 1.0, "depth": (0.8, 1.2), "journal_people": 0.0, "exposure_rises": False},
    {"missing": 0.5, "slide": (30, 45), "noise": (0.8, 1.1), "exposure_rises": False},
    {"flat": 0.6, "depth": (0.8, 1.2), "journal_people": 0.3, "missing": 0.3},
]
# A small sweep for the test that pins the figures (insights/tests/test_evaluation.py).
SMALL_SWEEP = [SWEEP[0], SWEEP[3], SWEEP[15]]


@dataclass
class Decline:
    start: int
    low: int
    end: int


@dataclass
class Person:
    days: list[Day]
    declines: list[Decline] = field(default_factory=list)


def cell_params(overrides: dict) -> dict:
    return {**BASE_CELL, **overrides}


def _decline_fraction(t: int, decline: Decline | None, plateau_end: int) -> float:
    if decline is None or t < decline.start or t > decline.end:
        return 0.0
    if t <= decline.low:
        x = (t - decline.start) / max(1, decline.low - decline.start)
        return 0.5 - 0.5 * math.cos(math.pi * x)  # a smooth slide, gentle at first
    if t <= plateau_end:
        return 1.0
    return max(0.0, 1 - (t - plateau_end) / max(1, decline.end - plateau_end))


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, product = math.exp(-lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


@lru_cache(maxsize=2)
def sentences(half: str) -> dict[str, list[str]]:
    return json.loads(SENTENCES_FILE.read_text(encoding="utf-8"))[half]


@lru_cache(maxsize=20_000)
def entry_signals(text: str) -> tuple[float, dict[str, float], bool]:
    """The product's own reading of one entry (cached: the same text reads the same)."""
    signals = analyse(text)
    return signals.sentiment, signals.themes, signals.crisis


def _entry_text(rng: random.Random, pool: dict[str, list[str]], f: float, spell: bool) -> str:
    """A few sentences for a day whose decline has gone ``f`` of the way to its low point."""
    parts: list[str] = []
    strained = rng.random() < 0.1 + 0.6 * f + (0.3 if spell else 0.0)
    if strained:
        parts.append(rng.choice(pool[rng.choice(SIGNS)] if rng.random() < 0.55 else pool["strain"]))
        if rng.random() < 0.25 + 0.25 * f:
            parts.append(rng.choice(pool[rng.choice([*SIGNS, "strain"])]))
    if rng.random() < 0.6:
        parts.append(rng.choice(pool["ordinary"]))
    if not strained and rng.random() < 0.4 * (1 - f):
        parts.append(rng.choice(pool["good"]))
    for chance in (0.55, 0.2):
        if rng.random() < chance * (1 - 0.5 * f):
            parts.append(rng.choice(pool[rng.choice(PROTECTIVE)]))
    if rng.random() < 0.12:
        parts.append(rng.choice(pool["tricky"]))
    if not parts:
        parts.append(rng.choice(pool["ordinary"]))
    rng.shuffle(parts)
    return " ".join(parts)


def simulate_person(rng: random.Random, *, declines: bool, cell: dict, half: str) -> Person:
    flat = rng.random() < cell["flat"]
    if flat:
        mean, noise = rng.choice([3.0, 4.0]) + rng.uniform(-0.1, 0.1), rng.uniform(0.15, 0.3)
    else:
        mean, noise = rng.uniform(3.2, 4.2), rng.uniform(*cell["noise"])
    energy_offset = rng.uniform(0.0, 0.4)
    exposure_rate = rng.uniform(0.5, 2.0)
    skip = max(0.0, min(0.9, rng.gauss(cell["missing"], 0.08))) if cell["missing"] else 0.0
    writes = rng.uniform(*cell["journal_rate"]) if rng.random() < cell["journal_people"] else 0.0
    pool = sentences(half)
    absent: set[int] = set()
    if cell["missing"]:
        for _ in range(rng.randint(0, 2)):
            first = rng.randrange(0, DAYS - 10)
            absent.update(range(first, first + rng.randint(4, 10)))
    hard: dict[int, float] = {}
    for _ in range(rng.randint(0, 2)):
        first, depth = rng.randrange(10, DAYS - 5), rng.uniform(0.8, 1.5)
        for t in range(first, first + rng.randint(2, 4)):
            hard[t] = depth
    decline, plateau_end, depth = None, 0, 0.0
    if declines:
        start = rng.randint(50, 125)
        low = start + rng.randint(*cell["slide"])
        plateau_end = low + rng.randint(0, 5)
        decline = Decline(start=start, low=low, end=min(DAYS - 1, plateau_end + rng.randint(10, 25)))
        depth = rng.uniform(*cell["depth"])
        if rng.random() < cell["burst"]:
            # A run of missed check-ins in the second half of the slide.
            first = rng.randint((start + low) // 2, low)
            absent.update(range(first, first + rng.randint(3, 8)))
    person = Person(days=[], declines=[decline] if decline else [])
    carry = 0.0
    for t in range(DAYS):
        day = START + datetime.timedelta(days=t)
        weekend = day.weekday() >= 5
        f = _decline_fraction(t, decline, plateau_end)
        spell = hard.get(t, 0.0)
        carry = 0.3 * carry + rng.gauss(0, noise)
        latent = mean + (0.35 if weekend and not flat else 0.0) - depth * f - spell + carry
        energy = latent - energy_offset - 0.2 * depth * f + rng.gauss(0, 0.5 if not flat else 0.2)
        sleep = mean - 0.3 - 0.5 * depth * f - 0.5 * spell + rng.gauss(0, 0.7)
        rises = 0.8 * f if cell["exposure_rises"] else 0.0
        exposure = 0 if weekend else _poisson(rng, exposure_rate * (1 + rises) + (1.5 if spell else 0))
        record = Day(day=day)
        # Weekends are skipped half as often again as weekdays, so ``skip`` is the mean share.
        skipped = t in absent or rng.random() < skip * 7 / 8 * ((1.5 if weekend else 1.0) + 0.6 * f)
        if not skipped:
            record.mood = float(_clip(round(latent)))
            record.energy = float(_clip(round(energy)))
            record.sleep = float(_clip(round(sleep)))
            record.exposure = float(exposure)
        if writes and t not in absent and rng.random() < writes * (1 - 0.3 * f):
            text = _entry_text(rng, pool, f, spell > 0)
            add_entry_signals(record, [entry_signals(text)])
        person.days.append(record)
    return person


def _clip(value: int) -> int:
    return max(1, min(5, value))


# --- simple rules to beat -------------------------------------------------------------------


def rule_last_low(person: Person, *, low: float = 2, last: int = 1) -> list[bool]:
    """Raised while the last ``last`` check-ins (the latest within three days) are all ≤ ``low``."""
    raised, moods, last_seen = [], [], -99
    for t, day in enumerate(person.days):
        if day.mood is not None:
            moods.append(day.mood)
            last_seen = t
        raised.append(len(moods) >= last and t - last_seen <= 3 and max(moods[-last:]) <= low)
    return raised


def rule_k_of_n(person: Person, *, k: int, n: int, below: float) -> list[bool]:
    """Raised when ``k`` of the last ``n`` days' check-ins are ``below`` points under the median
    of the 28 days before the last week."""
    raised = []
    moods = [day.mood for day in person.days]
    for t in range(len(moods)):
        usual = [m for m in moods[max(0, t - 34) : max(0, t - 6)] if m is not None]
        recent = [m for m in moods[max(0, t - n + 1) : t + 1] if m is not None]
        if len(usual) < 10:
            raised.append(False)
            continue
        median = statistics.median(usual)
        raised.append(sum(1 for m in recent if m <= median - below) >= k)
    return raised


def rule_mean_drop(person: Person, *, drop: float, days: int = 7) -> list[bool]:
    """Raised when the mean of the last ``days`` days' check-ins (at least 3) is ``drop`` points
    below the mean of the 28 days before them."""
    raised = []
    moods = [day.mood for day in person.days]
    for t in range(len(moods)):
        usual = [m for m in moods[max(0, t - days - 27) : max(0, t - days + 1)] if m is not None]
        recent = [m for m in moods[max(0, t - days + 1) : t + 1] if m is not None]
        if len(usual) < 10 or len(recent) < 3:
            raised.append(False)
            continue
        raised.append(statistics.fmean(recent) <= statistics.fmean(usual) - drop)
    return raised


SIMPLE_RULES = {
    "last mood <= 2": lambda p: rule_last_low(p, low=2, last=1),
    "last two moods <= 2": lambda p: rule_last_low(p, low=2, last=2),
    "last three moods <= 2": lambda p: rule_last_low(p, low=2, last=3),
    **{
        f"{k} of last {n} days >= {below:g} below median": (
            lambda p, k=k, n=n, below=below: rule_k_of_n(p, k=k, n=n, below=below)
        )
        for k, n in ((3, 5), (4, 7), (5, 8))
        for below in (1.0, 2.0)
    },
    **{
        f"week mean {drop:g} below usual": (lambda p, drop=drop: rule_mean_drop(p, drop=drop))
        for drop in (0.6, 0.8, 1.0, 1.2)
    },
}


# --- scoring ---------------------------------------------------------------------------------


def system_assessments(person: Person, sensitivity: str = "normal") -> list:
    """The level of every day from the data up to that day, as the nightly run computes it."""
    return [
        assessment_for(person.days[: t + 1], sensitivity=sensitivity) if t >= FIRST_EVALUATED else None
        for t in range(len(person.days))
    ]


def system_levels(person: Person, sensitivity: str = "normal") -> list[bool]:
    return [bool(a and a.raised) for a in system_assessments(person, sensitivity)]


def reason_days(people: list[Person], assessments: list[list]) -> dict[str, list[int]]:
    """For each reason: on how many days it was given in the 21 days up to a low point, and on
    how many days outside every decline's window; the last key holds both days counted."""
    tally: dict[str, list[int]] = {"_days": [0, 0]}
    for person, days in zip(people, assessments, strict=True):
        for t in range(FIRST_EVALUATED, len(days)):
            near = any(d.low - 21 <= t <= d.low for d in person.declines)
            if not near and any(d.start - 7 <= t <= d.end for d in person.declines):
                continue
            slot = 0 if near else 1
            tally["_days"][slot] += 1
            for reason in days[t].reasons:
                tally.setdefault(reason.key, [0, 0])[slot] += 1
    return tally


def counts(people: list[Person], levels: list[list[bool]]) -> dict:
    detected, leads, false_alarms, total_declines, evaluated_days = 0, [], 0, 0, 0
    for person, raised in zip(people, levels, strict=True):
        evaluated_days += len(raised) - FIRST_EVALUATED
        for decline in person.declines:
            total_declines += 1
            window = range(max(FIRST_EVALUATED, decline.low - 21), decline.low + 1)
            first = next((t for t in window if raised[t]), None)
            if first is not None:
                detected += 1
                leads.append(decline.low - first)
        for t in range(FIRST_EVALUATED, len(raised)):
            onset = raised[t] and not raised[t - 1]
            if onset and not any(d.start - 7 <= t <= d.end for d in person.declines):
                false_alarms += 1
    return {
        "detected": detected,
        "declines": total_declines,
        "false_alarms": false_alarms,
        "person_months": evaluated_days / 30.44,
        "leads": leads,
    }


def _merge(parts: list[dict]) -> dict:
    return {
        "detected": sum(p["detected"] for p in parts),
        "declines": sum(p["declines"] for p in parts),
        "false_alarms": sum(p["false_alarms"] for p in parts),
        "person_months": sum(p["person_months"] for p in parts),
        "leads": [lead for p in parts for lead in p["leads"]],
    }


def figures(c: dict) -> dict:
    return {
        "recall": round(c["detected"] / c["declines"], 3) if c["declines"] else None,
        "false_alarms_per_person_month": round(c["false_alarms"] / c["person_months"], 3),
        "median_lead_days": statistics.median(c["leads"]) if c["leads"] else None,
        "declines": c["declines"],
    }


def run_cell_seed(task: tuple[int, dict, int, int, str]) -> tuple[int, int, dict]:
    """One cell for one seed: the engine's counts and every simple rule's."""
    index, overrides, seed, people, half = task
    cell = cell_params(overrides)
    # Seeded by the cell's own settings, so a cell holds the same people in any sweep.
    rng = random.Random(f"{seed}-{json.dumps(_describe(overrides), sort_keys=True)}")
    cohort = [simulate_person(rng, declines=n % 2 == 0, cell=cell, half=half) for n in range(people)]
    assessments = [system_assessments(p) for p in cohort]
    result = {"engine": counts(cohort, [[bool(a and a.raised) for a in days] for days in assessments])}
    result["_reasons"] = reason_days(cohort, assessments)
    for name, rule in SIMPLE_RULES.items():
        result[name] = counts(cohort, [rule(p) for p in cohort])
    return index, seed, result


def _describe(overrides: dict) -> dict:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in overrides.items()} or {
        "base": True
    }


def evaluate(sweep: list[dict], seeds: tuple[int, ...], people: int, half: str, processes: int = 2) -> dict:
    """Recall, false alarms and lead for every cell of the sweep, the worst cell and the
    strongest simple rules, over ``seeds`` (drawing sentences from ``half``)."""
    tasks = [
        (index, overrides, seed, people, half) for index, overrides in enumerate(sweep) for seed in seeds
    ]
    if processes > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.map(run_cell_seed, tasks, chunksize=1)
    else:
        results = [run_cell_seed(task) for task in tasks]
    by_cell: dict[int, list[dict]] = {}
    for index, _seed, result in results:
        by_cell.setdefault(index, []).append(result)
    reasons: dict[str, list[int]] = {}
    for _index, _seed, result in results:
        for key, (near, elsewhere) in result.pop("_reasons").items():
            reasons.setdefault(key, [0, 0])
            reasons[key][0] += near
            reasons[key][1] += elsewhere
    cells = []
    for index, overrides in enumerate(sweep):
        merged = {name: _merge([r[name] for r in by_cell[index]]) for name in ["engine", *SIMPLE_RULES]}
        engine = figures(merged["engine"])
        # The strongest simple rule here at a false-alarm rate no higher than the engine's.
        rivals = [
            (name, figures(merged[name]))
            for name in SIMPLE_RULES
            if figures(merged[name])["false_alarms_per_person_month"]
            <= engine["false_alarms_per_person_month"]
        ]
        best = max(rivals, key=lambda item: item[1]["recall"] or 0, default=None)
        cells.append(
            {
                "cell": _describe(overrides),
                **engine,
                "best_simple_rule_at_same_false_alarms": (
                    {
                        "rule": best[0],
                        **best[1],
                        "engine_ahead": (engine["recall"] or 0) > (best[1]["recall"] or 0),
                    }
                    if best
                    else None
                ),
                "_merged": merged,
            }
        )
    return {**_summary(cells), "reason_reliability": _reliability(reasons)}


def _reliability(reasons: dict[str, list[int]]) -> dict:
    """Share of days each reason was given near a decline's low point and elsewhere, and their
    ratio: how much more likely a decline is when it is given (the points follow this)."""
    near_days, other_days = reasons.pop("_days")
    table = {}
    for key, (near, elsewhere) in sorted(reasons.items()):
        near_rate, other_rate = near / max(1, near_days), elsewhere / max(1, other_days)
        table[key] = {
            "near_low": round(near_rate, 3),
            "elsewhere": round(other_rate, 4),
            "ratio": round(near_rate / other_rate, 1) if other_rate else None,
        }
    return table


def _median_cell(cells: list[dict], key: str = "engine") -> dict:
    chosen = [figures(c["_merged"][key]) for c in cells]
    return {
        "recall": round(statistics.median(c["recall"] or 0 for c in chosen), 3),
        "false_alarms_per_person_month": round(
            statistics.median(c["false_alarms_per_person_month"] for c in chosen), 3
        ),
        "median_lead_days": statistics.median(c["median_lead_days"] or 0 for c in chosen),
        "min_cell_median_lead_days": min(c["median_lead_days"] or 0 for c in chosen),
    }


def _summary(cells: list[dict]) -> dict:
    worst = min(cells, key=lambda c: (c["recall"] or 0, -c["false_alarms_per_person_month"]))
    worst_fa = max(cells, key=lambda c: c["false_alarms_per_person_month"])
    median = _median_cell(cells)
    # The strongest single simple rule over the whole sweep: the best median-cell recall among
    # rules whose median-cell false alarms are no higher than the engine's.
    rules = {name: _median_cell(cells, name) for name in SIMPLE_RULES}
    fair = {
        name: f
        for name, f in rules.items()
        if f["false_alarms_per_person_month"] <= median["false_alarms_per_person_month"]
    }
    best_name = max(fair or rules, key=lambda name: (fair or rules)[name]["recall"])
    best_worst = min(figures(c["_merged"][best_name])["recall"] or 0 for c in cells)
    for cell in cells:
        del cell["_merged"]
    return {
        "median_cell": median,
        "worst_cell": {
            key: worst[key] for key in ("recall", "false_alarms_per_person_month", "median_lead_days", "cell")
        },
        "most_false_alarms_cell": {
            key: worst_fa[key] for key in ("recall", "false_alarms_per_person_month", "cell")
        },
        "best_simple_rule": {"rule": best_name, **rules[best_name], "worst_cell_recall": best_worst},
        "engine_ahead_in_every_cell": all(
            c["best_simple_rule_at_same_false_alarms"] is None
            or c["best_simple_rule_at_same_false_alarms"]["engine_ahead"]
            for c in cells
        ),
        "cells": cells,
    }


def timing_two_years() -> dict:
    rng = random.Random(7)
    days: list[Day] = []
    for _ in range(5):
        days.extend(simulate_person(rng, declines=True, cell=BASE_CELL, half="development").days)
    days = days[:730]
    from insights.engine import insights_from_days

    timings = []
    for _ in range(20):
        began = time.perf_counter()
        insights_from_days(days, sensitivity="normal")
        timings.append(time.perf_counter() - began)
    return {"two_years_compute_ms_median": round(statistics.median(timings) * 1000, 2)}


def _bulk_history(user, days: int, rng: random.Random, *, entries_every: int = 0) -> None:
    from insights.models import EntrySignal
    from journals.content_types import EntryContent
    from journals.models import Entry
    from journals.services import encrypt_content
    from wellbeing.dates import local_today
    from wellbeing.models import CheckIn

    today = local_today(user)
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                user=user,
                day=today - datetime.timedelta(days=n),
                mood=rng.choice([3, 4, 4, 5]),
                energy=rng.choice([3, 4, 4]),
                sleep=rng.choice([2, 3, 4]),
                exposure=rng.choice([0, 1, 2, 3]),
            )
            for n in range(days)
            if rng.random() > 0.15
        ]
    )
    if not entries_every:
        return
    from django.utils import timezone

    entries = []
    for n in range(0, days, entries_every):
        entry = Entry(user=user, created_at=timezone.now() - datetime.timedelta(days=n))
        entry.content = encrypt_content(
            user, EntryContent(body="Tired after a heavy day."), context=entry.crypto_context
        )
        entries.append(entry)
    Entry.objects.bulk_create(entries)
    EntrySignal.objects.bulk_create(
        [
            EntrySignal(
                entry=e,
                user=user,
                day=e.created_at.date(),
                version=1,
                sentiment=-0.2,
                themes={"exhaustion": 1.0},
            )
            for e in entries
        ]
    )


def db_bench(users: int, chunk: int) -> dict:
    with own_stores():
        return _db_figures(users, chunk)


def _db_figures(users: int, chunk: int) -> dict:
    from accounts.models import User
    from insights.selectors import active_user_ids, personal_insights
    from insights.tasks import recompute_chunk

    rng = random.Random(3)
    person = User.objects.create_user(
        "bench-two-years@example.org", "bench-password-123", display_name="Bench"
    )
    _bulk_history(person, 730, rng, entries_every=2)
    personal_insights(person)
    timings = []
    for _ in range(30):
        began = time.perf_counter()
        personal_insights(person)
        timings.append(time.perf_counter() - began)
    User.objects.bulk_create(
        [
            User(email=f"bench{n}@example.org", display_name=f"Bench {n}", password="!")
            for n in range(users - 1)
        ]
    )
    for other in User.objects.exclude(pk=person.pk).order_by("pk"):
        _bulk_history(other, 40, rng)
    ids = active_user_ids()
    began = time.perf_counter()
    for start in range(0, len(ids), chunk):
        recompute_chunk(ids[start : start + chunk])
    nightly = time.perf_counter() - began
    return {
        "one_person_two_years_db_ms_median": round(statistics.median(timings) * 1000, 2),
        "one_person_two_years_db_ms_p95": round(sorted(timings)[int(0.95 * len(timings)) - 1] * 1000, 2),
        "nightly_people": len(ids),
        "nightly_chunk_size": chunk,
        "nightly_seconds_one_process": round(nightly, 1),
        "nightly_ms_per_person": round(nightly / len(ids) * 1000, 2),
    }


def write_figures(held_out: dict, cells: int, people: int) -> None:
    from insights.evaluation import FIGURES_FILE

    figures = {
        "about": "Written by bench/insights_eval.py --write-figures from its held-out seeds: simulated people only.",
        "cells": cells,
        "people_per_cell_and_seed": people,
        "seeds": held_out["seeds"],
        "median_cell": held_out["median_cell"],
        "worst_cell": held_out["worst_cell"],
    }
    FIGURES_FILE.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _seeds(text: str) -> tuple[int, ...]:
    return tuple(int(s) for s in text.split(",") if s)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev-seeds", default=",".join(map(str, DEV_SEEDS)))
    parser.add_argument("--held-out-seeds", default=",".join(map(str, HELD_OUT_SEEDS)))
    parser.add_argument("--people", type=int, default=40, help="people per cell and seed (half decline)")
    parser.add_argument("--cells", default="", help="comma-separated cell numbers (default: all)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--brief", action="store_true", help="leave the per-cell list out")
    parser.add_argument(
        "--write-figures", action="store_true", help="write the held-out figures the insights page quotes"
    )
    parser.add_argument("--db", action="store_true")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=250)
    args = parser.parse_args()
    if args.db:
        print(json.dumps(db_bench(args.users, args.chunk)))
        return
    began = time.perf_counter()
    sweep = [SWEEP[int(i)] for i in args.cells.split(",")] if args.cells else SWEEP
    output: dict = {}
    for half, seeds in (("development", _seeds(args.dev_seeds)), ("held_out", _seeds(args.held_out_seeds))):
        if seeds:
            output[half] = {"seeds": list(seeds), **evaluate(sweep, seeds, args.people, half, args.processes)}
    reported = output.get("held_out") or output["development"]
    summary = {
        "reported_on": "held_out" if "held_out" in output else "development",
        "people_per_cell_and_seed": args.people,
        **{key: reported[key] for key in ("median_cell", "worst_cell", "best_simple_rule", "cells")},
        **output,
        **timing_two_years(),
        "seconds": round(time.perf_counter() - began, 1),
    }
    if args.write_figures and "held_out" in output:
        write_figures(output["held_out"], len(sweep), args.people)
    if args.brief:
        for half in output.values():
            half.pop("cells")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
