import json
import urllib.parse
import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.personal_data import personal_data_sections
from learning.forms import TAMPERED_ANSWER
from learning.models import CheckAttempt, Course, CourseEnrolment, ExerciseCompletion, LessonProgress
from learning.services import lesson_complete, lesson_open
from learning.tests.factories import (
    CourseFactory,
    ExerciseFactory,
    LessonFactory,
    ResourceFactory,
    UserFactory,
    question_with_choices,
)
from zenora.today import today_cards_for


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def make_course(lessons: int = 3, *, questions: int = 1, **kwargs) -> Course:
    course = CourseFactory(**kwargs)
    for _ in range(lessons):
        lesson = LessonFactory(course=course)
        for _ in range(questions):
            question_with_choices(lesson)
    return course


def answers_for(lesson, *, correct: bool = True) -> dict[str, str]:
    data = {}
    for question in lesson.questions.prefetch_related("choices"):
        choice = next(c for c in question.choices.all() if c.is_correct == correct)
        data[f"q{question.pk}"] = str(choice.pk)
    return data


# --- catalogue and course ----------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("learning:catalogue"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_catalogue_lists_published_courses_with_my_progress_only(signed_in, user):
    course = make_course(4)
    hidden = CourseFactory(title="Draft course", is_published=False)
    lesson_complete(user=user, lesson=course.lessons.first())
    lesson_complete(user=UserFactory(), lesson=course.lessons.last())

    response = signed_in.get(reverse("learning:catalogue"))

    html = response.content.decode()
    assert course.title in html and hidden.title not in html
    assert '<progress id="catalogue-progress-' + course.slug + '" max="4" value="1">' in html
    assert "1 of 4 lessons done" in html


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 8])
def test_catalogue_query_count_is_flat_with_the_number_of_courses(
    signed_in, user, size, django_assert_max_num_queries
):
    # The limits include every signed-in page's fixed cost (session, user, nav badges).
    for _ in range(size):
        course = make_course(3)
        lesson_complete(user=user, lesson=course.lessons.first())
        ExerciseFactory()
    with django_assert_max_num_queries(20):
        response = signed_in.get(reverse("learning:catalogue"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_course_page_shows_lessons_and_starting_it_opens_the_first_lesson(signed_in, user):
    course = make_course(3)
    first = course.lessons.order_by("position").first()
    page = signed_in.get(course.get_absolute_url())
    assert "Start the course" in page.content.decode()

    response = signed_in.post(reverse("learning:course_start", args=[course.slug]))

    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    assert CourseEnrolment.objects.filter(user=user, course=course).count() == 1


@pytest.mark.django_db
def test_course_start_twice_keeps_one_enrolment(signed_in, user):
    course = make_course(2)
    signed_in.post(reverse("learning:course_start", args=[course.slug]))
    signed_in.post(reverse("learning:course_start", args=[course.slug]))
    assert CourseEnrolment.objects.filter(user=user, course=course).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 15])
