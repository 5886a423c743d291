"""Every write in learning: loading content, and each learner's progress."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learning.content_loader import (
    CONTENT_ROOT,
    ContentBundle,
    CourseData,
    LessonData,
    read_content,
)
from learning.models import (
    CheckAttempt,
    Choice,
    Course,
    CourseEnrolment,
    Exercise,
    ExerciseCompletion,
    Lesson,
    LessonProgress,
    Question,
    Resource,
    Tag,
)
from zenora.markdown import render_markdown

# Two logs of the same exercise this close together are one practice submitted twice.
EXERCISE_DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.retired} retired"
        )


# --- content -----------------------------------------------------------------------------------


@transaction.atomic
def content_load(*, root: Path = CONTENT_ROOT) -> LoadReport:
    """Load every content file; unchanged files are left alone, so admin edits to them survive.

    Rows are matched by slug, so progress is kept when a lesson changes. A file that is gone
    unpublishes its row instead of deleting it. Any problem in any file raises before a write.
    """
    bundle = read_content(root)
    tags = _tags_for(bundle)
    report = LoadReport()
    _load_courses(bundle.courses, tags, report)
    _load_by_slug(Exercise, bundle.exercises, EXERCISE_FIELDS, tags, report)
    _load_by_slug(Resource, bundle.resources, RESOURCE_FIELDS, tags, report)
    return report


def _tags_for(bundle: ContentBundle) -> dict[str, Tag]:
    slugs: set[str] = set()
    for course in bundle.courses:
        slugs.update(course.tags)
        for lesson in course.lessons:
            slugs.update(lesson.tags)
    for item in [*bundle.exercises, *bundle.resources]:
        slugs.update(item.tags)
    Tag.objects.bulk_create([Tag(slug=slug) for slug in slugs], ignore_conflicts=True)
    return {tag.slug: tag for tag in Tag.objects.filter(slug__in=slugs)}


def _record(report: LoadReport, *, created: bool) -> None:
    if created:
        report.created += 1
    else:
        report.updated += 1


def _load_courses(courses: list[CourseData], tags: dict[str, Tag], report: LoadReport) -> None:
    existing = {course.slug: course for course in Course.objects.all()}
    for data in courses:
        course = existing.get(data.slug)
        if course is not None and course.source_hash == data.source_hash:
            report.unchanged += 1
        else:
            created = course is None
            course = course or Course(slug=data.slug)
            course.title, course.summary, course.audience = data.title, data.summary, data.audience
            course.position, course.is_published = data.position, True
            course.source_path, course.source_hash = data.source_path, data.source_hash
            course.save()
            course.tags.set([tags[slug] for slug in data.tags])
            _record(report, created=created)
        _load_lessons(course, data.lessons, tags, report)
    seen = {data.slug for data in courses}
    report.retired += _retire(Course.objects.exclude(source_path="").exclude(slug__in=seen))


def _load_lessons(
    course: Course, lessons: list[LessonData], tags: dict[str, Tag], report: LoadReport
) -> None:
    existing = {lesson.slug: lesson for lesson in course.lessons.all()}
    for data in lessons:
        lesson = existing.get(data.slug)
        if lesson is not None and lesson.source_hash == data.source_hash:
            report.unchanged += 1
            continue
        created = lesson is None
        lesson = lesson or Lesson(course=course, slug=data.slug)
        lesson.position, lesson.title, lesson.summary = data.position, data.title, data.summary
        lesson.body, lesson.body_html = data.body, render_markdown(data.body)
        lesson.reading_minutes, lesson.reflection_question = data.reading_minutes, data.reflection_question
        lesson.suggests_goal = data.suggests_goal
        lesson.is_published = True
        lesson.source_path, lesson.source_hash = data.source_path, data.source_hash
        lesson.save()
        lesson.tags.set([tags[slug] for slug in data.tags])
        _replace_questions(lesson, data)
        _record(report, created=created)
    seen = {data.slug for data in lessons}
    report.retired += _retire(course.lessons.exclude(source_path="").exclude(slug__in=seen))


def _replace_questions(lesson: Lesson, data: LessonData) -> None:
    """Questions are rebuilt whole; past attempts keep their own copy of what was asked."""
    lesson.questions.all().delete()
    questions = Question.objects.bulk_create(
        [Question(lesson=lesson, position=number, prompt=q.prompt) for number, q in enumerate(data.questions)]
    )
    Choice.objects.bulk_create(
        [
            Choice(
                question=question,
                position=number,
                text=choice.text,
                is_correct=choice.is_correct,
                feedback=choice.feedback,
            )
            for question, q in zip(questions, data.questions, strict=True)
            for number, choice in enumerate(q.choices)
        ]
    )


EXERCISE_FIELDS = ("position", "title", "kind", "summary", "body", "minutes", "rounds", "steps")
RESOURCE_FIELDS = ("position", "title", "kind", "summary", "url", "body", "reading_minutes")


def _load_by_slug(
    model, items: list, fields: tuple[str, ...], tags: dict[str, Tag], report: LoadReport
) -> None:
    """Exercises and resources: create or update each file's row by slug, skip unchanged files
    (so edits made in the admin survive), and unpublish rows whose file has gone."""
    existing = {row.slug: row for row in model.objects.all()}
    for data in items:
        row = existing.get(data.slug)
        if row is not None and row.source_hash == data.source_hash:
            report.unchanged += 1
            continue
        created = row is None
        row = row or model(slug=data.slug)
        for name in fields:
            setattr(row, name, getattr(data, name))
        row.body_html, row.is_published = render_markdown(data.body), True
        row.source_path, row.source_hash = data.source_path, data.source_hash
        row.save()
        row.tags.set([tags[slug] for slug in data.tags])
        _record(report, created=created)
    seen = {data.slug for data in items}
    report.retired += _retire(model.objects.exclude(source_path="").exclude(slug__in=seen))


def _retire(queryset) -> int:
    # Clearing the hash makes a returning file publish its row again.
    return queryset.filter(is_published=True).update(is_published=False, source_hash="")


@transaction.atomic
def content_item_render(*, item: Lesson | Exercise | Resource) -> None:
    """Re-render an item's markdown after an edit in the admin: the same sanitiser as the loader."""
    item.body_html = render_markdown(item.body)
    item.save()


