from django import forms

from notifications.models import NotificationSettings
from notifications.registry import centre_email_kinds


class NotificationSettingsForm(forms.Form):
    email_mode = forms.ChoiceField(
        label="Email me", choices=NotificationSettings.EmailMode.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, prefs: NotificationSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_mode"].initial = prefs.email_mode
        for kind in centre_email_kinds():
            self.fields[f"kind_{kind.key}"] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=prefs.email_kinds.get(kind.key, kind.email_default),
            )

    def email_kinds(self) -> dict[str, bool]:
        return {kind.key: self.cleaned_data.get(f"kind_{kind.key}", False) for kind in centre_email_kinds()}
