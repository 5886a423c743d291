import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from learning.models import Choice, Course, Exercise, Lesson, Question, Resource
from zenora.markdown import render_markdown

PASSWORD = "a-calm-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Learner {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


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
