import datetime

import pytest

from accounts.tests.factories import UserFactory
from communities.models import Membership
from communities.tests.factories import CommunityFactory, MembershipFactory
from insights.models import TeamShare
from insights.teams import team_trends
from insights.tests.factories import TeamShareFactory
from wellbeing.dates import local_today, week_start
from wellbeing.tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def _team(contributors: int, *, mood: int = 4):
    community = CommunityFactory()
    owner = UserFactory()
    MembershipFactory(community=community, user=owner, role=Membership.Role.OWNER)
    last_week = week_start(local_today(owner)) - datetime.timedelta(weeks=1)
    members = []
    for index in range(contributors):
        person = UserFactory()
        MembershipFactory(community=community, user=person)
        TeamShareFactory(community=community, user=person)
        CheckInFactory(
            user=person, day=last_week + datetime.timedelta(days=1), mood=mood - index % 2, energy=3
        )
        members.append(person)
    return community, owner, members, last_week


def test_team_trends_hide_a_week_with_four_contributors():
    community, owner, _, last_week = _team(4)
    week = team_trends(community, today=local_today(owner))["weeks"][0]
    assert week.start == last_week
    assert not week.shown
    assert week.contributors is None and week.mood is None


def test_team_trends_show_a_week_with_five_contributors():
    community, owner, _, _ = _team(5)
    trends = team_trends(community, today=local_today(owner))
    week = trends["weeks"][0]
    assert week.shown and week.contributors == 5
    assert week.mood == pytest.approx((4 + 3 + 4 + 3 + 4) / 5, abs=0.05)
    assert week.mood_spread > 0


def test_team_trends_drop_a_member_who_opts_out_from_past_weeks_too():
    community, owner, members, _ = _team(5)
    TeamShare.objects.filter(user=members[0]).delete()
    assert not team_trends(community, today=local_today(owner))["weeks"][0].shown


def test_team_trends_ignore_check_ins_from_before_opting_in():
    community, owner, members, last_week = _team(5)
    TeamShare.objects.filter(user=members[0]).update(opted_in_at=datetime.datetime.now(datetime.UTC))
    assert not team_trends(community, today=local_today(owner))["weeks"][0].shown


def test_team_trends_leave_out_people_who_left_the_group():
    community, owner, members, _ = _team(5)
    Membership.objects.filter(user=members[0]).update(state=Membership.State.LEFT)
    assert not team_trends(community, today=local_today(owner))["weeks"][0].shown


def test_member_sees_exactly_what_the_owner_sees(client):
    community, owner, _, _ = _team(5)
    newcomer = UserFactory()
    MembershipFactory(community=community, user=newcomer)
    url = f"/insights/teams/{community.slug}/"
    client.force_login(owner)
    owner_page = client.get(url).content.decode()
    client.force_login(newcomer)
    member_page = client.get(url).content.decode()

    def table(html: str) -> str:
        start = html.index("<table")
        return html[start : html.index("</table>", start)]

    assert table(owner_page) == table(member_page)
    assert "This is exactly what the group's owner sees" in member_page


def test_small_team_page_says_not_enough_people(client):
    community, owner, _, _ = _team(4)
    client.force_login(owner)
    assert (
        "Not enough people to show this safely"
        in client.get(f"/insights/teams/{community.slug}/").content.decode()
    )


def test_member_can_opt_in_and_out(client):
    community, _, _, _ = _team(1)
    person = UserFactory()
    MembershipFactory(community=community, user=person)
    client.force_login(person)
    url = f"/insights/teams/{community.slug}/"
    client.post(url, {"share": "1"})
    assert TeamShare.objects.filter(user=person, community=community).exists()
    client.post(url, {"share": "0"})
    assert not TeamShare.objects.filter(user=person, community=community).exists()


def test_outsider_gets_404(client):
    community, _, _, _ = _team(5)
    client.force_login(UserFactory())
    assert client.get(f"/insights/teams/{community.slug}/").status_code == 404
    assert client.post(f"/insights/teams/{community.slug}/", {"share": "1"}).status_code == 404
    assert TeamShare.objects.filter(community=community).count() == 5


@pytest.mark.parametrize("size", [5, 15])
def test_team_page_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    community, owner, _, _ = _team(size)
    client.force_login(owner)
    with django_assert_max_num_queries(13):
        assert client.get(f"/insights/teams/{community.slug}/").status_code == 200
