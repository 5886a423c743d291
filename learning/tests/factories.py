import factory

from accounts.tests.factories import DEFAULT_PASSWORD as PASSWORD
from accounts.tests.factories import UserFactory
from learning.models import Choice, Course, Exercise, Lesson, Question, Resource
from zenora.markdown import render_markdown

__all__ = ["PASSWORD", "UserFactory"]


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A short course."
    position = factory.Sequence(int)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "## A heading\n\nSome *gentle* words."
    body_html = factory.LazyAttribute(lambda lesson: render_markdown(lesson.body))
    reading_minutes = 4
    reflection_question = "What stayed with you today?"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(int)
    prompt = factory.Sequence(lambda n: f"Question {n}?")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Answer {n}")
    is_correct = False
    feedback = factory.Sequence(lambda n: f"Feedback {n}.")


def question_with_choices(lesson: Lesson, *, correct_index: int = 0, count: int = 3) -> Question:
    question = QuestionFactory(lesson=lesson)
    for index in range(count):
        ChoiceFactory(question=question, is_correct=index == correct_index)
    return question


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    title = factory.Sequence(lambda n: f"Exercise {n}")
    kind = Exercise.Kind.BREATHING
    summary = "Breathe."
    steps = factory.LazyFunction(
        lambda: [
            {"label": "Breathe in", "seconds": 4, "motion": "in"},
            {"label": "Breathe out", "seconds": 6, "motion": "out"},
        ]
    )
    rounds = 2


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    slug = factory.Sequence(lambda n: f"resource-{n}")
    title = factory.Sequence(lambda n: f"Resource {n}")
    body = "Some words."
    body_html = "<p>Some words.</p>"
