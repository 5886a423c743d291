"""The confidentiality guard and the crisis classifier on written sentences, both sides."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zenora.crisis import CRISIS_CLINICAL, CRISIS_PERSONAL, classify_crisis
from zenora.markdown import render_markdown
from zenora.textchecks import IdentifierFindings, check_identifiers, find_identifiers, warning_text

IDENTIFYING = [
    ("Call her on 07700 900123 if the session moves.", "phone", "07700 900123"),
    ("Her mum's number is +44 20 7946 0958.", "phone", "+44 20 7946 0958"),
    ("He emailed me from jane.doe@example.com last night.", "email", "jane.doe@example.com"),
    ("DOB 03/04/1987, referred by the GP.", "date_of_birth", "DOB 03/04/1987"),
    ("She was born on 12 March 1990 in Leeds.", "date_of_birth", "born on 12 March 1990"),
    ("Intake form says 14/07/1979.", "date_of_birth", "14/07/1979"),
    ("He lives at 14 Elm Street with his brother.", "street_address", "14 Elm Street"),
    ("The flat near SW1A 1AA was cold.", "street_address", "SW1A 1AA"),
    ("MRN 4839201 in the notes.", "record_number", "MRN 4839201"),
    ("NHS number 943 476 5919 was on the letter.", "nhs_number", "943 476 5919"),
    ("Case reference AB1234567 is closed.", "record_number", "AB1234567"),
    ("I keep thinking about my client Maria Lopez.", "client_name", "my client Maria Lopez"),
    ("The patient, Mr Okafor, came back today.", "client_name", "The patient, Mr Okafor"),
    ("Mrs Hughes cried for the whole hour.", "client_name", "Mrs Hughes"),
]

ORDINARY = [
    "I saw my client on 12 March 2026 for fifty minutes.",
    "My client was anxious on Monday and I felt it all evening.",
    "My client I think is slowly improving.",
    "We did 3 sessions in 2024 and then a break.",
    "The patient, who is 34, has two kids.",
    "Session at 10:30, 45 minutes long, then supervision.",
    "I have 12 clients this week and 4 on the waiting list.",
    "Our risk assessment went fine; the score was 12/20.",
    "I met Dr Smith at supervision and it helped.",
    "Page 123 of the trauma manual has a good grounding exercise.",
    "I read DSM-5 again and felt overwhelmed.",
    "Three clients disclosed abuse this month. I'm exhausted.",
    "Call the EAP line if you need it, it's free for staff.",
]


@pytest.mark.parametrize(("sentence", "kind", "found"), IDENTIFYING)
def test_guard_finds_identifiers_in_written_sentences(sentence, kind, found):
    findings = find_identifiers(sentence)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]


@pytest.mark.parametrize("sentence", ORDINARY)
def test_guard_leaves_ordinary_clinical_talk_alone(sentence):
    assert find_identifiers(sentence) == []


def test_guard_raises_until_the_writer_confirms():
    with pytest.raises(IdentifierFindings) as caught:
        check_identifiers("Call 07700 900123", confirmed=False)
    assert caught.value.findings[0].label == "a phone number"
    assert "07700 900123" in caught.value.messages[0]
    check_identifiers("Call 07700 900123", confirmed=True)  # confirmed: no error


PERSONAL = [
    "I want to die.",
    "Honestly I can't go on like this.",
    "Some nights I think about how I'd end it all.",
    "This is goodbye everyone, thank you for everything.",
    "I've made a plan and I don't know who to tell.",
    "I keep wanting to hurt myself after sessions.",
]
CLINICAL = [
    "We did a risk assessment for suicidal ideation today.",
    "My client said I want to die and I froze.",
    "A client took her own life last year and it still hurts.",
    "How do you write a safety plan with someone who self-harms?",
    "The patient disclosed self-harm and I felt helpless.",
]
NEITHER = [
    "I feel so tired today, the week was long.",
    "The waiting list is killing our team's morale.",
    "Dying to get home and have a bath.",
    "I'm going to end my shift early and go for a walk.",
]


@pytest.mark.parametrize("sentence", PERSONAL)
def test_crisis_personal_language_is_a_personal_crisis(sentence):
    assert classify_crisis(sentence) == CRISIS_PERSONAL


@pytest.mark.parametrize("sentence", CLINICAL)
def test_crisis_talk_about_a_clients_risk_is_flagged_less_strongly(sentence):
    assert classify_crisis(sentence) == CRISIS_CLINICAL


@pytest.mark.parametrize("sentence", NEITHER)
def test_crisis_ordinary_talk_does_not_trigger(sentence):
    assert classify_crisis(sentence) == ""


def test_crisis_personal_wins_over_clinical_in_another_sentence():
    text = "We reviewed a client's suicide risk. Afterwards I felt like I can't go on."
    assert classify_crisis(text) == CRISIS_PERSONAL


def test_warning_text_lists_themes_in_order_and_the_free_label():
    assert warning_text("death,suicide", "hospital") == "Suicide, Death, hospital"
    assert warning_text(["unknown"], "") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_guard_and_classifier_never_raise_on_any_text(text):
    findings = find_identifiers(text)
    assert all(f.text and f.text in text for f in findings)
    assert classify_crisis(text) in ("", CRISIS_PERSONAL, CRISIS_CLINICAL)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=1500))
def test_sanitiser_never_raises_and_never_lets_script_through(text):
    html = render_markdown(text + "\n\n<script>alert(1)</script><img src=x onerror=alert(1)>")
    parser = _TagCollector()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(name.startswith("on") for name in parser.attributes)


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
