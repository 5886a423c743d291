from django import forms

from communities.rooms.models import ChatRoom
from communities.rooms.services import MESSAGE_MAX, ROOM_NAME_MAX, WARNING_MAX
from zenora.textchecks import THEMES


class ChatMessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        error_messages={"required": "Write something before sending."},
    )
    warning_themes = forms.MultipleChoiceField(
        label="Content warning",
        choices=THEMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your message stays hidden behind the warning until each reader opens it.",
    )
    warning = forms.CharField(
        label="Other warning (optional)",
        max_length=WARNING_MAX,
        required=False,
        help_text="In your own words, for example “miscarriage”.",
    )


class ChatRoomForm(forms.Form):
    name = forms.CharField(max_length=ROOM_NAME_MAX)
    topic = forms.CharField(max_length=200, required=False, help_text="One line about what the room is for.")
    retention_days = forms.TypedChoiceField(
        label="Keep messages",
        choices=ChatRoom.Retention.choices,
        coerce=int,
        initial=ChatRoom.Retention.MONTH,
        help_text="Older messages are deleted for good, every night.",
    )


class ChatModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("lock", "unlock", "mute", "unmute", "archive", "unarchive")]
    )
    user_id = forms.IntegerField(required=False)
    minutes = forms.TypedChoiceField(
        label="For",
        coerce=int,
        required=False,
        choices=[(10, "10 minutes"), (60, "an hour"), (24 * 60, "a day"), (7 * 24 * 60, "a week")],
    )
    reason = forms.CharField(max_length=300, required=False, label="Reason (for the moderation log)")
