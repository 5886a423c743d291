"""The reminders page: one small form per section, each saved by its own service call."""

from typing import Any

from django import forms

from reminders.models import EVERY_DAY, MAX_TIMES_A_DAY, WEEKDAY_NAMES, Reminder
from wellbeing.models import EXPOSURE_MAX

WEEKDAY_CHOICES = [(index, name) for index, name in enumerate(WEEKDAY_NAMES)]
TIME_ERRORS = {"invalid": "Enter a time as hours and minutes, for example 09:30."}


def _time_field(label: str, *, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={**TIME_ERRORS, "required": "Choose a time."},
    )


class ChannelsMixin(forms.Form):
    in_app = forms.BooleanField(label="In Zenora (the notification centre)", required=False)
    email = forms.BooleanField(label="By email", required=False)


class CheckInReminderForm(ChannelsMixin):
    kind = Reminder.Kind.CHECKIN
    enabled = forms.BooleanField(label="Remind me to check in", required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label="On these days",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose days from Monday to Sunday."},
    )
    time_1 = _time_field("At")
    time_2 = _time_field("And at (optional)")
    time_3 = _time_field("And at (optional)")
    field_order = ["enabled", "weekdays", "time_1", "time_2", "time_3", "in_app", "email"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("enabled") and not data.get("weekdays"):
            self.add_error("weekdays", "Choose at least one day, or switch the reminder off.")
        if data.get("enabled") and not self.times():
            self.add_error("time_1", "Choose a time.")
        return data

    def times(self) -> list[str]:
        values = [self.cleaned_data.get(f"time_{n}") for n in range(1, MAX_TIMES_A_DAY + 1)]
        return [value.strftime("%H:%M") for value in values if value is not None]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "enabled": data["enabled"],
            "weekdays": data.get("weekdays") or [],
            "times": self.times(),
            "in_app": data["in_app"],
            "email": data["email"],
        }

    @classmethod
    def initial_for(cls, reminder: Reminder) -> dict[str, Any]:
        initial = {
            "enabled": reminder.enabled and reminder.pk is not None,
            "weekdays": list(reminder.weekdays),
            "in_app": reminder.in_app,
            "email": reminder.email,
        }
        for n, value in enumerate(reminder.times[:MAX_TIMES_A_DAY], start=1):
            initial[f"time_{n}"] = value
        return initial


class HeavyDayForm(ChannelsMixin):
    kind = Reminder.Kind.HEAVY_DAY
    enabled = forms.BooleanField(label="After a heavy day, nudge me in the evening", required=False)
    heavy_threshold = forms.IntegerField(
        label="A heavy day is one with at least this many trauma-heavy sessions",
        min_value=1,
        max_value=EXPOSURE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number, for example 3.",
            "min_value": "Enter 1 or more.",
            "max_value": f"Enter {EXPOSURE_MAX} or fewer.",
            "required": "Enter a number of sessions, for example 3.",
        },
    )
    time_1 = _time_field("At", required=True)
    field_order = ["enabled", "heavy_threshold", "time_1", "in_app", "email"]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "enabled": data["enabled"],
            "weekdays": EVERY_DAY,
            "times": [data["time_1"].strftime("%H:%M")],
            "in_app": data["in_app"],
            "email": data["email"],
        }

    @classmethod
    def initial_for(cls, reminder: Reminder, threshold: int) -> dict[str, Any]:
        return {
            "enabled": reminder.enabled and reminder.pk is not None,
            "heavy_threshold": threshold,
            "time_1": reminder.times[0] if reminder.times else "19:00",
            "in_app": reminder.in_app,
            "email": reminder.email,
        }


class WeeklySummaryForm(forms.Form):
    kind = Reminder.Kind.WEEKLY_SUMMARY
    enabled = forms.BooleanField(label="Email me a weekly summary", required=False)
    weekday = forms.TypedChoiceField(
        label="On", choices=WEEKDAY_CHOICES, coerce=int, error_messages={"required": "Choose a day."}
    )
    time_1 = _time_field("At", required=True)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "enabled": data["enabled"],
            "weekdays": [data["weekday"]],
            "times": [data["time_1"].strftime("%H:%M")],
            "in_app": False,
            "email": True,
        }

    @classmethod
    def initial_for(cls, reminder: Reminder) -> dict[str, Any]:
        return {
            "enabled": reminder.enabled and reminder.pk is not None,
            "weekday": reminder.weekdays[0] if reminder.weekdays else 6,
            "time_1": reminder.times[0] if reminder.times else "18:00",
        }


class QuietHoursForm(forms.Form):
    quiet_start = _time_field("Quiet from")
    quiet_end = _time_field("Until")
