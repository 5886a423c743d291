from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from learning.content_loader import CONTENT_ROOT, ContentInvalid, read_content
from learning.models import Choice, Course, Exercise, Lesson, LessonProgress, Resource
from learning.services import content_item_render, content_load, lesson_complete
from learning.tests.factories import UserFactory

COURSE = """---
title: A small course
summary: Two lessons.
tags: [rest]
---
"""
LESSON = """---
title: {title}
tags: [sleep]
reflection: What helps you rest?
check:
  - question: Which is true?
    choices:
      - text: This one
        correct: true
        feedback: Yes, this one.
      - text: That one
        feedback: Not that one.
---
{body}
"""
EXERCISE = """---
title: Breathe
kind: breathing
steps:
  - {label: In, seconds: 4, motion: in}
  - {label: Out, seconds: 6, motion: out}
---
Sit comfortably.
"""


def write_tree(root: Path, *, lessons: dict[str, str] | None = None) -> Path:
    course = root / "courses" / "small-course"
    course.mkdir(parents=True, exist_ok=True)
    (course / "course.md").write_text(COURSE)
    lessons = lessons or {"01-first.md": "First words.", "02-second.md": "Second words."}
    for name, body in lessons.items():
        (course / name).write_text(LESSON.format(title=name[3:-3].capitalize(), body=body))
    (root / "exercises").mkdir(exist_ok=True)
    (root / "exercises" / "01-breathe.md").write_text(EXERCISE)
    (root / "resources").mkdir(exist_ok=True)
    return root


@pytest.mark.django_db
def test_content_load_of_the_shipped_content_gives_a_full_starter_course_and_a_facilitators_course():
    report = content_load()
    assert report.created > 0
    starter = Course.objects.get(slug="understanding-vicarious-trauma")
    lessons = list(starter.lessons.prefetch_related("questions__choices"))
    assert len(lessons) >= 6
    for lesson in lessons:
        assert lesson.reading_minutes >= 1
        assert lesson.reflection_question
        assert len(lesson.body.split()) > 300
        assert "<h2>" in lesson.body_html
        questions = list(lesson.questions.all())
        assert questions
        for question in questions:
            choices = list(question.choices.all())
            assert sum(choice.is_correct for choice in choices) == 1
            assert all(choice.feedback for choice in choices)
    facilitators = Course.objects.get(slug="running-a-group-debrief")
    assert facilitators.audience == Course.Audience.FACILITATORS
    assert facilitators.lessons.count() >= 3
    assert set(Exercise.objects.values_list("slug", flat=True)) >= {
        "box-breathing",
        "slower-exhale",
        "grounding-5-4-3-2-1",
    }
    assert Resource.objects.filter(kind=Resource.Kind.ARTICLE).count() >= 3


