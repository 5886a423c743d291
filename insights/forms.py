from django import forms

from insights.models import InsightSettings


class InsightSettingsForm(forms.Form):
    enabled = forms.BooleanField(
        required=False,
        label="Show my early-warning level on Today",
        help_text="It is computed from your own data, on this server, and shown to you alone.",
    )
    sensitivity = forms.ChoiceField(
        choices=InsightSettings.Sensitivity.choices,
        widget=forms.RadioSelect,
        label="Sensitivity",
        help_text="How much change it takes before the level moves from steady to watch.",
    )


class SelfCheckForm(forms.Form):
    """One radio group per item of an instrument definition."""

    def __init__(self, definition: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(option["value"]), option["label"]) for option in definition["scale"]]
        for number, item in enumerate(definition["items"], start=1):
            self.fields[item["id"]] = forms.ChoiceField(
                label=f"{number}. {item['text']}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how often this was true for you."},
            )
