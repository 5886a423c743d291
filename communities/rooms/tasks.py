from celery import shared_task

from communities.rooms.services import chat_purge_expired


@shared_task(name="communities.purge_expired_chat")
def purge_expired_chat() -> int:
    """Delete chat messages past their room's retention; run by beat every quarter hour."""
    return chat_purge_expired()