# --- progress ----------------------------------------------------------------------------------


def _touch_enrolment(*, user, course: Course, lesson: Lesson | None = None) -> CourseEnrolment:
    now = timezone.now()
    enrolment, created = CourseEnrolment.objects.get_or_create(
        user=user, course=course, defaults={"last_active_at": now, "last_lesson": lesson}
    )
    if not created:
        enrolment.last_active_at = now
        fields = ["last_active_at"]
        if lesson is not None:
            enrolment.last_lesson = lesson
            fields.append("last_lesson")
        enrolment.save(update_fields=fields)
    return enrolment


@transaction.atomic
def course_start(*, user, course: Course) -> CourseEnrolment:
    """Start (or come back to) a course. Starting twice is the same as starting once."""
    return _touch_enrolment(user=user, course=course)


@transaction.atomic
def lesson_open(*, user, lesson: Lesson) -> LessonProgress:
    """Remember that the learner is on this lesson, so 'continue' brings them back to it."""
    _touch_enrolment(user=user, course=lesson.course, lesson=lesson)
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"last_viewed_at": timezone.now()}
    )
    if not created:
        progress.last_viewed_at = timezone.now()
        progress.save(update_fields=["last_viewed_at"])
    return progress


@transaction.atomic
def lesson_complete(*, user, lesson: Lesson) -> LessonProgress:
    """Mark a lesson done (once; the first completion time is kept) and the course when all are."""
    now = timezone.now()
    enrolment = _touch_enrolment(user=user, course=lesson.course, lesson=lesson)
    progress, _ = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"last_viewed_at": now, "completed_at": now}
    )
    if progress.completed_at is None:
        progress.completed_at = now
        progress.save(update_fields=["completed_at"])
    if enrolment.completed_at is None:
        remaining = (
            Lesson.objects.filter(course=lesson.course, is_published=True)
            .exclude(progress__user=user, progress__completed_at__isnull=False)
            .exists()
        )
        if not remaining:
            enrolment.completed_at = now
            enrolment.save(update_fields=["completed_at"])
    return progress


@transaction.atomic
def check_submit(*, user, lesson: Lesson, token: uuid.UUID, answers: dict[int, int]) -> CheckAttempt:
    """Score a knowledge check and complete the lesson.

    ``answers`` maps question id to choice id. The same token submitted again returns the
    attempt already stored, so a double click or a resent form never counts twice.
    """
    previous = CheckAttempt.objects.filter(user=user, token=token).first()
    if previous is not None:
        if previous.lesson_id != lesson.pk:
            raise ValidationError("This form was already used for another lesson. Please answer again.")
        return previous
    questions = list(lesson.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError("This lesson has no knowledge check.")
    record = []
    for question in questions:
        choices = {choice.pk: choice for choice in question.choices.all()}
        chosen = choices.get(answers.get(question.pk))
        if chosen is None:
            raise ValidationError("Please choose one of the listed answers for every question.")
        correct = next(choice for choice in choices.values() if choice.is_correct)
        record.append(
            {
                "question": question.prompt,
                "answer": chosen.text,
                "feedback": chosen.feedback,
                "correct": chosen.is_correct,
                "correct_answer": correct.text,
                "correct_feedback": correct.feedback,
            }
        )
    attempt, _ = CheckAttempt.objects.get_or_create(
        user=user,
        token=token,
        defaults={
            "lesson": lesson,
            "score": sum(item["correct"] for item in record),
            "total": len(record),
            "answers": record,
        },
    )
    lesson_complete(user=user, lesson=lesson)
    return attempt


@transaction.atomic
def exercise_complete(*, user, exercise: Exercise) -> ExerciseCompletion:
    """Log a practice; a second log within moments is the same practice submitted twice."""
    recent = ExerciseCompletion.objects.filter(
        user=user, exercise=exercise, completed_at__gte=timezone.now() - EXERCISE_DOUBLE_SUBMIT_WINDOW
    ).first()
    return recent or ExerciseCompletion.objects.create(user=user, exercise=exercise)
