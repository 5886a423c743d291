"""Forum benchmark on PostgreSQL: seed 50 groups x 200 threads x 30 posts, then time pages.

Times the thread page (30 posts), a group's home page and a search through Django's test
client, and a trivial view in the same run, then prints one JSON line: medians in ms and
each page's ratio to the trivial view.

    .venv/bin/python bench/forum.py

BENCH_SCALE=0.1 seeds a tenth of the threads for a quick run. Seeding uses bulk inserts into
a throwaway database, with Redis keys of its own; both are gone afterwards (bench/harness.py).
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import own_stores, use_own_stores  # noqa: E402

use_own_stores("forum")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from communities.models import Community, Membership, Post, Reaction, Thread  # noqa: E402
from config.urls import urlpatterns as zenora_urlpatterns  # noqa: E402
from zenora.markdown import render_markdown  # noqa: E402

COMMUNITIES = 50
THREADS = max(1, int(200 * float(os.environ.get("BENCH_SCALE", "1"))))
POSTS = 30
MEMBERS = 20
RUNS = int(os.environ.get("BENCH_RUNS", "60"))
RARE_WORD = "lighthouse"
WORDS = [
    "shift",
    "client",
    "session",
    "supervision",
    "tired",
    "heavy",
    "grateful",
    "team",
    "listen",
    "breathe",
    "walk",
    "sleep",
    "story",
    "trauma",
    "debrief",
    "boundary",
    "rest",
    "coffee",
    "colleague",
    "week",
    "night",
    "morning",
    "hope",
]


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [*zenora_urlpatterns, path("bench-trivial/", trivial)]


def body(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(40)]
    if n % 97 == 0:
        words[rng.randrange(40)] = RARE_WORD
    return "**" + " ".join(words[:6]) + "** " + " ".join(words[6:]) + "\n\n> a quoted line"


@transaction.atomic
def seed() -> None:
    rng = random.Random(7)
    users = User.objects.bulk_create(
        [
            User(email=f"bench{n}@bench.example", display_name=f"Bench {n}", password="!")
            for n in range(MEMBERS)
        ]
    )
    communities = Community.objects.bulk_create(
        [
            Community(
                name=f"Bench group {c}",
                slug=f"bench-{c}",
                guidelines="Be kind.",
                guidelines_html="<p>Be kind.</p>",
            )
            for c in range(COMMUNITIES)
        ]
    )
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(
                community=c,
                user=u,
                role=Membership.Role.OWNER if i == 0 else Membership.Role.MEMBER,
                joined_at=now,
                guidelines_accepted_version=1,
            )
            for c in communities
            for i, u in enumerate(users)
        ]
    )
    html_cache: dict[str, str] = {}
    n = 0
    for community in communities:
        threads = Thread.objects.bulk_create(
            [
                Thread(
                    community=community,
                    author=users[t % MEMBERS],
                    title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {t}",
                    post_count=POSTS,
                    last_post_at=now - timezone.timedelta(minutes=t),
                    last_post_author=users[(t + 1) % MEMBERS],
                    is_pinned=t < 2,
                )
                for t in range(THREADS)
            ]
        )
        posts = []
        for thread in threads:
            for p in range(POSTS):
                n += 1
                text = body(rng, n)
                html = html_cache.get(text) or html_cache.setdefault(text, render_markdown(text))
                posts.append(
                    Post(
                        thread=thread,
                        author=users[(p + thread.pk) % MEMBERS],
                        position=p + 1,
                        body=text,
                        html=html,
                    )
                )
        created = Post.objects.bulk_create(posts, batch_size=5000)
        Reaction.objects.bulk_create(
            [Reaction(post=post, user=users[k], kind="support") for post in created[::3] for k in range(2)],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        # The same vector the services store: title (first posts) weighted above the body.
        cursor.execute(
            """
            UPDATE communities_post p
               SET search_vector =
                   setweight(to_tsvector('english', CASE WHEN p.position = 1 THEN t.title ELSE '' END), 'A')
                   || setweight(to_tsvector('english', p.body), 'B')
              FROM communities_thread t
             WHERE t.id = p.thread_id AND t.community_id IN (SELECT id FROM communities_community WHERE slug LIKE 'bench-%%')
            """
        )
        cursor.execute("ANALYZE")


def median_ms(client: Client, url: str) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the Python side, without the database)."""
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, url
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    with own_stores():
        result = measure_pages()
    print(json.dumps(result))


def measure_pages() -> dict:
    if connection.vendor != "postgresql":
        sys.exit("bench/forum.py runs on PostgreSQL: set DATABASE_URL.")
    started = time.perf_counter()
    seed()
    seeded_s = time.perf_counter() - started
    reader = User.objects.get(email="bench1@bench.example")
    community = Community.objects.get(slug="bench-0")
    thread = Thread.objects.filter(community=community, is_pinned=False).order_by("pk").first()
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(reader)
        pages = {
            "trivial": "/bench-trivial/",
            "thread": f"/groups/{community.slug}/threads/{thread.pk}/",
            "community_home": f"/groups/{community.slug}/",
            "search": f"/groups/search/?q={RARE_WORD}",
        }
        measured = {name: median_ms(client, url) for name, url in pages.items()}
    medians = {name: wall for name, (wall, _) in measured.items()}
    return {
        "bench": "forum",
        "communities": COMMUNITIES,
        "threads_per_community": THREADS,
        "posts_per_thread": POSTS,
        "posts": Post.objects.filter(thread__community__slug__startswith="bench-").count(),
        "runs": RUNS,
        "seed_s": round(seeded_s, 1),
        "median_ms": {name: round(ms, 2) for name, ms in medians.items()},
        # CPU time of the Python process alone: steadier than wall time on a busy machine.
        "cpu_median_ms": {name: round(cpu, 2) for name, (_, cpu) in measured.items()},
        "load_average_1m": round(os.getloadavg()[0], 2),
        "ratio_to_trivial": {
            name: round(ms / medians["trivial"], 1) for name, ms in medians.items() if name != "trivial"
        },
        "thread_target_ms": 25,
        "thread_under_target": medians["thread"] < 25,
    }


if __name__ == "__main__":
    main()
