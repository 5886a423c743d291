from django import forms
from django.utils import timezone

from communities.actions import MEMBER_ACTIONS
from communities.models import Community, Reaction
from communities.services import BODY_MAX, SLOW_MODE_CHOICES, TITLE_MAX
from zenora.textchecks import THEMES, WARNING_LABEL_MAX


def warning_themes_field(*, help_text: str) -> forms.MultipleChoiceField:
    """The content-warning themes a composer offers, in the forum and in live rooms alike."""
    return forms.MultipleChoiceField(
        label="Content warning",
        choices=THEMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def own_warning_field(*, max_length: int, example: str) -> forms.CharField:
    """A content warning in the writer's own words."""
    return forms.CharField(
        label="Other warning (optional)",
        max_length=max_length,
        required=False,
        help_text=f"In your own words, for example {example}.",
    )


class ContentWarningFields(forms.Form):
    """The content-warning fields every forum composer offers: themes, and a label of the writer's own."""

    warning_themes = warning_themes_field(
        help_text="Readers see the warning first and open the text when they choose."
    )
    warning_label = own_warning_field(
        max_length=WARNING_LABEL_MAX, example="“miscarriage” or “graphic injury”"
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


class SlowModeForm(forms.Form):
    seconds = forms.TypedChoiceField(
        label="Slow mode",
        coerce=int,
        choices=[
            (s, "Off" if not s else f"One reply per member every {s // 60} minute{'s' if s > 60 else ''}")
            for s in SLOW_MODE_CHOICES
        ],
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


class SuspensionDate(forms.Form):
    """An action form whose "suspend" needs a date still to come."""

    suspend_until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend":
            until = data.get("suspend_until")
            if until is None or until <= timezone.localdate():
                raise forms.ValidationError("Choose a date in the future to suspend until.")
        return data


class MemberActionForm(SuspensionDate):
    action = forms.ChoiceField(choices=[(key, action.label) for key, action in MEMBER_ACTIONS.items()])


class SearchForm(forms.Form):
    q = forms.CharField(label="Search your groups", max_length=200, required=False)
