"""Journal benchmark on PostgreSQL: one person with 2 000 entries.

Times, in one run: saving an entry (through the service, encrypted) against the same save
without encryption, the list page, a word search (decrypting every entry on the server, for
that person alone), and the zip export. Prints one JSON line.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zenora .venv/bin/python bench/journal.py

It works in a throwaway database (test_zenora_bench_journal on the same server), created and
dropped here, so no real data is touched.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.harness import own_stores, use_own_stores  # noqa: E402

use_own_stores("journal")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "2000"))
WORDS = [
    "session",
    "client",
    "supervision",
    "tired",
    "heron",
    "river",
    "boundary",
    "sleep",
    "shoulders",
    "jaw",
    "breath",
    "walk",
    "tea",
    "colleague",
    "team",
    "debrief",
    "caseload",
    "weekend",
    "sister",
    "light",
    "evening",
    "morning",
    "grateful",
    "heavy",
    "calm",
    "angry",
    "sad",
    "hopeful",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _median_ms(run, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return _ms(statistics.median(timings))


def bench() -> dict:
    from accounts.models import User
    from journals.content_types import EntryContent, validate_content
    from journals.models import Entry
    from journals.services import encrypt_content, entry_create

    rng = random.Random(4)
    writer = User.objects.create_user("bench-writer@example.org", "bench-password-123", display_name="Bench")
    control = User.objects.create_user(
        "bench-control@example.org", "bench-password-123", display_name="Control"
    )
    now = timezone.now()

    def plain_save(content: EntryContent, created_at) -> None:
        # The service's steps with the encryption left out: the same validation and insert
        # (with no draft id, the service skips its draft cleanup too).
        with transaction.atomic():
            validate_content(content)
            entry = Entry(user=control, created_at=created_at, updated_at=created_at)
            entry.content = content.to_json().encode()
            entry.save(force_insert=True)

    encrypted, plain = [], []
    for i in range(ENTRIES):
        content = EntryContent(
            title=_text(rng, 4), body="\n\n".join(_text(rng, 40) for _ in range(3)),
            tags=rng.sample(WORDS[:8], 2), mood=rng.randint(1, 5), prompt="",
        )  # fmt: skip
        created_at = now - timedelta(hours=i * 8)
        # Interleaved in random order, so drift in the machine's load hits both equally.
        pair = [
            (encrypted, lambda c=content, t=created_at: entry_create(user=writer, content=c, created_at=t)),
            (plain, lambda c=content, t=created_at: plain_save(c, t)),
        ]
        rng.shuffle(pair)
        for timings, save in pair:
            start = time.perf_counter()
            save()
            timings.append(time.perf_counter() - start)

    sample = EntryContent(title="t", body="\n\n".join(_text(rng, 40) for _ in range(3)), tags=["a"])
    start = time.perf_counter()
    for _ in range(1000):
        encrypt_content(writer, sample, context="journal_entry:bench")
    encrypt_us = (time.perf_counter() - start) / 1000 * 1e6
    Entry.objects.filter(user=control).delete()

    client = Client()
    client.force_login(writer)
    client.get("/journal/")  # warm: session bookkeeping, template loading

    def get_ok(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    def export() -> None:
        response = client.post("/journal/export/zip/")
        assert response.status_code == 200
        export.size = len(response.content)

    hits_response = client.get("/journal/?q=heron+supervision")
    return {
        "benchmark": "journal",
        "database": "postgresql",
        "entries": Entry.objects.filter(user=writer).count(),
        "save_ms": _ms(statistics.mean(encrypted)),
        "save_plain_ms": _ms(statistics.mean(plain)),
        "encrypt_overhead": round(statistics.mean(encrypted) / statistics.mean(plain), 3),
        "encrypt_us_per_entry": round(encrypt_us, 1),
        "list_ms": _median_ms(lambda: get_ok("/journal/"), 15),
        "search_ms": _median_ms(lambda: get_ok("/journal/?q=heron+supervision"), 7),
        "search_found_any": b"found" in hits_response.content,
        "tag_mood_date_search_ms": _median_ms(
            lambda: get_ok(f"/journal/?tag=sleep&mood=3&date_from={(now - timedelta(days=365)).date()}"), 7
        ),
        "export_ms": _median_ms(export, 3),
        "export_zip_bytes": export.size,
    }


def main() -> None:
    with own_stores():
        result = bench()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
