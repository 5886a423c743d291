"""The crisis detector and the identifier finder, on the evaluation sentences and on the shapes of
language they must generalise to: categories, attribution, negation, hedging, text-speak,
figures of speech, national numbers and their check digits."""

import json
import uuid
from pathlib import Path

import pytest

from communities import services as forum
from communities.rooms.services import chat_message_create, default_room_ensure
from communities.safety.models import Report
from communities.tests.factories import CommunityFactory, MembershipFactory
from insights.llm import redact
from journals.content_types import EntryContent
from journals.services import draft_save
from zenora.crisis import CLINICAL_RISK_TALK, NO_CRISIS, PERSONAL_CRISIS, classify
from zenora.textchecks import find_identifiers, luhn_valid, medicare_valid, nhs_number_valid

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "detection"
NATIONAL = ("ssn", "nhs_number", "sin", "medicare")


def _rows(name: str) -> list[dict]:
    return [
        json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]


def _crisis(name: str) -> tuple[float, float]:
    rows = _rows(name)
    personal = [r for r in rows if r["label"] == "personal_crisis"]
    other = [r for r in rows if r["label"] != "personal_crisis"]
    recall = sum(classify(r["text"]).is_personal for r in personal) / len(personal)
    false_alarms = sum(classify(r["text"]).is_personal for r in other) / len(other)
    return recall, false_alarms


def _guard(name: str) -> tuple[float, float]:
    rows = _rows(name)
    identifying = [r for r in rows if r["label"] == "identifying"]
    other = [r for r in rows if r["label"] != "identifying"]

    def caught(row: dict) -> bool:
        found = find_identifiers(row["text"])
        return any(f.kind == row["kind"] for f in found) if row["kind"] in NATIONAL else bool(found)

    recall = sum(caught(r) for r in identifying) / len(identifying)
    false_alarms = sum(bool(find_identifiers(r["text"])) for r in other) / len(other)
    return recall, false_alarms


# --- pinned figures: they may only get better ---------------------------------------------------


def test_detection_crisis_held_out_figures_do_not_fall():
    recall, false_alarms = _crisis("crisis_held_out")
    assert recall >= 0.83  # measured 0.8355 (127 of 152)
    assert false_alarms <= 0.031  # measured 0.0303 (5 of 165)


def test_detection_crisis_development_figures_do_not_fall():
    recall, false_alarms = _crisis("crisis_development")
    assert recall >= 0.99
    assert false_alarms <= 0.01


def test_detection_guard_held_out_figures_do_not_fall():
    recall, false_alarms = _guard("guard_held_out")
    assert recall >= 0.85  # measured 0.8588 (73 of 85)
    assert false_alarms <= 0.0


def test_detection_guard_development_figures_do_not_fall():
    recall, false_alarms = _guard("guard_development")
    assert recall >= 0.99
    assert false_alarms <= 0.0


# --- the shapes of crisis language ---------------------------------------------------------------

PERSONAL = [
    ("Lately I just hope I don't wake up tomorrow.", "wish_to_be_dead"),
    ("everyone would be better off without me honestly", "wish_to_be_dead"),
    ("I'm not sure I want to be alive any more.", "wish_to_be_dead"),
    ("I keep thinking about killing myself on the drive home.", "ideation"),
    ("tbh been thinkin abt kms", "ideation"),
    ("i want to kil myslef", "ideation"),
    ("I keep thinking about the pills in the kitchen drawer and whether there are enough.", "method"),
    ("I've decided to end my life.", "intent"),
    ("I'm going to kill myself on Friday night when the flat is empty.", "plan"),
    ("I've written letters for my sisters for when I'm gone.", "preparatory"),
    ("been stockpiling my tablets for weeks", "preparatory"),
    ("I've been reading up on lethal doses all evening.", "preparatory"),
    ("I burned my arm with a lighter again on purpose last night.", "self_harm_act"),
    ("relapsed on sh tonight after six months clean", "self_harm_act"),
    ("There's no way out for me, I can't see a future.", "hopelessness"),
    ("what's even the point of me anymore", "hopelessness"),
]


@pytest.mark.parametrize(("text", "category"), PERSONAL)
def test_detection_personal_crisis_is_found_in_every_category(text, category):
    finding = classify(text)
    assert finding.level == PERSONAL_CRISIS, finding
    assert category in {m.category for m in finding.matches if m.attribution == "writer"}
    assert finding.reason and finding.matches


NOT_PERSONAL = [
    # attribution: a client's words, quoted speech, someone else
    ("My client told me she wants to kill herself.", CLINICAL_RISK_TALK),
    ('My client said "I\'m going to kill myself" as she left.', CLINICAL_RISK_TALK),
    ("my housemate said she wants to kms, we went to A&E", CLINICAL_RISK_TALK),
    ("In the role play I was the client saying I'd decided to end my life.", CLINICAL_RISK_TALK),
    # the work
    ("I completed a suicide risk assessment and we updated his safety plan.", CLINICAL_RISK_TALK),
    ("Self-harm presentations rose by a tenth last quarter.", CLINICAL_RISK_TALK),
    # negation, recovery
    ("I'm not suicidal, just tired.", CLINICAL_RISK_TALK),
    ("To be clear I don't want to hurt myself, I just need to vent.", CLINICAL_RISK_TALK),
    ("I used to self-harm but I haven't for years.", CLINICAL_RISK_TALK),
    # figures of speech
    ("This caseload is killing me.", NO_CRISIS),
    ("Dead tired. Bed at nine.", NO_CRISIS),
    ("I could murder a coffee after that supervision.", NO_CRISIS),
]


