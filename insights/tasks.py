"""Nightly recomputation: thin adapters over a selector and a service, in chunks of people."""

from celery import shared_task

from insights.selectors import active_user_ids
from insights.services import levels_recompute

CHUNK_SIZE = 250


@shared_task(name="insights.recompute_all")
def recompute_all(chunk_size: int = CHUNK_SIZE) -> int:
    """Split active people into chunks, each its own task, so workers share the night's work."""
    ids = active_user_ids()
    for start in range(0, len(ids), chunk_size):
        recompute_chunk.delay(ids[start : start + chunk_size])
    return len(ids)


@shared_task(name="insights.recompute_chunk")
def recompute_chunk(user_ids: list[int]) -> int:
    return levels_recompute(user_ids=user_ids)