@pytest.mark.django_db
def test_content_load_twice_changes_nothing_the_second_time(tmp_path):
    root = write_tree(tmp_path)
    first = content_load(root=root)
    ids = sorted(Lesson.objects.values_list("pk", flat=True))
    choice_ids = sorted(Choice.objects.values_list("pk", flat=True))
    second = content_load(root=root)
    assert (first.created, first.updated) == (4, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert sorted(Lesson.objects.values_list("pk", flat=True)) == ids
    assert sorted(Choice.objects.values_list("pk", flat=True)) == choice_ids


@pytest.mark.django_db
def test_content_load_updates_a_changed_lesson_and_keeps_everyones_progress(tmp_path):
    root = write_tree(tmp_path)
    content_load(root=root)
    user = UserFactory()
    lesson = Lesson.objects.get(slug="first")
    lesson_complete(user=user, lesson=lesson)
    write_tree(root, lessons={"01-first.md": "Rewritten **words**.", "02-second.md": "Second words."})

    report = content_load(root=root)

    assert report.updated == 1 and report.created == 0
    lesson.refresh_from_db()
    assert "<strong>words</strong>" in lesson.body_html
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is not None


@pytest.mark.django_db
def test_content_load_reports_broken_front_matter_with_file_and_line_and_loads_nothing(tmp_path):
    root = write_tree(tmp_path)
    (root / "courses" / "small-course" / "03-broken.md").write_text(
        '---\ntitle: Broken\ntags: [sleep\nreflection: "unclosed\n---\nBody.\n'
    )

    with pytest.raises(ContentInvalid) as raised:
        content_load(root=root)

    [error] = raised.value.errors
    assert error.path.endswith("courses/small-course/03-broken.md")
    assert error.line == 3  # where the unclosed bracket opens
    assert "03-broken.md, line 3: front matter is not valid YAML" in str(raised.value)
    assert not Course.objects.exists() and not Lesson.objects.exists() and not Exercise.objects.exists()


def test_read_content_points_at_the_exact_line_of_a_yaml_mistake(tmp_path):
    root = write_tree(tmp_path)
    (root / "courses" / "small-course" / "03-colon.md").write_text(
        "---\ntitle: Fine\nsummary: one: two\ntags: [sleep]\n---\nBody.\n"
    )
    with pytest.raises(ContentInvalid) as raised:
        read_content(root)
    assert [(e.path.rsplit("/", 1)[-1], e.line) for e in raised.value.errors] == [("03-colon.md", 3)]


@pytest.mark.django_db
def test_content_load_with_one_bad_file_leaves_earlier_content_untouched(tmp_path):
    root = write_tree(tmp_path)
    content_load(root=root)
    write_tree(root, lessons={"01-first.md": "A change that must not land.", "02-second.md": "Second words."})
    (root / "exercises" / "02-bad.md").write_text("---\ntitle: Bad\nkind: dancing\n---\n")

    with pytest.raises(ContentInvalid) as raised:
        content_load(root=root)

    assert [(e.line, "'kind'" in e.message) for e in raised.value.errors] == [(3, True)]
    assert "must not land" not in Lesson.objects.get(slug="first").body
    assert not Exercise.objects.filter(slug="bad").exists()


@pytest.mark.django_db
def test_read_content_names_the_line_of_an_unknown_theme_and_a_bad_check(tmp_path):
    root = write_tree(tmp_path)
    (root / "courses" / "small-course" / "03-odd.md").write_text(
        "---\ntitle: Odd\nreading_minutes: 3\ntags: [sleep, not-a-theme]\ncheck:\n"
        "  - question: Q?\n    choices:\n      - {text: A, feedback: F}\n      - {text: B, feedback: G}\n---\nBody.\n"
    )
    with pytest.raises(ContentInvalid) as raised:
        read_content(root)
    lines = {error.line: error.message for error in raised.value.errors}
    assert "not-a-theme" in lines[4]
    assert "exactly one choice" in lines[5]


@pytest.mark.django_db
def test_content_load_unpublishes_a_lesson_whose_file_is_gone_and_keeps_its_progress(tmp_path):
    root = write_tree(tmp_path)
    content_load(root=root)
    user = UserFactory()
    second = Lesson.objects.get(slug="second")
    lesson_complete(user=user, lesson=second)
    (root / "courses" / "small-course" / "02-second.md").unlink()

    report = content_load(root=root)

    second.refresh_from_db()
    assert report.retired == 1 and not second.is_published
    assert LessonProgress.objects.filter(user=user, lesson=second).exists()


@pytest.mark.django_db
def test_content_load_keeps_an_admin_edit_while_the_file_is_unchanged(tmp_path):
    root = write_tree(tmp_path)
    content_load(root=root)
    lesson = Lesson.objects.get(slug="first")
    lesson.body = "Edited by staff <script>x()</script>"
    content_item_render(item=lesson)

    content_load(root=root)

    lesson.refresh_from_db()
    assert lesson.body.startswith("Edited by staff")
    assert "<script" not in lesson.body_html


@pytest.mark.django_db
def test_load_learning_content_command_says_which_file_and_line_is_broken(tmp_path):
    root = write_tree(tmp_path)
    (root / "resources" / "01-link.md").write_text("---\ntitle: A link\nkind: link\nurl: ftp://x\n---\n")
    with pytest.raises(CommandError, match=r"(?s)Nothing was loaded.*01-link.md, line 4"):
        call_command("load_learning_content", path=root)
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_load_learning_content_command_loads_the_shipped_content(capsys):
    call_command("load_learning_content")
    assert "Learning content loaded" in capsys.readouterr().out
    assert Course.objects.filter(is_published=True).count() >= 2
    assert CONTENT_ROOT.is_dir()
