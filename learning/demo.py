"""Demo content and a little progress for the demo clinician."""

import uuid

from accounts.demo import demo_user
from learning import selectors, services
from learning.models import CheckAttempt, Course, Exercise, Lesson

STARTER_COURSE = "understanding-vicarious-trauma"


def seed_learning_demo() -> list[str]:
    report = services.content_load()
    clinician = demo_user("clinician@zenora.example")
    course = Course.objects.filter(slug=STARTER_COURSE).first()
    if course is not None:
        lessons = list(course.lessons.filter(is_published=True).order_by("position")[:3])
        for lesson in lessons[:2]:
            services.lesson_complete(user=clinician, lesson=lesson)
        if len(lessons) > 2:
            services.lesson_open(user=clinician, lesson=lessons[2])
        _answer_first_check(clinician, lessons[:2])
    exercise = Exercise.objects.filter(is_published=True, kind=Exercise.Kind.BREATHING).first()
    if exercise is not None and not selectors.recent_practice(clinician, exercise=exercise):
        services.exercise_complete(user=clinician, exercise=exercise)
    return [f"Learning content: {report}."]


def _answer_first_check(user, lessons: list[Lesson]) -> None:
    """Answer the first knowledge check among these lessons, unless one is answered already."""
    if CheckAttempt.objects.filter(user=user, lesson__in=lessons).exists():
        return
    for lesson in lessons:
        questions = list(lesson.questions.prefetch_related("choices"))
        if questions:
            answers = {q.pk: next(c.pk for c in q.choices.all() if c.is_correct) for q in questions}
            services.check_submit(user=user, lesson=lesson, token=uuid.uuid4(), answers=answers)
            return
