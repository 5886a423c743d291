"""Evaluation of the early warning (insights/warning.py) on simulated people, run as it runs live.

The simulation (documented so the figures can be judged):

* Each person has 180 days. Their mood is a latent daily value around a personal mean
  (3.2–4.2 on the 1–5 scale) with personal day-to-day noise (sd 0.45–0.85), some carry-over
  from the day before (AR(1), φ = 0.3), and a weekly rhythm (weekends about a third of a point
  better, no trauma-heavy sessions at weekends). Energy follows mood with its own noise; sleep
  loosely so. The recorded check-in is the latent value rounded and clipped to 1–5.
* Gaps: each person skips 5–30% of days (more at weekends), and has up to two absences of
  4–10 days (leave, illness). Nothing is filled in.
* Everyone has up to two short hard spells (2–4 days, a point or so lower, more exposure):
  ordinary bad weeks that are not a decline, and the main source of false alarms.
* Half the people drift into a decline: starting between day 50 and day 130, mood slides over
  14–35 days to a low point 0.9–1.8 points below their mean, stays there 0–5 days and recovers
  over 10–25 days. During it, energy and sleep fall, trauma exposure rises by up to 80%, and
  people check in less often (up to 15 percentage points more skipped days).
* Journal entries: a person writes on 10–50% of days. An entry mentions one of the five signs
  with probability 12% normally, rising to 62% at the low point; mentions protective factors
  about 0.9 times per entry normally, 40% less at the low point; its sentiment is centred on
  +0.1, falling to −0.4 at the low point (sd 0.35).

Counting, as the live system would see it: from day 35 (when a baseline first exists) the
level is computed each day from the data up to that day only. A decline is detected when
"watch" or higher is first raised in the 21 days up to and including its low point; the lead
time is the low point's day minus that day. A raise (an onset from steady, not each day it
stays raised) outside every decline's window (7 days before its start to its end) is a false
alarm, counted per person-month of days evaluated. The naive baseline raises "watch" while the
last check-in (within three days) has a mood of 2 or lower; a stricter one ("naive_strict")
while the last two check-ins both do, for a comparison at a similar false-alarm rate.

    .venv/bin/python bench/insights_eval.py [--seeds 1,2,3,4,5] [--people 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zenora .venv/bin/python bench/insights_eval.py --db

Prints one JSON line per seed and a final line with the spread across seeds. Also times the
level computation for one person with two years of daily data. With ``--db`` it instead works
in a throwaway PostgreSQL database (test_zenora_bench_insights, created and dropped here):
the whole read-and-compute of one person's insights with two years of check-ins and entries,
and the nightly recomputation for ``--users`` people (10 000 by default) run chunk by chunk
through the Celery task functions, in this process.
"""

import argparse
import datetime
import json
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.harness import own_stores, use_own_stores  # noqa: E402

use_own_stores("insights")

import django  # noqa: E402

django.setup()

from insights.warning import HISTORY_NEEDED, Day, assess  # noqa: E402

DAYS = 180
FIRST_EVALUATED = HISTORY_NEEDED
SIGNS = ["exhaustion", "hypervigilance", "numbness", "hopelessness", "intrusive-thoughts"]
START = datetime.date(2025, 1, 6)  # a Monday


@dataclass
class Decline:
    start: int
    low: int
    end: int


@dataclass
class Person:
    days: list[Day]
    declines: list[Decline] = field(default_factory=list)


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


def simulate_person(rng: random.Random, *, declines: bool) -> Person:
    mean = rng.uniform(3.2, 4.2)
    noise = rng.uniform(0.45, 0.85)
    energy_offset = rng.uniform(0.0, 0.4)
    exposure_rate = rng.uniform(0.5, 2.0)
    skip = rng.uniform(0.05, 0.3)
    writes = rng.uniform(0.1, 0.5)
    absent: set[int] = set()
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
        start = rng.randint(50, 130)
        low = start + rng.randint(14, 35)
        plateau_end = low + rng.randint(0, 5)
        decline = Decline(start=start, low=low, end=min(DAYS - 1, plateau_end + rng.randint(10, 25)))
        depth = rng.uniform(0.9, 1.8)
    person = Person(days=[], declines=[decline] if decline else [])
    carry = 0.0
    for t in range(DAYS):
        day = START + datetime.timedelta(days=t)
        weekend = day.weekday() >= 5
        f = _decline_fraction(t, decline, plateau_end)
        spell = hard.get(t, 0.0)
        carry = 0.3 * carry + rng.gauss(0, noise)
        latent = mean + (0.35 if weekend else 0.0) - depth * f - spell + carry
        energy = latent - energy_offset - 0.2 * depth * f + rng.gauss(0, 0.5)
        sleep = mean - 0.3 - 0.5 * depth * f - 0.5 * spell + rng.gauss(0, 0.7)
        exposure = 0 if weekend else _poisson(rng, exposure_rate * (1 + 0.8 * f) + (1.5 if spell else 0))
        record = Day(day=day)
        skipped = t in absent or rng.random() < skip * (1.5 if weekend else 1.0) + 0.15 * f
        if not skipped:
            record.mood = float(_clip(round(latent)))
            record.energy = float(_clip(round(energy)))
            record.sleep = float(_clip(round(sleep)))
            record.exposure = float(exposure)
        if t not in absent and rng.random() < writes:
            _write_entry(rng, record, f, spell)
        person.days.append(record)
    return person


