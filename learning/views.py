import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learning import selectors, services
from learning.forms import KnowledgeCheckForm
from learning.links import journal_prompt_url, optional_url
from learning.models import Course, Exercise, Lesson, LessonProgress, Resource
from learning.themes import THEMES, theme_label
from zenora.crisis import crisis_resources


def _course_or_404(slug: str) -> Course:
    course = selectors.published_course(slug)
    if course is None:
        raise Http404
    return course


def _lesson_or_404(course_slug: str, lesson_slug: str) -> Lesson:
    lesson = selectors.published_lesson(course_slug, lesson_slug)
    if lesson is None:
        raise Http404
    return lesson


def _exercise_or_404(slug: str) -> Exercise:
    exercise = selectors.published_exercise(slug)
    if exercise is None:
        raise Http404
    return exercise


def _resource_or_404(slug: str) -> Resource:
    resource = selectors.published_resource(slug)
    if resource is None:
        raise Http404
    return resource


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/catalogue.html",
        {
            "courses": selectors.courses_for_catalogue(request.user),
            "exercises": selectors.published_exercises(),
            "continue": selectors.continue_learning(request.user),
        },
    )


@login_required
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    outline = selectors.course_outline(request.user, _course_or_404(slug))
    return render(request, "learning/course_detail.html", {"outline": outline, "course": outline.course})


@login_required
@require_POST
def course_start(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course_or_404(slug)
    services.course_start(user=request.user, course=course)
    resume = selectors.course_outline(request.user, course).resume_lesson
    return redirect(resume or course)


def _render_lesson(
    request: HttpRequest,
    lesson: Lesson,
    *,
    progress: LessonProgress | None = None,
    form: KnowledgeCheckForm | None = None,
    status: int = 200,
) -> HttpResponse:
    attempt = selectors.latest_attempt(request.user, lesson)
    retrying = form is not None or request.GET.get("retry") == "1"
    if form is None and lesson.questions.all() and (attempt is None or retrying):
        form = KnowledgeCheckForm(lesson=lesson, initial={"token": uuid.uuid4()})
    return render(
        request,
        "learning/lesson_detail.html",
        {
            "lesson": lesson,
            "course": lesson.course,
            "neighbours": selectors.lesson_neighbours(lesson),
            "progress": progress or selectors.lesson_progress_for(request.user, lesson),
            "attempt": None if retrying else attempt,
            "form": form,
            "reflection_url": journal_prompt_url(lesson.reflection_question),
            "goal_url": optional_url("wellbeing:goal_create") if lesson.suggests_goal else None,
        },
        status=status,
    )


@login_required
def lesson_detail(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _lesson_or_404(course_slug, lesson_slug)
    progress = services.lesson_open(user=request.user, lesson=lesson)
    return _render_lesson(request, lesson, progress=progress)


@login_required
@require_POST
def lesson_complete(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _lesson_or_404(course_slug, lesson_slug)
    services.lesson_complete(user=request.user, lesson=lesson)
    following = selectors.lesson_neighbours(lesson).next
    messages.success(request, f"“{lesson.title}” is marked as done. Well done for making the time.")
    return redirect(following or lesson.course)


@login_required
@require_POST
def lesson_check(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _lesson_or_404(course_slug, lesson_slug)
    form = KnowledgeCheckForm(request.POST, lesson=lesson)
    if not form.is_valid():
        return _render_lesson(request, lesson, form=form, status=422)
    try:
        services.check_submit(
            user=request.user, lesson=lesson, token=form.cleaned_data["token"], answers=form.answers()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_lesson(request, lesson, form=form, status=422)
    return redirect(lesson.get_absolute_url() + "#check-results")


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/progress_detail.html", selectors.progress_overview(request.user))


@login_required
def exercise_list(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/exercise_list.html", {"exercises": selectors.published_exercises()})


@login_required
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = _exercise_or_404(slug)
    return render(
        request,
        "learning/exercise_detail.html",
        {"exercise": exercise, "practice": selectors.recent_practice(request.user, exercise=exercise)},
    )


@login_required
@require_POST
def exercise_complete(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = _exercise_or_404(slug)
    services.exercise_complete(user=request.user, exercise=exercise)
    messages.success(request, f"Logged: {exercise.title}. Only you can see this.")
    return redirect(exercise)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    theme = request.GET.get("theme") or ""
    if theme not in THEMES:
        theme = ""
    return render(
        request,
        "learning/resource_list.html",
        {
            "resources": selectors.library_resources(theme or None),
            "tags": selectors.library_tags(),
            "theme": theme,
            "theme_label": theme_label(theme) if theme else "",
        },
    )


@login_required
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "learning/resource_detail.html", {"resource": _resource_or_404(slug)})


def help_now(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: someone in crisis should never meet a login form."""
    return render(request, "learning/help_now.html", {"help": crisis_resources()})