def test_course_page_query_count_is_flat_with_the_number_of_lessons(
    signed_in, user, size, django_assert_max_num_queries
):
    course = make_course(size)
    for lesson in list(course.lessons.all())[: size // 2]:
        lesson_complete(user=user, lesson=lesson)
    with django_assert_max_num_queries(16):
        response = signed_in.get(course.get_absolute_url())
    assert response.status_code == 200
    assert f"{size // 2} of {size} lessons done" in response.content.decode()


@pytest.mark.django_db
def test_unpublished_or_unknown_course_and_lesson_answer_404(signed_in):
    hidden = make_course(1, is_published=False)
    lesson = hidden.lessons.first()
    assert signed_in.get(hidden.get_absolute_url()).status_code == 404
    assert signed_in.get(lesson.get_absolute_url()).status_code == 404
    assert signed_in.get(reverse("learning:course_detail", args=["nope"])).status_code == 404
    assert signed_in.post(reverse("learning:course_start", args=[hidden.slug])).status_code == 404


# --- lessons and resume ------------------------------------------------------------------------


@pytest.mark.django_db
def test_lesson_page_records_where_i_am_and_course_page_resumes_there(signed_in, user):
    course = make_course(4)
    lessons = list(course.lessons.order_by("position"))
    response = signed_in.get(lessons[2].get_absolute_url())

    assert response.status_code == 200
    assert LessonProgress.objects.filter(user=user, lesson=lessons[2], completed_at__isnull=True).exists()
    course_page = signed_in.get(course.get_absolute_url()).content.decode()
    assert f'href="{lessons[2].get_absolute_url()}">Begin: {lessons[2].title}' in course_page


@pytest.mark.django_db
def test_lesson_page_shows_sanitised_body_reading_time_and_reflection(signed_in):
    lesson = LessonFactory(body="Hi", body_html="<p>Calm <em>words</em></p>", reading_minutes=7)
    html = signed_in.get(lesson.get_absolute_url()).content.decode()
    assert "<p>Calm <em>words</em></p>" in html
    assert "About 7 minutes to read" in html
    assert lesson.reflection_question in html


@pytest.mark.django_db
def test_lesson_reflection_links_to_a_new_journal_entry_with_the_question_when_the_journal_exists(signed_in):
    lesson = LessonFactory(reflection_question="What stayed with you & why?")
    html = signed_in.get(lesson.get_absolute_url()).content.decode()
    try:
        base = reverse("journals:entry_create")
    except NoReverseMatch:
        assert "Write about this in your private journal" not in html
        return
    expected = base + "?prompt=" + urllib.parse.quote("What stayed with you & why?")
    assert expected == base + "?prompt=What%20stayed%20with%20you%20%26%20why%3F"
    assert f'href="{expected}"' in html


@pytest.mark.django_db
def test_lesson_complete_marks_it_done_and_moves_to_the_next_lesson(signed_in, user):
    course = make_course(2)
    first, second = course.lessons.order_by("position")
    response = signed_in.post(reverse("learning:lesson_complete", args=[course.slug, first.slug]))
    assert response["Location"] == second.get_absolute_url()
    assert LessonProgress.objects.get(user=user, lesson=first).completed_at is not None
    signed_in.post(reverse("learning:lesson_complete", args=[course.slug, second.slug]))
    assert CourseEnrolment.objects.get(user=user, course=course).completed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [1, 6])
def test_lesson_page_query_count_is_flat_with_the_size_of_the_check_and_course(
    signed_in, questions, django_assert_max_num_queries
):
    course = make_course(questions * 2, questions=questions)
    lesson = course.lessons.order_by("position").last()
    with django_assert_max_num_queries(28):
        response = signed_in.get(lesson.get_absolute_url())
    assert response.status_code == 200


# --- knowledge check ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_knowledge_check_scores_and_shows_feedback_on_each_answer(signed_in, user):
    course = make_course(1, questions=2)
    lesson = course.lessons.get()
    data = {"token": str(uuid.uuid4()), **answers_for(lesson, correct=True)}
    wrong_question = lesson.questions.last()
    wrong = wrong_question.choices.filter(is_correct=False).first()
    data[f"q{wrong_question.pk}"] = str(wrong.pk)

    response = signed_in.post(reverse("learning:lesson_check", args=[course.slug, lesson.slug]), data)

    assert response.status_code == 302 and response["Location"].endswith("#check-results")
    attempt = CheckAttempt.objects.get(user=user, lesson=lesson)
    assert (attempt.score, attempt.total) == (1, 2)
    html = signed_in.get(lesson.get_absolute_url()).content.decode()
    assert "You got 1 of 2." in html
    assert wrong.feedback in html
    assert wrong_question.choices.get(is_correct=True).feedback in html
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is not None


