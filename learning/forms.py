from django import forms

from learning.models import Lesson

TAMPERED_ANSWER = "That answer isn't one of the choices. Please choose again."


class KnowledgeCheckForm(forms.Form):
    """One radio group per question, named ``q<question id>``; choices are choice ids."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, lesson: Lesson, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the questions end in their own punctuation
        super().__init__(*args, **kwargs)
        self.lesson = lesson
        for number, question in enumerate(lesson.questions.all(), start=1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.prompt}",
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer.", "invalid_choice": TAMPERED_ANSWER},
            )

    def answers(self) -> dict[int, int]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and value
        }
