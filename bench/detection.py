"""Crisis detector and confidentiality guard, measured on the evaluation sentences.

Prints one JSON line:

    {"held_out": {"crisis": {"recall", "false_alarm_rate"}, "guard": {"recall", "false_alarm_rate"}},
     "development": {...}, "per_path": {...}, "per_category": {...}, "median_ms": ...}

recall is personal-crisis sentences classified personal; false_alarm_rate is every other sentence
classified personal (guard: identifying sentences found / de-identified sentences flagged; a
national number must be reported as its own kind, not as a phone). ``per_path`` sends each
held-out crisis sentence through the real services on a throwaway database — the journal's
draft save, a new thread, a reply, an edit and a chat message — and reads back what each one
decided; ``paths_agree`` says whether all of them decided the same on every sentence.
``median_ms`` is ``classify`` + ``find_identifiers`` on one 500-character message.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zenora .venv/bin/python bench/detection.py

BENCH_PATHS=0 skips the services (figures from the functions alone, no database).
"""

import json
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.harness import own_stores, use_own_stores  # noqa: E402

use_own_stores("detection")

import django  # noqa: E402

django.setup()

from zenora.crisis import classify  # noqa: E402
from zenora.textchecks import find_identifiers  # noqa: E402

DATA = ROOT / "tests" / "data" / "detection"
NATIONAL = ("ssn", "nhs_number", "sin", "medicare")


def rows(name: str) -> list[dict]:
    return [
        json.loads(line)
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def crisis_figures(sentences: list[dict], decide=lambda text: classify(text).is_personal) -> dict:
    personal = [r for r in sentences if r["label"] == "personal_crisis"]
    other = [r for r in sentences if r["label"] != "personal_crisis"]
    return {
        "recall": rate(sum(decide(r["text"]) for r in personal), len(personal)),
        "false_alarm_rate": rate(sum(decide(r["text"]) for r in other), len(other)),
    }


def guard_caught(row: dict) -> bool:
    found = find_identifiers(row["text"])
    if row["kind"] in NATIONAL:
        return any(f.kind == row["kind"] for f in found)
    return bool(found)


def guard_figures(sentences: list[dict]) -> dict:
    identifying = [r for r in sentences if r["label"] == "identifying"]
    other = [r for r in sentences if r["label"] != "identifying"]
    return {
        "recall": rate(sum(guard_caught(r) for r in identifying), len(identifying)),
        "false_alarm_rate": rate(sum(bool(find_identifiers(r["text"])) for r in other), len(other)),
    }


def per_category(sentences: list[dict]) -> dict:
    total, personal = Counter(), Counter()
    for r in sentences:
        total[r["category"]] += 1
        personal[r["category"]] += classify(r["text"]).is_personal
    return {c: {"n": total[c], "classified_personal": rate(personal[c], total[c])} for c in sorted(total)}


def median_ms() -> float:
    message = (
        "long day on the ward, my 3pm cancelled and then a hard call with a family about their son, "
        "I kept it together in the meeting but honestly I'm so tired of all of it and I don't know "
        "who to talk to. Supervision got moved to Thursday again and the audit is due Friday. "
        "Thinking I might take a proper break soon, maybe the coast, maybe just sleep for a weekend. "
        "Anyway, thanks everyone for the messages yesterday, it helped more than you know. x"
    )[:500]
    times = []
    for i in range(400):
        text = message[: 499 - (i % 7)] + str(i % 10)  # not the same string twice in a row
        start = time.perf_counter()
        classify(text)
        find_identifiers(text)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 3)


def per_path(sentences: list[dict]) -> dict:
    from communities import services as forum
    from communities.rooms.services import chat_message_create, default_room_ensure
    from communities.tests.factories import CommunityFactory, MembershipFactory
    from journals.content_types import EntryContent
    from journals.services import draft_save

    community = CommunityFactory()
    room = default_room_ensure(community=community)
    decided: dict[str, list[bool]] = {p: [] for p in ("journal", "thread", "reply", "edit", "chat")}
    opener = MembershipFactory(community=community).user
    thread = forum.thread_create(author=opener, community=community, title="Hard week", body="Checking in.")
    for r in sentences:
        writer = MembershipFactory(community=community).user  # a fresh writer: no rate limit is hit
        text = r["text"]
        decided["journal"].append(
            draft_save(user=writer, draft_id=uuid.uuid4(), content=EntryContent(body=text)).crisis
        )
        made = forum.thread_create(
            author=writer, community=community, title="Today", body=text, confirmed=True
        )
        decided["thread"].append(made.crisis_level == "personal")
        reply = forum.post_create(author=writer, thread=thread, body=text, confirmed=True)
        decided["reply"].append(reply.crisis_level == "personal")
        plain = forum.post_create(author=writer, thread=thread, body="A long day.", confirmed=True)
        edited = forum.post_edit(editor=writer, post=plain, body=text, confirmed=True)
        decided["edit"].append(edited.crisis_level == "personal")
        sent = chat_message_create(author=writer, room=room, body=text, confirmed=True)
        decided["chat"].append(sent.crisis_level == "personal")
    personal = [i for i, r in enumerate(sentences) if r["label"] == "personal_crisis"]
    other = [i for i, r in enumerate(sentences) if r["label"] != "personal_crisis"]
    figures = {
        path: {
            "recall": rate(sum(d[i] for i in personal), len(personal)),
            "false_alarm_rate": rate(sum(d[i] for i in other), len(other)),
        }
        for path, d in decided.items()
    }
    figures["paths_agree"] = all(len({d[i] for d in decided.values()}) == 1 for i in range(len(sentences)))
    return figures


def main() -> None:
    halves = {}
    for half in ("held_out", "development"):
        halves[half] = {
            "crisis": crisis_figures(rows(f"crisis_{half}")),
            "guard": guard_figures(rows(f"guard_{half}")),
        }
    result = {
        **halves,
        "per_category": per_category(rows("crisis_held_out")),
        "median_ms": median_ms(),
    }
    if os.environ.get("BENCH_PATHS", "1") != "0":
        with own_stores():
            result["per_path"] = per_path(rows("crisis_held_out"))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