@pytest.mark.django_db
def test_knowledge_check_double_submit_stores_one_attempt(signed_in, user):
    course = make_course(1, questions=2)
    lesson = course.lessons.get()
    data = {"token": str(uuid.uuid4()), **answers_for(lesson)}
    url = reverse("learning:lesson_check", args=[course.slug, lesson.slug])
    first = signed_in.post(url, data)
    second = signed_in.post(url, data)
    assert first.status_code == second.status_code == 302
    assert CheckAttempt.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_knowledge_check_rejects_a_tampered_answer_and_keeps_the_others(signed_in, user):
    course = make_course(1, questions=2)
    lesson = course.lessons.get()
    other_lesson_choice = question_with_choices(LessonFactory()).choices.first()
    data = {"token": str(uuid.uuid4()), **answers_for(lesson)}
    first_question, second_question = lesson.questions.order_by("position")
    data[f"q{second_question.pk}"] = str(other_lesson_choice.pk)

    response = signed_in.post(reverse("learning:lesson_check", args=[course.slug, lesson.slug]), data)

    html = response.content.decode()
    assert response.status_code == 422
    assert TAMPERED_ANSWER.replace("'", "&#x27;") in html
    kept = data[f"q{first_question.pk}"]
    assert f'value="{kept}"' in html and "checked" in html
    assert not CheckAttempt.objects.filter(user=user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["not-a-number", "", "99999999"])
def test_knowledge_check_handles_junk_and_missing_answers_without_error(signed_in, user, bad):
    course = make_course(1, questions=1)
    lesson = course.lessons.get()
    question = lesson.questions.get()
    response = signed_in.post(
        reverse("learning:lesson_check", args=[course.slug, lesson.slug]),
        {"token": str(uuid.uuid4()), f"q{question.pk}": bad},
    )
    assert response.status_code == 422
    assert not CheckAttempt.objects.exists()


@pytest.mark.django_db
def test_knowledge_check_with_a_bad_token_is_rejected(signed_in):
    course = make_course(1)
    lesson = course.lessons.get()
    response = signed_in.post(
        reverse("learning:lesson_check", args=[course.slug, lesson.slug]),
        {"token": "x", **answers_for(lesson)},
    )
    assert response.status_code == 422


@pytest.mark.django_db
def test_knowledge_check_token_reused_on_another_lesson_is_refused(signed_in, user):
    course = make_course(2)
    first, second = course.lessons.order_by("position")
    token = str(uuid.uuid4())
    signed_in.post(
        reverse("learning:lesson_check", args=[course.slug, first.slug]),
        {"token": token, **answers_for(first)},
    )
    response = signed_in.post(
        reverse("learning:lesson_check", args=[course.slug, second.slug]),
        {"token": token, **answers_for(second)},
    )
    assert response.status_code == 422
    assert "already used" in response.content.decode()
    assert CheckAttempt.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_knowledge_check_can_be_retaken_and_keeps_each_result(signed_in, user):
    course = make_course(1)
    lesson = course.lessons.get()
    url = reverse("learning:lesson_check", args=[course.slug, lesson.slug])
    signed_in.post(url, {"token": str(uuid.uuid4()), **answers_for(lesson, correct=False)})
    retry = signed_in.get(lesson.get_absolute_url() + "?retry=1").content.decode()
    assert "Check my answers" in retry
    signed_in.post(url, {"token": str(uuid.uuid4()), **answers_for(lesson, correct=True)})
    assert list(CheckAttempt.objects.filter(user=user).values_list("score", flat=True)) == [1, 0]


# --- progress, Today, exercises, library, help now -----------------------------------------------


@pytest.mark.django_db
def test_progress_page_shows_only_my_courses_checks_and_practice(signed_in, user):
    course = make_course(2)
    lesson = course.lessons.first()
    lesson_complete(user=user, lesson=lesson)
    other = make_course(1, title="Someone else's course")
    lesson_open(user=UserFactory(), lesson=other.lessons.get())
    exercise = ExerciseFactory(title="Box breathing")
    ExerciseCompletion.objects.create(user=user, exercise=exercise)

    html = signed_in.get(reverse("learning:progress")).content.decode()

    assert course.title in html and "1 of 2 lessons done" in html
    assert "Someone else" not in html
    assert "Box breathing" in html


