"""Reads for learning pages; each runs a fixed number of queries whatever the content size."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from learning.models import (
    CheckAttempt,
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

RECENT_PRACTICE_LIMIT = 10


def _count_subquery(queryset: QuerySet, outer: str) -> Coalesce:
    counted = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def courses_for_catalogue(user) -> list[Course]:
    """Published courses with lesson counts, and this learner's completed count and enrolment."""
    lessons = Lesson.objects.filter(is_published=True)
    completed = LessonProgress.objects.filter(
        user=user, completed_at__isnull=False, lesson__is_published=True
    )
    courses = list(
        Course.objects.filter(is_published=True)
        .annotate(
            lesson_count=_count_subquery(lessons, "course"),
            completed_count=_count_subquery(completed, "lesson__course"),
        )
        .prefetch_related(Prefetch("enrolments", CourseEnrolment.objects.filter(user=user), to_attr="mine"))
    )
    for course in courses:
        course.enrolment = course.mine[0] if course.mine else None
    return courses


def published_course(slug: str) -> Course | None:
    return Course.objects.filter(is_published=True, slug=slug).first()


@dataclass
class LessonRow:
    lesson: Lesson
    started: bool
    completed: bool


@dataclass
class CourseOutline:
    course: Course
    rows: list[LessonRow]
    enrolment: CourseEnrolment | None
    completed_count: int
    resume_lesson: Lesson | None

    @property
    def lesson_count(self) -> int:
        return len(self.rows)


def course_outline(user, course: Course) -> CourseOutline:
    """The course's lessons with this learner's progress, and where 'continue' should go."""
    lessons = list(course.lessons.filter(is_published=True).order_by("position", "id"))
    progress = {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__course=course)}
    enrolment = CourseEnrolment.objects.filter(user=user, course=course).first()
    rows = [
        LessonRow(
            lesson=lesson,
            started=lesson.pk in progress,
            completed=lesson.pk in progress and progress[lesson.pk].completed_at is not None,
        )
        for lesson in lessons
    ]
    return CourseOutline(
        course=course,
        rows=rows,
        enrolment=enrolment,
        completed_count=sum(row.completed for row in rows),
        resume_lesson=_resume_lesson(rows, enrolment),
    )


def _resume_lesson(rows: list[LessonRow], enrolment: CourseEnrolment | None) -> Lesson | None:
    """The lesson the learner was last on, unless finished: then the first one not yet completed."""
    if not rows:
        return None
    if enrolment is not None and enrolment.last_lesson_id is not None:
        for index, row in enumerate(rows):
            if row.lesson.pk == enrolment.last_lesson_id:
                if not row.completed:
                    return row.lesson
                later = [r.lesson for r in rows[index + 1 :] if not r.completed]
                if later:
                    return later[0]
    unfinished = [row.lesson for row in rows if not row.completed]
    return unfinished[0] if unfinished else rows[0].lesson


def published_lesson(course_slug: str, lesson_slug: str) -> Lesson | None:
    return (
        Lesson.objects.filter(
            is_published=True, course__is_published=True, course__slug=course_slug, slug=lesson_slug
        )
        .select_related("course")
        .prefetch_related(
            "tags",
            Prefetch("questions", Question.objects.prefetch_related("choices").order_by("position", "id")),
        )
        .first()
    )


@dataclass
class LessonNeighbours:
    previous: Lesson | None
    next: Lesson | None
    number: int
    count: int


