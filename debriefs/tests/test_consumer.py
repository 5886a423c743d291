"""Debrief frames reach the room's open sockets through the real Redis layer."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from communities.rooms.tests.test_consumer import drain, frames_until, joined
from debriefs import services

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def _of_type(kind: str):
    return lambda frame: frame.get("type") == kind


async def _schedule(clinic):
    return await sync_to_async(services.session_schedule)(
        actor=clinic.owner,
        community=clinic.community,
        room=clinic.room,
        title="Debrief after Tuesday",
        starts_at=timezone.now() + timedelta(days=1),
        format_key="builtin:peer-debrief",
    )


async def test_phase_frames_reach_every_socket_in_the_room(clinic):
    session = await _schedule(clinic)
    priya = await joined(clinic.room, clinic.owner)
    alex = await joined(clinic.room, clinic.alex)
    await drain(priya)

    session = await sync_to_async(services.session_start)(actor=clinic.owner, session=session)
    for socket in (priya, alex):
        frames = await frames_until(socket, _of_type("debrief.phase"))
        assert {"type": "debrief.started", "session": session.pk} in frames
        assert frames[-1]["index"] == 0
        assert frames[-1]["name"] == "Arrival and ground rules"
        assert frames[-1]["count"] == 6

    session = await sync_to_async(services.phase_advance)(actor=clinic.owner, session=session)
    for socket in (priya, alex):
        phase = (await frames_until(socket, _of_type("debrief.phase")))[-1]
        assert (phase["index"], phase["name"]) == (1, "What happened")
        assert "without graphic detail" in phase["question"]
        assert phase["minutes"] == 10
        assert phase["started_at"]

    session = await sync_to_async(services.phase_back)(actor=clinic.owner, session=session)
    assert (await frames_until(alex, _of_type("debrief.phase")))[-1]["index"] == 0
    await priya.disconnect()
    await alex.disconnect()


async def test_grounding_break_and_end_reach_everyone(clinic):
    session = await _schedule(clinic)
    session = await sync_to_async(services.session_start)(actor=clinic.owner, session=session)
    alex = await joined(clinic.room, clinic.alex)
    sam = await joined(clinic.room, clinic.sam)

    await sync_to_async(services.break_start)(actor=clinic.owner, session=session)
    for socket in (alex, sam):
        pause = (await frames_until(socket, _of_type("debrief.break")))[-1]
        assert pause["until"] is not None
        assert 55 <= pause["seconds"] <= 60

    await sync_to_async(services.break_stop)(actor=clinic.owner, session=session)
    assert (await frames_until(sam, _of_type("debrief.break")))[-1]["until"] is None

    await sync_to_async(services.session_end)(actor=clinic.owner, session=session)
    for socket in (alex, sam):
        frames = await frames_until(socket, _of_type("debrief.ended"))
        assert frames[-1] == {"type": "debrief.ended", "session": session.pk}
    await alex.disconnect()
    await sam.disconnect()


async def test_a_pass_reaches_the_facilitators_only_as_passed(clinic):
    session = await _schedule(clinic)
    session = await sync_to_async(services.session_start)(actor=clinic.owner, session=session)
    await sync_to_async(services.participant_join)(user=clinic.alex, session=session)
    priya = await joined(clinic.room, clinic.owner)
    mo = await joined(clinic.room, clinic.moderator)
    sam = await joined(clinic.room, clinic.sam)
    await drain(priya)
    await drain(mo)

    await sync_to_async(services.phase_pass)(user=clinic.alex, session=session)

    for socket in (priya, mo):
        passed = (await frames_until(socket, _of_type("debrief.passed")))[-1]
        assert passed == {"type": "debrief.passed", "session": session.pk, "phase": 0, "name": "Alex"}
    assert not [frame for frame in await drain(sam, settle=0.6) if frame["type"].startswith("debrief.")]
    for socket in (priya, mo, sam):
        await socket.disconnect()


async def test_joining_updates_the_attendance_count_for_the_room(clinic):
    session = await _schedule(clinic)
    session = await sync_to_async(services.session_start)(actor=clinic.owner, session=session)
    priya = await joined(clinic.room, clinic.owner)

    await sync_to_async(services.participant_join)(user=clinic.sam, session=session)

    attendance = (await frames_until(priya, _of_type("debrief.attendance")))[-1]
    assert attendance == {"type": "debrief.attendance", "session": session.pk, "count": 2}
    await priya.disconnect()