@pytest.mark.django_db
def test_today_card_continues_the_course_i_was_last_on(user):
    course = make_course(3)
    lessons = list(course.lessons.order_by("position"))
    lesson_complete(user=user, lesson=lessons[0])
    lesson_open(user=user, lesson=lessons[1])

    [card] = [card for card in today_cards_for(user) if card["name"] == "learning"]

    suggestion = card["context"]["continue"]
    assert suggestion.started and suggestion.lesson == lessons[1]
    assert (suggestion.completed_count, suggestion.lesson_count) == (1, 3)


@pytest.mark.django_db
def test_today_page_shows_continue_learning_with_a_progress_bar(signed_in, user):
    course = make_course(2)
    lesson_complete(user=user, lesson=course.lessons.first())
    html = signed_in.get(reverse("today")).content.decode()
    assert "Continue learning" in html
    assert f'<progress id="today-progress-{course.slug}" max="2" value="1">' in html


@pytest.mark.django_db
def test_today_card_suggests_a_first_course_before_anything_is_started(user):
    course = make_course(2)
    [card] = [card for card in today_cards_for(user) if card["name"] == "learning"]
    assert card["context"]["continue"].course == course
    assert not card["context"]["continue"].started


@pytest.mark.django_db
def test_exercise_page_offers_a_keyboard_pacer_and_logs_practice_privately(signed_in, user):
    exercise = ExerciseFactory(rounds=3)
    html = signed_in.get(exercise.get_absolute_url()).content.decode()
    assert "data-pacer" in html and 'data-rounds="3"' in html
    assert '<button type="button" class="button" data-pacer-toggle>Start</button>' in html
    assert 'role="status" aria-live="polite"' in html
    assert "style=" not in html

    response = signed_in.post(reverse("learning:exercise_complete", args=[exercise.slug]))
    signed_in.post(reverse("learning:exercise_complete", args=[exercise.slug]))  # a double click

    assert response.status_code == 302
    assert ExerciseCompletion.objects.filter(user=user, exercise=exercise).count() == 1
    other = UserFactory()
    signed_in.force_login(other)
    assert "Your recent practice" not in signed_in.get(exercise.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_grounding_exercise_shows_its_steps(signed_in):
    exercise = ExerciseFactory(
        kind="grounding", steps=[{"label": "Five things you can see", "detail": "Look around."}]
    )
    html = signed_in.get(exercise.get_absolute_url()).content.decode()
    assert "data-stepper" in html and "Five things you can see" in html


@pytest.mark.django_db
def test_library_filters_by_theme_and_ignores_unknown_themes(signed_in):
    from learning.models import Tag

    sleep = Tag.objects.create(slug="sleep")
    rest_article = ResourceFactory(title="Rest well")
    sleep_article = ResourceFactory(title="Sleep after hard days")
    sleep_article.tags.add(sleep)

    filtered = signed_in.get(reverse("learning:library") + "?theme=sleep").content.decode()
    unknown = signed_in.get(reverse("learning:library") + "?theme=%3Cscript%3E")

    assert "Sleep after hard days" in filtered and "Rest well" not in filtered
    assert unknown.status_code == 200 and rest_article.title in unknown.content.decode()
    assert signed_in.get(sleep_article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_help_now_is_open_to_everyone_and_shows_the_shipped_guidance(client):
    response = client.get(reverse("learning:help_now"))
    assert response.status_code == 200
    assert "local emergency number" in response.content.decode()


@pytest.mark.django_db
def test_help_now_reads_the_deployments_crisis_resources_file(client, settings, tmp_path):
    path = tmp_path / "crisis.json"
    path.write_text(
        json.dumps(
            {
                "intro": "Our clinic's lines.",
                "resources": [
                    {"name": "Clinic duty line", "phone": "0100 000 000", "hours": "9 to 5",
                     "url": "javascript:alert(1)", "description": "Ask for the duty worker."}
                ],
            }
        )
    )  # fmt: skip
    settings.CRISIS_RESOURCES_FILE = str(path)
    html = client.get(reverse("learning:help_now")).content.decode()
    assert "Clinic duty line" in html and "0100 000 000" in html and "Our clinic" in html
    assert "javascript:" not in html


@pytest.mark.django_db
def test_help_now_reads_the_detail_field_that_the_journal_uses_too(client, settings, tmp_path):
    path = tmp_path / "crisis.json"
    path.write_text(json.dumps({"resources": [{"name": "Night line", "detail": "Open all night."}]}))
    settings.CRISIS_RESOURCES_FILE = str(path)
    html = client.get(reverse("learning:help_now")).content.decode()
    assert "Night line" in html and "Open all night." in html


@pytest.mark.django_db
def test_help_now_falls_back_to_general_guidance_when_the_file_is_broken(client, settings, tmp_path):
    path = tmp_path / "crisis.json"
    path.write_text("{not json")
    settings.CRISIS_RESOURCES_FILE = str(path)
    response = client.get(reverse("learning:help_now"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be read" in html and "local emergency number" in html


@pytest.mark.django_db
def test_personal_data_export_includes_my_learning(user):
    course = make_course(1)
    lesson = course.lessons.get()
    lesson_complete(user=user, lesson=lesson)
    ExerciseCompletion.objects.create(user=user, exercise=ExerciseFactory())
    [section] = [s for s in personal_data_sections() if s.name == "learning"]
    exported = section.export(user)
    assert exported["lessons"][0]["lesson"] == lesson.title
    assert len(exported["exercises"]) == 1
    json.dumps(exported)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 8])
def test_progress_page_query_count_is_flat_with_the_number_of_courses(
    signed_in, user, size, django_assert_max_num_queries
):
    for _ in range(size):
        course = make_course(3)
        lesson = course.lessons.first()
        lesson_complete(user=user, lesson=lesson)
        CheckAttempt.objects.create(user=user, lesson=lesson, score=1, total=1, answers=[])
        ExerciseCompletion.objects.create(user=user, exercise=ExerciseFactory())
    with django_assert_max_num_queries(18):
        response = signed_in.get(reverse("learning:progress"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_staff_edit_a_lesson_in_the_admin_and_the_body_is_sanitised(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    lesson = LessonFactory()
    url = reverse("admin:learning_lesson_change", args=[lesson.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:learning_course_changelist")).status_code == 200

    response = client.post(
        url,
        {
            "course": lesson.course.pk,
            "slug": lesson.slug,
            "position": 1,
            "title": "Edited title",
            "summary": "",
            "body": "New **text** <script>x()</script>",
            "reading_minutes": 3,
            "reflection_question": "",
            "is_published": "on",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Edited title"
    assert "<strong>text</strong>" in lesson.body_html and "<script" not in lesson.body_html


@pytest.mark.django_db
def test_learners_progress_is_not_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:index")).content.decode()
    assert "Lessons" in html
    assert "Exercise completions" not in html and "Check attempts" not in html


@pytest.mark.django_db
def test_suggestions_for_themes_point_at_tagged_lessons_exercises_and_resources():
    from learning.models import Tag
    from learning.selectors import suggestions_for_themes

    sleep = Tag.objects.create(slug="sleep")
    lesson, _other = LessonFactory(), LessonFactory()
    exercise, resource = ExerciseFactory(), ResourceFactory()
    for item in (lesson, exercise, resource):
        item.tags.add(sleep)

    found = suggestions_for_themes(["sleep", "numbness"])

    assert (found.lessons, found.exercises, found.resources) == ([lesson], [exercise], [resource])