def lesson_neighbours(lesson: Lesson) -> LessonNeighbours:
    siblings = list(
        Lesson.objects.filter(course_id=lesson.course_id, is_published=True)
        .order_by("position", "id")
        .only("id", "slug", "title", "course_id", "position")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
    for sibling in siblings:
        sibling.course = lesson.course  # their URLs need the course slug; no extra query
    return LessonNeighbours(
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
        number=index + 1,
        count=len(siblings),
    )


def latest_attempt(user, lesson: Lesson) -> CheckAttempt | None:
    return CheckAttempt.objects.filter(user=user, lesson=lesson).first()


def lesson_progress_for(user, lesson: Lesson) -> LessonProgress | None:
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


@dataclass
class ContinueLearning:
    course: Course
    lesson: Lesson | None
    completed_count: int
    lesson_count: int
    started: bool


def continue_learning(user) -> ContinueLearning | None:
    """The course to pick up on Today: the one most recently active and not finished.

    With nothing started yet, suggest the first course for everyone.
    """
    enrolment = (
        CourseEnrolment.objects.filter(user=user, completed_at__isnull=True, course__is_published=True)
        .select_related("course")
        .order_by("-last_active_at")
        .first()
    )
    if enrolment is None:
        course = Course.objects.filter(is_published=True, audience=Course.Audience.EVERYONE).first()
        if course is None:
            return None
        started = False
    else:
        course, started = enrolment.course, True
    outline = course_outline(user, course) if started else None
    if outline is None:
        first = course.lessons.filter(is_published=True).order_by("position", "id").first()
        count = course.lessons.filter(is_published=True).count()
        return ContinueLearning(
            course=course, lesson=first, completed_count=0, lesson_count=count, started=False
        )
    return ContinueLearning(
        course=course,
        lesson=outline.resume_lesson,
        completed_count=outline.completed_count,
        lesson_count=outline.lesson_count,
        started=True,
    )


def published_exercises() -> QuerySet[Exercise]:
    return Exercise.objects.filter(is_published=True).prefetch_related("tags")


def published_exercise(slug: str) -> Exercise | None:
    return published_exercises().filter(slug=slug).first()


def recent_practice(user, *, exercise: Exercise | None = None) -> list[ExerciseCompletion]:
    completions = ExerciseCompletion.objects.filter(user=user).select_related("exercise")
    if exercise is not None:
        completions = completions.filter(exercise=exercise)
    return list(completions[:RECENT_PRACTICE_LIMIT])


def library_resources(tag_slug: str | None = None) -> QuerySet[Resource]:
    resources = Resource.objects.filter(is_published=True).prefetch_related("tags")
    if tag_slug:
        resources = resources.filter(tags__slug=tag_slug)
    return resources


def library_tags() -> QuerySet[Tag]:
    """Themes that at least one published resource carries."""
    return (
        Tag.objects.annotate(n=Count("resources", filter=Q(resources__is_published=True)))
        .filter(n__gt=0)
        .order_by("slug")
    )


def published_resource(slug: str) -> Resource | None:
    return library_resources().filter(slug=slug).first()


@dataclass
class Suggestions:
    lessons: list[Lesson]
    exercises: list[Exercise]
    resources: list[Resource]


def suggestions_for_themes(theme_slugs: list[str], *, limit: int = 3) -> Suggestions:
    """Lessons, exercises and resources tagged with any of these insight themes."""
    lessons = (
        Lesson.objects.filter(is_published=True, course__is_published=True, tags__slug__in=theme_slugs)
        .select_related("course")
        .distinct()
        .order_by("course__position", "position")[:limit]
    )
    exercises = Exercise.objects.filter(is_published=True, tags__slug__in=theme_slugs).distinct()[:limit]
    resources = Resource.objects.filter(is_published=True, tags__slug__in=theme_slugs).distinct()[:limit]
    return Suggestions(lessons=list(lessons), exercises=list(exercises), resources=list(resources))


def progress_overview(user) -> dict:
    """Everything on 'My learning': started courses, check results, recent practice."""
    enrolments = list(
        CourseEnrolment.objects.filter(user=user, course__is_published=True)
        .select_related("course")
        .order_by("-last_active_at")
    )
    courses = {course.pk: course for course in courses_for_catalogue(user)}
    for enrolment in enrolments:
        enrolment.course = courses.get(enrolment.course_id, enrolment.course)
    attempts = list(
        CheckAttempt.objects.filter(user=user).select_related("lesson__course").order_by("-created_at")[:20]
    )
    return {"enrolments": enrolments, "attempts": attempts, "practice": recent_practice(user)}


def personal_data_export(user) -> dict:
    """What a learner's export holds: progress, check results and logged exercises."""
    return {
        "courses": [
            {
                "course": e.course.title,
                "started_at": e.started_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            }
            for e in CourseEnrolment.objects.filter(user=user).select_related("course")
        ],
        "lessons": [
            {
                "lesson": p.lesson.title,
                "course": p.lesson.course.title,
                "started_at": p.started_at.isoformat(),
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
            }
            for p in LessonProgress.objects.filter(user=user).select_related("lesson__course")
        ],
        "knowledge_checks": [
            {
                "lesson": a.lesson.title,
                "score": a.score,
                "total": a.total,
                "answers": a.answers,
                "submitted_at": a.created_at.isoformat(),
            }
            for a in CheckAttempt.objects.filter(user=user).select_related("lesson")
        ],  # fmt: skip
        "exercises": [
            {"exercise": c.exercise.title, "completed_at": c.completed_at.isoformat()}
            for c in ExerciseCompletion.objects.filter(user=user).select_related("exercise")
        ],
    }
