from django import forms
from django.utils import timezone

from communities.models import Community, Reaction, Report
from communities.moderation_services import NOTE_MAX, PREMODERATION_MAX, REPORT_NOTE_MAX, SLOW_MODE_CHOICES
from communities.safety import THEMES, WARNING_LABEL_MAX
from communities.services import BODY_MAX, TITLE_MAX


class ContentWarningFields(forms.Form):
    """The content-warning fields every composer offers: themes, and a label of the writer's own."""

    warning_themes = forms.MultipleChoiceField(
        label="Content warning",
        choices=THEMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Readers see the warning first and open the text when they choose.",
    )
    warning_label = forms.CharField(
        label="Other warning (optional)",
        max_length=WARNING_LABEL_MAX,
        required=False,
        help_text="In your own words, for example “miscarriage” or “graphic injury”.",
    )


ANONYMOUS_HELP = "Peers see “A member of this group” instead of your name. The group's moderators can still see it was you."


class CommunityForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="For example “Riverside Clinic peer support”.")
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences.",
    )
    guidelines = forms.CharField(
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown. Members accept these before their first post, and again after each change.",
    )
    join_policy = forms.ChoiceField(
        label="How people join", choices=Community.JoinPolicy.choices, initial=Community.JoinPolicy.INVITE
    )


class ThreadForm(ContentWarningFields):
    field_order = ["title", "body", "warning_themes", "warning_label", "anonymous"]
    title = forms.CharField(
        max_length=TITLE_MAX, help_text="Keep the title gentle: it shows before any warning."
    )
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": "true"}),
        help_text="Markdown works. Mention a member with @ and their name.",
    )
    anonymous = forms.BooleanField(
        label="Post anonymously to peers", required=False, help_text=ANONYMOUS_HELP
    )


class PostForm(ContentWarningFields):
    field_order = ["body", "warning_themes", "warning_label", "anonymous"]
    body = forms.CharField(
        label="Your reply",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "data-mentions": "true"}),
        help_text="Markdown works. Mention a member with @ and their name.",
    )
    anonymous = forms.BooleanField(
        label="Reply anonymously to peers", required=False, help_text=ANONYMOUS_HELP
    )


class PostEditForm(ContentWarningFields):
    field_order = ["body", "warning_themes", "warning_label"]
    body = forms.CharField(
        label="Your post",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": "true"}),
        help_text="Markdown works. Mention a member with @ and their name.",
    )


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


class ModerationActionForm(forms.Form):
    ACTIONS = [
        ("approve", "Approve"),
        ("hide", "Hide with a note to the author"),
        ("restore", "Restore"),
        ("delete", "Delete"),
        ("dismiss", "Close the report, no action"),
        ("lock", "Lock the thread"),
        ("suspend", "Suspend the author"),
        ("ban", "Ban the author"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    post_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    message_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    report_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(max_length=NOTE_MAX, required=False)
    reason = forms.CharField(max_length=300, required=False)
    suspend_until = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend":
            until = data.get("suspend_until")
            if until is None or until <= timezone.localdate():
                raise forms.ValidationError("Choose a date in the future to suspend until.")
        return data


class SlowModeForm(forms.Form):
    seconds = forms.TypedChoiceField(
        label="Slow mode",
        coerce=int,
        choices=[
            (s, "Off" if not s else f"One reply per member every {s // 60} minute{'s' if s > 60 else ''}")
            for s in SLOW_MODE_CHOICES
        ],
    )


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


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class InvitationForm(forms.Form):
    expires_in_days = forms.TypedChoiceField(
        label="Link expires after",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[(1, "1 day"), (7, "7 days"), (14, "14 days"), (30, "30 days"), ("", "Never")],
        initial=14,
    )
    max_uses = forms.IntegerField(
        label="Maximum uses",
        min_value=1,
        max_value=10000,
        required=False,
        help_text="Leave empty for no limit.",
    )


class EmailInvitationForm(forms.Form):
    email = forms.EmailField(label="Colleague's email address")
    expires_in_days = forms.TypedChoiceField(
        label="Invitation expires after",
        coerce=int,
        choices=[(7, "7 days"), (14, "14 days"), (30, "30 days")],
        initial=14,
    )


class MemberActionForm(forms.Form):
    ACTIONS = [
        ("make_moderator", "Make moderator"),
        ("make_member", "Make member"),
        ("suspend", "Suspend"),
        ("reinstate", "Reinstate"),
        ("ban", "Ban"),
        ("remove", "Remove"),
        ("transfer", "Hand over ownership"),
        ("approve", "Approve request"),
        ("decline", "Decline request"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    suspend_until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend":
            until = data.get("suspend_until")
            if until is None or until <= timezone.localdate():
                raise forms.ValidationError("Choose a date in the future to suspend until.")
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label="Search your groups", max_length=200, required=False)