def _write_entry(rng: random.Random, record: Day, f: float, spell: float) -> None:
    record.entries = 1
    if rng.random() < 0.12 + 0.5 * f + (0.2 if spell else 0.0):
        slug = rng.choice(SIGNS)
        record.sign_weights = {slug: rng.choice([1.0, 1.0, 1.5, 2.0])}
        record.entries_with_signs = 1
    record.protective = float(_poisson(rng, 0.9 * (1 - 0.4 * f)))
    record.sentiment = max(-1.0, min(1.0, rng.gauss(0.1 - 0.5 * f - 0.2 * (spell > 0), 0.35)))


def _clip(value: int) -> int:
    return max(1, min(5, value))


def naive_levels(person: Person) -> list[bool]:
    raised, last_mood, last_seen = [], None, -99
    for t, day in enumerate(person.days):
        if day.mood is not None:
            last_mood, last_seen = day.mood, t
        raised.append(last_mood is not None and t - last_seen <= 3 and last_mood <= 2)
    return raised


def naive_strict_levels(person: Person) -> list[bool]:
    """A stricter threshold, for a comparison at a similar false-alarm rate: the last two check-ins ≤ 2."""
    raised, moods, last_seen = [], [], -99
    for t, day in enumerate(person.days):
        if day.mood is not None:
            moods.append(day.mood)
            last_seen = t
        raised.append(len(moods) >= 2 and t - last_seen <= 3 and max(moods[-2:]) <= 2)
    return raised


def system_levels(person: Person, sensitivity: str) -> list[bool]:
    raised = []
    for t in range(len(person.days)):
        window = person.days[max(0, t - HISTORY_NEEDED) : t + 1]
        raised.append(assess(window, sensitivity=sensitivity).raised)
    return raised


def score(people: list[Person], levels: list[list[bool]]) -> dict:
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
    person_months = evaluated_days / 30.44
    return {
        "recall": round(detected / total_declines, 3) if total_declines else None,
        "false_alarms_per_person_month": round(false_alarms / person_months, 3),
        "median_lead_days": statistics.median(leads) if leads else None,
        "declines": total_declines,
    }


def timing_two_years() -> dict:
    rng = random.Random(7)
    days = []
    for _ in range(4):
        days.extend(simulate_person(rng, declines=True).days)
    days = days[:730]
    from insights.engine import insights_from_days

    timings = []
    for _ in range(20):
        began = time.perf_counter()
        insights_from_days(days, sensitivity="normal")
        timings.append(time.perf_counter() - began)
    return {"two_years_compute_ms_median": round(statistics.median(timings) * 1000, 2)}


def run_seed(seed: int, people: int, sensitivity: str) -> dict:
    rng = random.Random(seed)
    cohort = [simulate_person(rng, declines=index % 2 == 0) for index in range(people)]
    system = score(cohort, [system_levels(person, sensitivity) for person in cohort])
    naive = score(cohort, [naive_levels(person) for person in cohort])
    strict = score(cohort, [naive_strict_levels(person) for person in cohort])
    return {
        "seed": seed,
        "people": people,
        "sensitivity": sensitivity,
        "system": system,
        "naive": naive,
        "naive_strict": strict,
    }


def _spread(results: list[dict], who: str, key: str) -> dict:
    values = [r[who][key] for r in results if r[who][key] is not None]
    return {"mean": round(statistics.fmean(values), 3), "min": min(values), "max": max(values)}


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--sensitivity", default="normal")
    parser.add_argument("--db", action="store_true")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=250)
    args = parser.parse_args()
    if args.db:
        print(json.dumps(db_bench(args.users, args.chunk)))
        return
    results = []
    for seed in (int(s) for s in args.seeds.split(",")):
        result = run_seed(seed, args.people, args.sensitivity)
        results.append(result)
        print(json.dumps(result))
    summary = {"seeds": len(results), "sensitivity": args.sensitivity}
    for who in ("system", "naive", "naive_strict"):
        summary[who] = {
            key: _spread(results, who, key)
            for key in ("recall", "false_alarms_per_person_month", "median_lead_days")
        }
    summary.update(timing_two_years())
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
