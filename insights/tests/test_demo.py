import pytest

from accounts.demo import demo_user, seed_demo_users
from insights.demo import seed_demo_insights
from insights.models import SelfCheck
from insights.selectors import personal_insights
from journals.demo import seed_demo_journal
from wellbeing.demo import seed_demo_wellbeing

pytestmark = pytest.mark.django_db


def test_demo_seeder_shows_a_decline_for_the_clinician_and_not_the_nurse():
    seed_demo_users()
    seed_demo_wellbeing()
    seed_demo_journal()
    assert seed_demo_insights()
    clinician = demo_user("clinician@zenora.example")
    nurse = demo_user("nurse@zenora.example")
    declining = personal_insights(clinician).assessment
    assert declining.raised
    keys = {reason.key for reason in declining.reasons}
    assert "signs" in keys
    assert keys & {"mood_below", "mood_falling"}  # the story's mood drops, whichever way it shows first
    assert personal_insights(nurse).assessment.level == "steady"
    # Running it again adds nothing.
    assert seed_demo_insights() == []
    assert SelfCheck.objects.filter(user=clinician).count() == 1
