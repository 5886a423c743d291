import datetime

from insights.engine import chart_summary, insights_from_days
from insights.warning import ACT, STEADY, WATCH, Day, SelfCheckBand, assess, plain_summary

START = datetime.date(2026, 3, 2)


def _days(moods, *, energy=None, exposure=None, signs=None):
    days = []
    for index, mood in enumerate(moods):
        day = Day(day=START + datetime.timedelta(days=index), mood=mood)
        day.energy = energy[index] if energy else mood
        day.exposure = exposure[index] if exposure else (1 if mood is not None else None)
        if signs and index in signs:
            day.entries, day.entries_with_signs = 1, 1
            day.sign_weights = {signs[index]: 1.0}
        days.append(day)
    return days


def test_assess_needs_two_weeks_of_baseline_before_giving_a_level():
    result = assess(_days([4] * 10))
    assert result.level is None
    # Only days before the last week make the baseline: 3 of the 10 so far, so 11 more are needed.
    assert result.days_needed == 11


def test_assess_keeps_a_steady_person_steady():
    moods = [4, 4, 3, 4, 5, 4, 4] * 6
    result = assess(_days(moods))
    assert result.level == STEADY
    assert result.reasons == []


def test_assess_does_not_raise_on_mood_alone():
    moods = [4] * 34 + [2] * 8
    result = assess(_days(moods, energy=[4] * 42))
    # Three views of one mood drop count two points together: not enough for watch on its own.
    assert {r.key for r in result.reasons} >= {"mood_below", "mood_falling"}
    assert result.points == 2
    assert result.level == STEADY


def test_assess_raises_watch_with_reasons_in_plain_words():
    moods = [4] * 34 + [2] * 8
    signs = {35: "intrusive-thoughts", 37: "intrusive-thoughts", 40: "exhaustion"}
    result = assess(_days(moods, energy=[4] * 42, signs=signs))
    assert result.level == WATCH
    keys = [r.key for r in result.reasons]
    assert "mood_below" in keys and "signs" in keys
    summary = plain_summary(result)
    assert "below your usual range on 8 of the last 8 days" in summary
    assert "3 of your 3 journal entries this week mention intrusive thoughts or images" in summary
    assert "intrusive-thoughts" in result.themes


def test_assess_raises_act_when_many_signals_move_together():
    moods = [4] * 34 + [2] * 8
    exposure = [1] * 34 + [5] * 8
    signs = {35: "hopelessness", 37: "hopelessness", 39: "numbness", 41: "numbness"}
    result = assess(_days(moods, energy=[4] * 34 + [2] * 8, exposure=exposure, signs=signs))
    assert result.level == ACT
    assert result.points >= 6


def test_assess_counts_a_recent_self_check_in_its_top_band():
    moods = [4] * 34 + [2] * 8
    band = SelfCheckBand(rank=2, top=2, label="Many signs of strain", days_ago=3)
    result = assess(_days(moods, energy=[4] * 42), self_check=band)
    assert result.level == WATCH
    assert any("3 days ago" in r.text and "Many signs of strain" in r.text for r in result.reasons)
    stale = SelfCheckBand(rank=2, top=2, label="Many signs of strain", days_ago=45)
    assert assess(_days(moods, energy=[4] * 42), self_check=stale).level == STEADY


def test_assess_sensitivity_moves_the_threshold():
    moods = [4] * 34 + [2] * 8
    signs = {36: "exhaustion"}
    days = _days(moods, energy=[4] * 42, signs=signs)
    assert assess(days, sensitivity="high").level == WATCH
    assert assess(days, sensitivity="low").level == STEADY


def test_assess_with_gaps_uses_only_recorded_days():
    moods = [4 if i % 2 == 0 else None for i in range(34)] + [2, None, 2, 2, None, 2, 2, 2]
    result = assess(_days(moods, energy=[4] * 42, signs={36: "numbness", 39: "numbness"}))
    below = next(r for r in result.reasons if r.key == "mood_below")
    assert "6 of the last 8 days (6 had a check-in)" in below.text


def test_assess_notes_crisis_language_in_the_last_week():
    days = _days([4] * 40)
    days[-2].crisis = True
    assert assess(days).crisis_recent


def test_insights_from_days_describes_chart_and_forecast_in_words():
    moods = [4, 4, 3, 4, 5, 4, 4] * 8 + [3, 3, 2, 3, 2, 2, 2]
    insights = insights_from_days(_days(moods))
    assert insights.forecast is not None
    words = chart_summary(insights)
    assert "usual range" in words and "a forecast, not a verdict" in words
    assert insights.chart["band"] is not None
    assert insights.monthly[0]["days"] > 0


def test_insights_chart_breaks_its_line_at_gaps():
    moods = [4] * 20 + [None] * 3 + [4] * 20
    insights = insights_from_days(_days(moods))
    assert len(insights.chart["lines"]) == 2


def test_assess_says_not_enough_recent_check_ins_rather_than_steady():
    moods = [4, 4, 3, 4, 5, 4, 4] * 6 + [None] * 7 + [4]
    result = assess(_days(moods))
    assert result.level is None
    assert result.not_enough_recent
    assert result.recent_check_ins == 1


def test_assess_counts_missed_check_ins_during_a_drop_and_says_so_gently():
    moods = [4, 4, 3, 4, 5, 4, 4] * 6 + [3, 2, None, 2, None, None, 2, None, None, None, 2, None, None, 2]
    energy = [4] * 42 + [3, 2, None, 2, None, None, 2, None, None, None, 2, None, None, 2]
    result = assess(_days(moods, energy=[e if e is not None else 4 for e in energy]))
    missed = next(r for r in result.reasons if r.key == "check_ins_missed")
    assert "checked in on" in missed.text and "can be a sign of a heavy stretch too" in missed.text
    assert result.raised


def test_assess_does_not_alarm_a_person_whose_mood_never_varies_on_a_one_point_dip():
    moods = [4] * 42 + [4, 3, 4, 4, 3, 4, 4, 4]
    result = assess(_days(moods, energy=[4] * 42 + [4, 3, 4, 4, 3, 4, 4, 4]))
    assert result.level == STEADY
    assert not any(r.key == "mood_below" for r in result.reasons)


def test_assess_gives_each_reason_its_figures():
    moods = [4] * 34 + [2] * 8
    result = assess(_days(moods, energy=[4] * 34 + [2] * 8))
    texts = {r.key: r.text for r in result.reasons}
    assert "2.0 on average against" in texts["mood_below"]
    assert "your energy has averaged 2.0 over the last 8 days against" in texts["energy_below"]
