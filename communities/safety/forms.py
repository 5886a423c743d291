from django import forms

from communities.forms import SuspensionDate
from communities.safety.actions import QUEUE_ACTION_CHOICES
from communities.safety.models import Report
from communities.safety.services import NOTE_MAX, PREMODERATION_MAX, REPORT_NOTE_MAX
from zenora.textchecks import THEMES


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What's the concern?", choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Anything the moderators should know (optional)",
        max_length=REPORT_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the group's moderators read this. The writer is never told who reported.",
    )


class ModerationActionForm(SuspensionDate):
    action = forms.ChoiceField(choices=QUEUE_ACTION_CHOICES)
    post_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    message_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    report_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(max_length=NOTE_MAX, required=False)
    reason = forms.CharField(max_length=300, required=False)


class PremoderationForm(forms.Form):
    premoderate_first_posts = forms.IntegerField(
        label="Hold a new member's first posts for approval",
        min_value=0,
        max_value=PREMODERATION_MAX,
        help_text="How many of each new member's first posts a moderator approves before others see them. 0 turns this off.",
    )


class SafetyPreferencesForm(forms.Form):
    CHOICES = [("ask", "Ask me each time"), ("open", "Always open"), ("hide", "Hide altogether")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in THEMES:
            self.fields[key] = forms.ChoiceField(
                label=label, choices=self.CHOICES, initial="ask", widget=forms.RadioSelect
            )
