import pytest

from accounts.services import account_export
from communities.demo import DEMO_SLUG, seed_demo_clinic
from debriefs import services
from debriefs.demo import PAST_TITLE, UPCOMING_TITLE, seed_demo_debriefs
from debriefs.models import DebriefSession, Participant, Rsvp
from debriefs.selectors import session_summary, upcoming_in
from debriefs.tests.factories import DebriefSessionFactory

pytestmark = pytest.mark.django_db


def test_account_export_lists_a_persons_debriefs_but_no_check_out_answer(clinic):
    session = DebriefSessionFactory(community=clinic.community, facilitator=clinic.owner, title="Tuesday")
    services.rsvp_set(user=clinic.alex, session=session, coming=True)
    session = services.session_start(actor=clinic.owner, session=session)
    services.participant_join(user=clinic.alex, session=session)
    session = services.session_end(actor=clinic.owner, session=session)
    services.checkout_answer(user=clinic.alex, session=session, score=2)

    data = account_export(user=clinic.alex)["debriefs"]

    assert [item["title"] for item in data["said_i_will_come"]] == ["Tuesday"]
    assert [item["title"] for item in data["took_part"]] == ["Tuesday"]
    assert [item["title"] for item in data["answered_check_out"]] == ["Tuesday"]
    assert "score" not in str(data)
    assert account_export(user=clinic.owner)["debriefs"]["facilitated"][0]["title"] == "Tuesday"


def test_account_deletion_takes_a_persons_debrief_rows_and_keeps_the_session(clinic):
    session = DebriefSessionFactory(community=clinic.community, facilitator=clinic.owner)
    services.rsvp_set(user=clinic.alex, session=session, coming=True)
    clinic.alex.delete()
    clinic.owner.delete()
    assert not Rsvp.objects.exists()
    session.refresh_from_db()
    assert session.facilitator is None


def test_seed_demo_debriefs_adds_an_upcoming_and_a_summarised_past_session_once():
    from accounts.demo import demo_user, seed_demo_users

    seed_demo_users()
    seed_demo_clinic()
    first = seed_demo_debriefs()
    second = seed_demo_debriefs()

    assert first == second
    sessions = DebriefSession.objects.filter(community__slug=DEMO_SLUG)
    assert sessions.count() == 2
    upcoming = sessions.get(title=UPCOMING_TITLE)
    clinician = demo_user("clinician@zenora.example")
    assert [s.title for s in upcoming_in(upcoming.community, clinician)] == [UPCOMING_TITLE]
    summary = session_summary(sessions.get(title=PAST_TITLE))
    assert summary.attendance == 5
    assert summary.phases_completed == summary.phase_count == 6
    assert summary.distribution is not None  # five answers: the facilitator may see them
    assert Participant.objects.filter(session__title=PAST_TITLE, follow_up_sent_at__isnull=True).count() == 0