@pytest.mark.parametrize(("text", "level"), NOT_PERSONAL)
def test_detection_clinical_talk_negation_and_idioms_raise_no_personal_alarm(text, level):
    assert classify(text).level == level


def test_detection_finding_explains_itself_without_the_writer_needing_to_see_it():
    finding = classify("Honestly I want to die.")
    assert finding.stored == "personal"
    assert finding.category_label
    assert finding.phrase in "honestly i want to die ."
    assert all(start < end for start, end in finding.spans)


def test_detection_words_far_apart_in_a_run_on_sentence_still_belong_together():
    text = (
        "I did the notes and the handover and drove home past the reservoir like always and the whole "
        "way I was wondering if tonight is the night I finally end it"
    )
    assert classify(text).is_personal


# --- the identifier finder -----------------------------------------------------------------------


def test_detection_national_numbers_are_reported_as_their_own_kind():
    assert [f.kind for f in find_identifiers("Her SSN is 412-67-3391 for the claim.")] == ["ssn"]
    assert [f.kind for f in find_identifiers("NHS number 943 476 5919 on the letter.")] == ["nhs_number"]
    assert [f.kind for f in find_identifiers("SIN 046 454 286 for the form.")] == ["sin"]
    assert [f.kind for f in find_identifiers("Medicare 2123 45670 1 please.")] == ["medicare"]


def test_detection_check_digits():
    assert nhs_number_valid("9434765919") and not nhs_number_valid("9434765918")
    assert luhn_valid("046454286") and not luhn_valid("046454287")
    assert medicare_valid("2123456701") and not medicare_valid("2123456791")


@pytest.mark.parametrize(
    "sentence",
    [
        "Saw T. Whitcombe, the florist on Bridge Row, again today.",
        "the Abernathy family again, their girl Isla (6) isn't sleeping",
        "Olivia at Fernhill Primary has been referred by her teacher.",
        "Nathan, 45, came back after a month away.",
        "Marcus from the Tesco depot in Daventry rang to cancel.",
        "3:30 with Joanna Whitfield, then notes.",
        "finished the letter for oliver brandt today",
    ],
)
def test_detection_names_with_what_places_them_are_found(sentence):
    assert find_identifiers(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A woman in her forties came in after a bereavement.",
        "A teenage client is struggling with exams.",
        "The Beck Depression Inventory came back at 31.",
        "Ward 7 has two beds free.",
        "Samaritans is 116 123, any time.",
        "I've been reading Judith Herman again.",
        "john bowlby and mary ainsworth on attachment, still the best.",
        "Thanks for organising this, @**Priya Shah**.",
    ],
)
def test_detection_deidentified_talk_is_left_alone(sentence):
    assert find_identifiers(sentence) == []


def test_detection_reflection_strips_with_the_guard():
    text, removed = redact("saw dominic reyes today; tom (52) lives at 7 orchard way now, a 34-year-old.")
    assert "dominic" not in text and "reyes" not in text and "tom (52)" not in text
    assert "orchard" not in text and "34-year-old" not in text
    assert removed["name"] == 2 and removed["address"] == 1 and removed["age"] == 1


# --- every path asks the same detector ----------------------------------------------------------

PATH_SENTENCES = [
    "ngl been thinking abt kms a lot lately",
    "i've been saving my tablets instead of taking them",
    "My client disclosed she has been cutting again.",
    "I'm not suicidal, just exhausted.",
    "omg this spreadsheet is killing me",
    "A quiet day, a long walk after work.",
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", PATH_SENTENCES)
def test_detection_journal_thread_reply_edit_and_chat_agree_with_classify(text):
    community = CommunityFactory()
    writer = MembershipFactory(community=community).user
    room = default_room_ensure(community=community)
    expected = classify(text)

    journal = draft_save(user=writer, draft_id=uuid.uuid4(), content=EntryContent(body=text))
    thread = forum.thread_create(author=writer, community=community, title="Today", body=text)
    reply = forum.post_create(author=writer, thread=thread, body=text)
    plain = forum.post_create(author=writer, thread=thread, body="A long day.")
    edited = forum.post_edit(editor=writer, post=plain, body=text)
    sent = chat_message_create(author=writer, room=room, body=text)

    assert journal.crisis is expected.is_personal
    assert (
        thread.crisis_level
        == reply.crisis_level
        == edited.crisis_level
        == sent.crisis_level
        == expected.stored
    )


@pytest.mark.django_db
def test_detection_flags_keep_the_category_and_words_for_moderators():
    community = CommunityFactory()
    writer = MembershipFactory(community=community).user
    room = default_room_ensure(community=community)
    chat_message_create(author=writer, room=room, body="been stockpiling my tablets for weeks")
    report = Report.objects.get(community=community, chat_message__isnull=False)
    assert report.source == Report.Source.CRISIS
    assert report.crisis_category == "preparatory"
    assert "stockpiling" in report.crisis_phrase
    assert report.crisis_category_label
