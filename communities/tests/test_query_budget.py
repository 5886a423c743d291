"""Pages run the same number of queries with 10 posts and with 500."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import Post, Reaction, Thread
from communities.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# First visits: six of these are the session-tracking bookkeeping of a new browser session.
# One more than before: who wrote anonymously in the thread, so their reactions show no name.
THREAD_PAGE_BUDGET = 18
HOME_BUDGET = 20  # the live rooms with their unread counts (+1), the upcoming debriefs (+1)
SEARCH_BUDGET = 11


def seed(size: int):
    """One group with ``size`` posts spread over threads, reactions from several members."""
    owner = MembershipFactory(role="owner")
    community = owner.community
    members = [MembershipFactory(community=community).user for _ in range(5)]
    thread = services.thread_create(
        author=owner.user, community=community, title="Night shifts", body="Heavy week"
    )
    posts = [
        Post(
            thread=thread,
            author=members[i % 5],
            position=i + 2,
            body=f"Reply {i} about shifts",
            html=f"<p>{i}</p>",
        )
        for i in range(size - 1)
    ]
    Post.objects.bulk_create(posts)
    Thread.objects.filter(pk=thread.pk).update(post_count=size)
    other_threads = [
        Thread(
            community=community,
            author=members[i % 5],
            title=f"Thread {i}",
            post_count=1,
            last_post_at=timezone.now(),
        )
        for i in range(size // 10)
    ]
    Thread.objects.bulk_create(other_threads)
    Reaction.objects.bulk_create(
        [
            Reaction(post=p, user=members[j], kind="support")
            for p in Post.objects.filter(thread=thread)
            for j in range(3)
        ]
    )
    for p in Post.objects.filter(thread=thread):
        services._index_post(p, title="Night shifts" if p.position == 1 else "")
    client = Client()
    client.force_login(owner.user)
    thread.refresh_from_db()
    return client, community, thread


def count_queries(client, url: str) -> int:
    client.get(url)  # warm: first-visit writes (read state, last visit) settle into updates
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("page", "budget"),
    [("thread", THREAD_PAGE_BUDGET), ("home", HOME_BUDGET), ("search", SEARCH_BUDGET)],
)
def test_query_budget_is_the_same_with_10_and_500_posts(page, budget, django_assert_max_num_queries):
    counts = []
    for size in (10, 500):
        client, community, thread = seed(size)
        url = {
            "thread": reverse("communities:thread", args=[community.slug, thread.pk]) + "?page=last",
            "home": reverse("communities:home", args=[community.slug]),
            "search": reverse("communities:search") + "?q=shifts",
        }[page]
        with django_assert_max_num_queries(budget):
            client.get(url)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 10 posts, {counts[1]} with 500"
