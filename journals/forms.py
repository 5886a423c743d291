from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from journals.content_types import (
    BODY_MAX_LENGTH,
    PROMPT_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAGS_MAX,
    TITLE_MAX_LENGTH,
    EntryContent,
    parse_tags,
)
from journals.models import Mood

MOOD_CHOICES = [("", "Not recorded"), *Mood.choices]


class EntryForm(forms.Form):
    """The editor. No maxlength attributes: a browser would silently cut pasted text, so the
    limits are checked on the server, which says so and keeps every character."""

    title = forms.CharField(
        required=False,
        strip=False,
        validators=[MaxLengthValidator(TITLE_MAX_LENGTH)],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Optional.",
    )
    body = forms.CharField(
        label="Entry",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=f"Markdown works: *italic*, **bold**, lists. Up to {BODY_MAX_LENGTH:,} characters.",
        error_messages={"required": "Write something in the entry before saving it."},
    )
    tags = forms.CharField(
        required=False,
        help_text=f"Optional, separated by commas, for example “sleep, supervision”. Up to {TAGS_MAX}.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    mood = forms.TypedChoiceField(
        required=False, choices=MOOD_CHOICES, coerce=int, empty_value=None, label="How are you feeling?"
    )
    prompt = forms.CharField(
        required=False, widget=forms.HiddenInput, validators=[MaxLengthValidator(PROMPT_MAX_LENGTH)]
    )
    draft_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    base_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError("Write something in the entry before saving it.")
        if len(body) > BODY_MAX_LENGTH:
            raise ValidationError(
                f"An entry can be at most {BODY_MAX_LENGTH:,} characters; this one has {len(body):,}. "
                "Your text is still here — split it into two entries."
            )
        return body

    def clean_tags(self) -> list[str]:
        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > TAGS_MAX:
            raise ValidationError(f"Use at most {TAGS_MAX} tags.")
        if any(len(tag) > TAG_MAX_LENGTH for tag in tags):
            raise ValidationError(f"Each tag can be at most {TAG_MAX_LENGTH} characters.")
        return tags

    def content(self) -> EntryContent:
        data = self.cleaned_data
        return EntryContent(
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            mood=data["mood"],
            prompt=data["prompt"],
        )


class DraftForm(EntryForm):
    """Autosave accepts unfinished writing: an empty body is fine, the limits still hold."""

    entry_id = forms.UUIDField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False
        self.fields["draft_id"].required = True

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "")
        if len(body) > BODY_MAX_LENGTH:
            raise ValidationError(
                f"An entry can be at most {BODY_MAX_LENGTH:,} characters; this one has {len(body):,}."
            )
        return body


class SearchForm(forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=200)
    tag = forms.CharField(required=False, max_length=TAG_MAX_LENGTH)
    mood = forms.TypedChoiceField(
        required=False, choices=[("", "Any mood"), *Mood.choices], coerce=int, empty_value=None
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a date, for example 2026-03-01."},
    )  # fmt: skip
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a date, for example 2026-03-31."},
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("The start date is after the end date.")
        return data

    def is_filtering(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Journal file (JSON)",
        help_text="The journal.json from a Zenora journal export, or the file from “Export your data”.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )
