"""One crisis-language module: the journal, the forum, live rooms and insights agree."""

import uuid

import pytest

from communities import services as forum
from communities.rooms.services import chat_message_create, default_room_ensure
from communities.safety.models import Report
from communities.tests.factories import CommunityFactory, MembershipFactory
from insights.lexicon import analyse
from journals.content_types import EntryContent
from journals.services import draft_save
from zenora.crisis import (
    CRISIS_CLINICAL,
    CRISIS_PERSONAL,
    classify_crisis,
    crisis_resources,
    is_personal_crisis,
)

SENTENCES = [
    # (text, level): personal shows resources (and flags a group's moderators); clinical is a
    # quiet flag in a group and nothing in a journal; figures of speech are nothing anywhere.
    ("Some days I want to die.", CRISIS_PERSONAL),
    ("I've been thinking about suicide again this week.", CRISIS_PERSONAL),
    ("I can't go on like this.", CRISIS_PERSONAL),
    ("My client told me she wants to kill herself.", CRISIS_CLINICAL),
    ("The client said 'I want to die' in today's session.", CRISIS_CLINICAL),
    ("I did a risk assessment and we wrote a safety plan together.", CRISIS_CLINICAL),
    ("We had a training on self-harm this morning.", CRISIS_CLINICAL),
    ("This caseload is killing me.", ""),
    ("I could murder a coffee after that supervision.", ""),
    ("A difficult session, but I feel okay.", ""),
]


@pytest.mark.parametrize(("text", "level"), SENTENCES)
def test_crisis_one_classification_for_every_sentence(text, level):
    assert classify_crisis(text) == level
    assert is_personal_crisis(text) is (level == CRISIS_PERSONAL)


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "level"), SENTENCES)
def test_crisis_journal_forum_room_and_insights_agree(text, level):
    membership = MembershipFactory(community=CommunityFactory())
    writer, community = membership.user, membership.community
    room = default_room_ensure(community=community)

    journal = draft_save(user=writer, draft_id=uuid.uuid4(), content=EntryContent(body=text))
    thread = forum.thread_create(author=writer, community=community, title="After today", body=text)
    sent = chat_message_create(author=writer, room=room, body=text)

    assert journal.crisis is (level == CRISIS_PERSONAL)
    assert analyse(text).crisis is (level == CRISIS_PERSONAL)
    assert thread.crisis_level == level
    assert sent.crisis_level == level
    flagged = set(Report.objects.filter(community=community).values_list("source", flat=True))
    expected = {"personal": {Report.Source.CRISIS}, "clinical": {Report.Source.CLINICAL}, "": set()}[level]
    assert flagged == expected


def test_crisis_resources_come_from_the_same_module():
    assert crisis_resources()["resources"]
