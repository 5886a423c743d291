from typing import Any

from django import forms

from wellbeing.dates import local_today
from wellbeing.models import (
    EXPOSURE_MAX,
    EXPOSURE_THEMES,
    GOAL_REASON_MAX_LENGTH,
    GOAL_TITLE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCALES,
    Goal,
)

GOAL_EXAMPLES = (
    "A walk after my last session",
    "No case notes after 7 pm",
    "Peer supervision every fortnight",
    "Lunch away from my desk",
    "Five slow breaths before each session",
    "Phone on silent after 9 pm",
)


def _scale_field(label: str, choices) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose how your {label.lower()} was, from 1 to 5.",
            "invalid_choice": f"Choose {label.lower()} from 1 to 5.",
        },
    )


class DayForm(forms.Form):
    """A day in the person's own calendar; never one that hasn't happened yet."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if "day" in self.fields:
            self.fields["day"].widget.attrs["max"] = local_today(user).isoformat()

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = local_today(self.user)
        if day > today:
            raise forms.ValidationError(
                f"That day hasn't happened yet where you are: today is {today:%A %-d %B %Y}."
            )
        return day


class CheckInForm(DayForm):
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the day as a date, for example 2026-03-14."},
    )
    mood = _scale_field("Mood", SCALES[0][2].choices)
    energy = _scale_field("Energy", SCALES[1][2].choices)
    sleep = _scale_field("Sleep quality", SCALES[2][2].choices)
    exposure = forms.IntegerField(
        label="Trauma-heavy sessions or cases",
        min_value=0,
        max_value=EXPOSURE_MAX,
        initial=0,
        help_text=f"How many sessions or cases carried heavy material today (0 to {EXPOSURE_MAX}).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number, for example 2.",
            "min_value": "Enter 0 or more.",
            "max_value": f"That's more than {EXPOSURE_MAX}. If it really was, enter {EXPOSURE_MAX} and say so in the note.",
        },
    )
    themes = forms.MultipleChoiceField(
        label="Themes (optional)",
        required=False,
        choices=list(EXPOSURE_THEMES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose themes from the list."},
    )
    note = forms.CharField(
        label="A note for yourself (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text="Only you can read it; it is encrypted.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note under {NOTE_MAX_LENGTH} characters."},
    )

    def scales(self) -> list[dict[str, Any]]:
        """Each scale with every step named, so the template can label "Mood 2 of 5: Low"."""
        result = []
        for name, label, choices in SCALES:
            bound = self[name]
            value = str(bound.value()) if bound.value() not in (None, "") else ""
            result.append(
                {
                    "name": name,
                    "label": label,
                    "id": bound.auto_id,
                    "errors": bound.errors,
                    "options": [
                        {"value": step, "label": text, "checked": value == str(step)}
                        for step, text in choices.choices
                    ],
                }
            )
        return result


class CheckInEditForm(CheckInForm):
    """Changing a check-in keeps its day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["day"]


class GoalForm(forms.Form):
    title = forms.CharField(
        label="Goal",
        max_length=GOAL_TITLE_MAX_LENGTH,
        help_text="Something small and kind, for example “a walk after my last session”.",
        error_messages={
            "required": "Give the goal a short name, for example “a walk after my last session”.",
            "max_length": f"Keep the name under {GOAL_TITLE_MAX_LENGTH} characters.",
        },
    )
    reason = forms.CharField(
        label="Why it matters to you (optional)",
        required=False,
        max_length=GOAL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Keep the reason under {GOAL_REASON_MAX_LENGTH} characters."},
    )
    cadence = forms.ChoiceField(
        label="How often",
        choices=Goal.Cadence.choices,
        initial=Goal.Cadence.DAILY,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose every day or a number of times a week."},
    )
    times_per_week = forms.IntegerField(
        label="Times a week",
        required=False,
        min_value=1,
        max_value=7,
        initial=3,
        help_text="Only for goals done a number of times a week (1 to 7).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number from 1 to 7.",
            "min_value": "Choose from 1 to 7 times a week.",
            "max_value": "Choose from 1 to 7 times a week.",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("cadence") == Goal.Cadence.WEEKLY and not data.get("times_per_week"):
            self.add_error("times_per_week", "Choose from 1 to 7 times a week.")
        if data.get("cadence") == Goal.Cadence.DAILY:
            data["times_per_week"] = 7
        return data


class GoalCheckForm(DayForm):
    day = forms.DateField(error_messages={"invalid": "That isn't a date.", "required": "Which day?"})
    done = forms.TypedChoiceField(choices=[("1", "Done"), ("0", "Not done")], coerce=lambda v: v == "1")


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Goal.Status.choices)


class ReflectionForm(forms.Form):
    helped = forms.MultipleChoiceField(
        label="Which goals helped this week?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose goals from the list."},
    )
    note = forms.CharField(
        label="Anything else about this week (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you can read it; it is encrypted.",
        error_messages={"max_length": f"Keep the note under {NOTE_MAX_LENGTH} characters."},
    )

    def __init__(self, *args, goal_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helped"].choices = goal_choices
