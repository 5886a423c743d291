from django import forms

from accounts.models import User
from accounts.timezones import timezone_names

TIMEZONE_CHOICES = [(name, name.replace("_", " ")) for name in timezone_names()]


class TimezoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", TIMEZONE_CHOICES)
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault("help_text", "Dates, reminders and your daily check-in follow this zone.")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "Choose a time zone from the list, for example Europe/London."},
        )
        super().__init__(**kwargs)


class SignupForm(forms.Form):
    """Fields added to allauth's sign-up form (email and password come from allauth)."""

    display_name = forms.CharField(
        max_length=60,
        help_text="What colleagues see beside your posts, for example “Sam R.”.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    role = forms.ChoiceField(label="Professional role", choices=User.Role.choices, initial=User.Role.OTHER)
    time_zone = TimezoneField()

    field_order = ["email", "display_name", "role", "time_zone", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/zenora.js pre-selects the browser's own zone on a fresh form.
            self.fields["time_zone"].widget.attrs["data-browser-timezone"] = "true"

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Please enter the name colleagues will see.")
        return name

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "role", "time_zone"])


class ProfileForm(forms.ModelForm):
    time_zone = TimezoneField()

    class Meta:
        model = User
        fields = ["display_name", "role", "time_zone", "language"]

    def clean_display_name(self) -> str:
        return SignupForm.clean_display_name(self)


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label="Type DELETE to confirm",
        help_text="This removes your account and everything you wrote. It cannot be undone.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip().upper() != "DELETE":
            raise forms.ValidationError("Type DELETE, in capitals, to confirm.")
        return self.cleaned_data["confirm"]
