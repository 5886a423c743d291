from django import forms
from django.core.exceptions import ValidationError

from communities.models import Community
from communities.rooms.models import ChatRoom
from debriefs.formats import PHASES_MAX, Format
from debriefs.services import TITLE_MAX


class SessionForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX,
        help_text="For example “Debrief after Tuesday's incident” or “Friday check-out”.",
    )
    starts_at = forms.DateTimeField(
        label="Starts at",
        help_text="In your time zone; each member sees it in theirs.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, for example 2026-03-04 17:30."},
    )
    room = forms.ModelChoiceField(queryset=ChatRoom.objects.none(), empty_label=None, label="Room")
    format_key = forms.ChoiceField(label="Format")
    audience = forms.CharField(
        label="Who it is for (optional)",
        required=False,
        max_length=200,
        help_text="For example “Anyone on the ward team after Tuesday”.",
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Keep client details out: every member can read this.",
    )

    def __init__(self, *args, community: Community, formats: list[Format], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = ChatRoom.objects.filter(community=community, archived_at__isnull=True)
        self.fields["format_key"].choices = [
            (f.key, f"{f.name} ({len(f.phases)} phases, about {f.total_minutes} min)") for f in formats
        ]


PHASES_HELP = (
    "One phase per line: name | guiding question | minutes. For example: "
    "“Arrival | How are you arriving today? | 5”."
)


class FormatForm(forms.Form):
    name = forms.CharField(max_length=80)
    description = forms.CharField(required=False, max_length=300, label="Description (optional)")
    phases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=6000, help_text=PHASES_HELP, label="Phases"
    )

    def clean_phases(self) -> list[dict]:
        lines = [line.strip() for line in self.cleaned_data["phases"].splitlines() if line.strip()]
        if len(lines) > PHASES_MAX:
            raise ValidationError(f"A format can have up to {PHASES_MAX} phases.")
        phases = []
        for number, line in enumerate(lines, start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3:
                raise ValidationError(
                    f"Line {number} needs three parts separated by “|”: name | question | minutes."
                )
            phases.append({"name": parts[0], "question": parts[1], "minutes": parts[2]})
        return phases


class CheckoutForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How are you leaving?",
        choices=[
            (1, "1 · Heavy"),
            (2, "2"),
            (3, "3 · Okay"),
            (4, "4"),
            (5, "5 · Lighter"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number from 1 to 5, or simply leave it."},
    )


class ControlForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("start", "next", "back", "break", "break_end", "end")]
    )
