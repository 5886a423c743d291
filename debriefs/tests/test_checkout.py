"""Check-outs are anonymous counts, shown to facilitators only from five answers (k-anonymity)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communities.models import Membership
from communities.tests.factories import MembershipFactory
from debriefs import services
from debriefs.models import CheckoutMark, CheckoutTally, DebriefSession
from debriefs.selectors import K_ANONYMITY, session_summary
from debriefs.tests.factories import DebriefSessionFactory

pytestmark = pytest.mark.django_db


def _ended_session_with(people: int):
    session = DebriefSessionFactory()
    session = services.session_start(actor=session.facilitator, session=session)
    members = [MembershipFactory(community=session.community).user for _ in range(people)]
    for member in members:
        services.participant_join(user=member, session=session)
    session = services.session_end(actor=session.facilitator, session=session)
    return session, members


def test_checkout_distribution_stays_private_at_four_answers():
    session, members = _ended_session_with(4)
    for member, score in zip(members, [1, 2, 4, 4], strict=True):
        services.checkout_answer(user=member, session=session, score=score)

    summary = session_summary(session)

    assert K_ANONYMITY == 5
    assert summary.distribution is None
    assert summary.checkout_private


def test_checkout_distribution_is_shown_from_five_answers():
    session, members = _ended_session_with(5)
    for member, score in zip(members, [1, 2, 4, 4, 5], strict=True):
        services.checkout_answer(user=member, session=session, score=score)

    summary = session_summary(session)

    assert summary.distribution == [(1, 1), (2, 1), (3, 0), (4, 2), (5, 1)]
    assert summary.answered == 5


def test_checkout_answer_is_stored_without_any_link_to_the_person():
    session, (member,) = _ended_session_with(1)
    services.checkout_answer(user=member, session=session, score=2)

    tally_fields = {field.name for field in CheckoutTally._meta.get_fields()}
    mark_fields = {field.name for field in CheckoutMark._meta.get_fields()}
    assert tally_fields == {"id", "session", "score", "count"}
    assert mark_fields == {"id", "session", "user"}  # who answered, never what or when
    assert list(CheckoutTally.objects.values_list("score", "count")) == [(2, 1)]


def test_checkout_answer_is_accepted_once_per_person():
    session, (member,) = _ended_session_with(1)
    services.checkout_answer(user=member, session=session, score=3)
    with pytest.raises(ValidationError, match="already answered"):
        services.checkout_answer(user=member, session=session, score=5)
    assert list(CheckoutTally.objects.values_list("score", "count")) == [(3, 1)]


def test_checkout_answer_needs_a_participant_an_ended_session_and_a_valid_score():
    session, (member,) = _ended_session_with(1)
    bystander = MembershipFactory(community=session.community).user
    with pytest.raises(PermissionDenied):
        services.checkout_answer(user=bystander, session=session, score=3)
    with pytest.raises(ValidationError):
        services.checkout_answer(user=member, session=session, score=6)
    DebriefSession.objects.filter(pk=session.pk).update(ended_at=timezone.now() - timedelta(days=3))
    session.refresh_from_db()
    with pytest.raises(PermissionDenied, match="closed"):
        services.checkout_answer(user=member, session=session, score=3)


def test_session_summary_lists_what_happened_and_never_what_was_said():
    session, members = _ended_session_with(2)
    summary = session_summary(session)
    assert summary.attendance == 3
    assert summary.format_name == "Structured peer debrief"
    assert summary.phases_completed == 1
    assert summary.phase_names == ["Arrival and ground rules"]
    assert not any("body" in name or "message" in name for name in summary.__dataclass_fields__)


def test_moderator_membership_does_not_reveal_a_single_answer():
    session, members = _ended_session_with(1)
    services.checkout_answer(user=members[0], session=session, score=1)
    Membership.objects.filter(user=members[0]).update(role=Membership.Role.MODERATOR)
    assert session_summary(session).distribution is None
