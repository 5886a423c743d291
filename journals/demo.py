"""Demo journal for clinician@zenora.example: a dozen entries over the last two months."""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from journals.content_types import EntryContent
from journals.models import Entry, Mood
from journals.services import entry_create

DEMO_ENTRIES = [
    (58, "First week back", "Back after leave. I had forgotten how *full* the waiting room gets on Mondays.\n\n"
     "- Two intakes\n- One review\n\nI want to protect my lunch break this time.", ["work", "boundaries"], Mood.OKAY,
     "What is unfinished, and can it honestly wait until tomorrow?"),
    (53, "", "A hard session this afternoon. I noticed my jaw clenched for the whole hour and I kept replaying "
     "one sentence on the drive home.", ["difficult session", "body"], Mood.LOW,
     "What from today's session is still with me, and where do I feel it?"),
    (47, "Supervision helped", "Talked through the case in supervision. Naming how angry I felt made it "
     "smaller. **I am not the only one who feels this.**", ["supervision"], Mood.GOOD, ""),
    (42, "Sleep", "Woke at 4am again thinking about work. Going to try leaving my phone in the kitchen.",
     ["sleep"], Mood.LOW, "How have I slept this week, and what has helped or got in the way?"),
    (36, "Small wins", "Three things today that had nothing to do with trauma:\n\n1. The bakery had the good "
     "bread\n2. A colleague made me tea\n3. The light on the river at six", ["gratitude"], Mood.GOOD,
     "Three things that happened today that had nothing to do with anyone's trauma."),
    (31, "Saying no", "I said no to an extra evening shift. It felt awful for ten minutes and then fine.",
     ["boundaries"], Mood.OKAY, "Where did I say yes today when I wanted to say no?"),
    (26, "", "Tired in a way sleep doesn't fix. Made an appointment with my GP to talk about it.",
     ["body", "sleep"], Mood.STRUGGLING, ""),
    (21, "Why I do this", "A client I saw for a year sent a card. She is back at work. I read it twice in the "
     "car park.", ["meaning"], Mood.WELL, "Describe a moment when I saw a client change, even slightly."),
    (15, "Debrief after the team meeting", "The group debrief was useful. Nobody had to speak and I still "
     "felt less alone.", ["team", "support"], Mood.GOOD, ""),
    (10, "Walking", "Walked home instead of taking the bus. Noticed my shoulders drop halfway across the park.",
     ["body"], Mood.GOOD, "Where in my body do I feel calm, even a little?"),
    (5, "Heavy week", "Several disclosures in a row. I'm going to ask for a lighter caseload next month and "
     "plan something restful for Saturday.", ["difficult session", "work"], Mood.LOW,
     "What do I need in the next hour to come back to myself?"),
    (1, "Looking ahead", "Booked a weekend away with my sister. Something to look forward to.",
     ["hope"], Mood.WELL, "What is one thing I am looking forward to, however small?"),
]  # fmt: skip

DEMO_EMAIL = "clinician@zenora.example"


def seed_demo_journal() -> list[str]:
    try:
        user = demo_user(DEMO_EMAIL)
    except User.DoesNotExist:
        return []
    if Entry.objects.filter(user=user).exists():
        return []  # seeded before, or the demo clinician has been writing: leave it alone
    now = timezone.now()
    for days_ago, title, body, tags, mood, prompt in DEMO_ENTRIES:
        written = now - timedelta(days=days_ago, hours=(days_ago * 7) % 10)
        content = EntryContent(title=title, body=body, tags=tags, mood=int(mood), prompt=prompt)
        entry = entry_create(user=user, content=content, created_at=written)
        Entry.objects.filter(pk=entry.pk).update(updated_at=written)
    return [f"Journal: {len(DEMO_ENTRIES)} entries for {DEMO_EMAIL}"]
