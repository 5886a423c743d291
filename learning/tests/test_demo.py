import pytest

from accounts.demo import demo_user, seed_demo_users
from learning.demo import seed_learning_demo
from learning.models import CheckAttempt, CourseEnrolment, ExerciseCompletion, LessonProgress


@pytest.mark.django_db
def test_seed_learning_demo_loads_content_and_gives_the_clinician_some_progress_once():
    seed_demo_users()
    lines = seed_learning_demo()
    clinician = demo_user("clinician@zenora.example")
    counts = (
        LessonProgress.objects.filter(user=clinician, completed_at__isnull=False).count(),
        CheckAttempt.objects.filter(user=clinician).count(),
        ExerciseCompletion.objects.filter(user=clinician).count(),
    )

    seed_learning_demo()

    assert "Learning content" in lines[0]
    assert CourseEnrolment.objects.filter(user=clinician).count() == 1
    assert counts == (2, 1, 1)
    assert (
        LessonProgress.objects.filter(user=clinician, completed_at__isnull=False).count(),
        CheckAttempt.objects.filter(user=clinician).count(),
        ExerciseCompletion.objects.filter(user=clinician).count(),
    ) == counts
