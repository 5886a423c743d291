"""Concrete next steps from a person's signals, each saying why it was suggested.

Kinds can be dismissed for good. Links into other apps (journal prompts, learning, groups,
debriefs) appear only when those apps provide the page.
"""

import urllib.parse
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from insights.engine import Insights
from insights.lexicon import lexicon

SUGGESTION_KINDS: dict[str, str] = {
    "journal-prompt": "Journal prompts",
    "exercise": "Grounding and breathing exercises",
    "lesson": "Lessons",
    "goal": "Your own goals that helped before",
    "reach-out": "Reaching out to peers or a supervisor",
    "debrief": "Upcoming debriefs",
    "self-check": "Self-check reminders",
}

# Which prompt group suits which sign, from journals/content/prompts.json.
PROMPT_GROUP_FOR = {
    "intrusive-thoughts": "after-a-difficult-session",
    "hypervigilance": "noticing-my-body",
    "exhaustion": "noticing-my-body",
    "numbness": "meaning-and-satisfaction",
    "hopelessness": "hope",
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    title: str
    why: str
    url: str
    link_text: str

    @property
    def kind_label(self) -> str:
        return SUGGESTION_KINDS[self.kind]


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _prompt(themes: list[str], why: str) -> Suggestion | None:
    try:
        from journals.prompts import prompt_group, random_prompt
    except ImportError:
        return None
    base = _url("journals:entry_create")
    if base is None:
        return None
    group_slug = next((PROMPT_GROUP_FOR[s] for s in themes if s in PROMPT_GROUP_FOR), "end-of-day")
    group = prompt_group(group_slug)
    prompt = random_prompt(group_slug)
    return Suggestion(
        kind="journal-prompt",
        title=f"Write for five minutes: “{prompt.text}”",
        why=why or "a few minutes of writing helps notice what a day left behind",
        url=base + "?prompt=" + urllib.parse.quote(prompt.text),
        link_text=f"Write in your journal ({group.name.lower() if group else 'a prompt'})",
    )


def _learning(themes: list[str], why: str) -> list[Suggestion]:
    try:
        from learning.selectors import suggestions_for_themes
    except ImportError:
        return []
    found = suggestions_for_themes([*themes, "grounding", "breathing"], limit=1)
    result = []
    for exercise in found.exercises[:1]:
        result.append(
            Suggestion(
                kind="exercise",
                title=f"Try “{exercise.title}” ({exercise.minutes} min)",
                why=why or "a short exercise can settle the body after a heavy day",
                url=exercise.get_absolute_url(),
                link_text="Open the exercise",
            )
        )
    for lesson in found.lessons[:1]:
        result.append(
            Suggestion(
                kind="lesson",
                title=f"Read “{lesson.title}”",
                why=why or "it is about what your signals show",
                url=lesson.get_absolute_url(),
                link_text="Open the lesson",
            )
        )
    return result


def _helpful_goal(user) -> Suggestion | None:
    """A goal of the person's whose check-off days had better moods than the other days."""
    from wellbeing.dates import local_today
    from wellbeing.selectors import goals_with_progress, what_seems_to_help

    today = local_today(user)
    goals = goals_with_progress(user, today)
    comparisons = [c for c in what_seems_to_help(user, goals, today) if c.difference and c.difference >= 0.3]
    if not comparisons:
        return None
    best = max(comparisons, key=lambda c: c.difference)
    url = _url("wellbeing:goal_list") or ""
    return Suggestion(
        kind="goal",
        title=f"Make room for “{best.title}”",
        why=(
            f"on the {best.done_days} days you did it, your mood averaged {best.done_mood:.1f}, "
            f"against {best.other_mood:.1f} on other days"
        ),
        url=url,
        link_text="Your goals",
    )


def _reach_out(level: str | None) -> Suggestion | None:
    url = _url("communities:list")
    if url is None:
        return None
    return Suggestion(
        kind="reach-out",
        title="Talk it through with a peer or your supervisor",
        why="you don't have to carry this alone; hard cases are lighter when they are shared"
        if level == "act"
        else "a conversation early is easier than one late",
        url=url,
        link_text="Your groups",
    )


def _debrief() -> Suggestion | None:
    url = _url("debriefs:list")
    if url is None:
        return None
    return Suggestion(
        kind="debrief",
        title="Join an upcoming group debrief",
        why="talking after hard days together helps the whole team",
        url=url,
        link_text="Upcoming debriefs",
    )


def _self_check(insights: Insights) -> Suggestion | None:
    url = _url("insights:self_check_list")
    if url is None:
        return None
    has_recent = any(reason.key == "self_check" for reason in insights.assessment.reasons)
    if has_recent:
        return None
    return Suggestion(
        kind="self-check",
        title="Take the five-minute self-check",
        why="it looks at the five signs of vicarious trauma directly, not only your mood",
        url=url,
        link_text="Start the self-check",
    )


def suggestions_for(user, insights: Insights, *, prefs) -> list[Suggestion]:
    """Suggestions in order of fit; dismissed kinds are left out."""
    assessment = insights.assessment
    themes = assessment.themes
    lex = lexicon()
    named = [lex.themes[s].phrase for s in themes if s in lex.themes and lex.themes[s].group == "sign"]
    why = f"your entries this week mention {' and '.join(named[:2])}" if named else ""
    items: list[Suggestion | None] = []
    if assessment.raised:
        items += [_self_check(insights), _prompt(themes, why), *_learning(themes, why), _helpful_goal(user)]
        items += [_reach_out(assessment.level), _debrief()]
    else:
        items += [_helpful_goal(user), _prompt(themes, why), _self_check(insights)]
    dismissed = set(prefs.dismissed_kinds or [])
    return [item for item in items if item is not None and item.kind not in dismissed]
