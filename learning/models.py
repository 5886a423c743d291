"""Courses, lessons, knowledge checks, exercises and the resource library, with each learner's progress.

Content rows are loaded from files under ``learning/content`` (see ``learning.content_loader``) and can
be edited in the admin. Progress rows belong to one learner and are never shown to anyone else.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from learning.themes import theme_label


class Tag(models.Model):
    """A theme shared with insights (``learning.themes.THEMES``)."""

    slug = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return theme_label(self.slug)


class ContentFileModel(models.Model):
    """What every item loaded from learning/content/ has: its file and whether it is shown."""

    is_published = models.BooleanField(default=True)
    source_path = models.CharField(max_length=300, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class Course(ContentFileModel):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        FACILITATORS = "facilitators", "Facilitators"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    tags = models.ManyToManyField(Tag, blank=True, related_name="courses")

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:course_detail", args=[self.slug])


class Lesson(ContentFileModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Markdown. Rendered through Zenora's sanitiser when saved.")
    body_html = models.TextField(blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=5)
    reflection_question = models.TextField(blank=True)
    suggests_goal = models.BooleanField(
        default=False, help_text="Offer to turn the lesson into a self-care goal."
    )
    updated_at = models.DateTimeField(auto_now=True)

    tags = models.ManyToManyField(Tag, blank=True, related_name="lessons")

    class Meta:
        ordering = ["course", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="learning_lesson_unique_slug")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson_detail", args=[self.course.slug, self.slug])


class Question(models.Model):
    """One multiple-choice question in a lesson's optional knowledge check."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    prompt = models.TextField()

    class Meta:
        ordering = ["lesson", "position", "id"]

    def __str__(self) -> str:
        return self.prompt[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    feedback = models.TextField(help_text="Shown after answering, whichever way it went.")

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class CourseEnrolment(models.Model):
    """A learner started a course; remembers the lesson they were last on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrolments"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    last_lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    last_active_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_enrolment_unique")]

    def __str__(self) -> str:
        return f"{self.course} (enrolment {self.pk})"


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(auto_now_add=True)
    last_viewed_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="learning_lesson_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lesson} (progress {self.pk})"


class CheckAttempt(models.Model):
    """One submitted knowledge check. ``token`` comes from the form, so a double submit stores once.

    ``answers`` keeps what was asked and chosen as text, so the record survives later edits to
    the lesson's questions.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="check_attempts")
    token = models.UUIDField(default=uuid.uuid4)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="learning_attempt_unique_token")
        ]
        indexes = [models.Index(fields=["user", "lesson", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.lesson}: {self.score}/{self.total}"


class Exercise(ContentFileModel):
    class Kind(models.TextChoices):
        BREATHING = "breathing", "Breathing"
        GROUNDING = "grounding", "Grounding"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown introduction.")
    body_html = models.TextField(blank=True, editable=False)
    minutes = models.PositiveSmallIntegerField(default=2)
    # Breathing: [{"label": "Breathe in", "seconds": 4, "motion": "in"}, …]; grounding: [{"label", "detail"}].
    steps = models.JSONField(default=list)
    rounds = models.PositiveSmallIntegerField(default=4)
    position = models.PositiveIntegerField(default=0)

    tags = models.ManyToManyField(Tag, blank=True, related_name="exercises")

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:exercise_detail", args=[self.slug])


class ExerciseCompletion(models.Model):
    """A learner logged an exercise. Private: shown to that learner alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_completions"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_at", "-id"]
        indexes = [models.Index(fields=["user", "-completed_at"])]

    def __str__(self) -> str:
        return f"{self.exercise} (logged {self.pk})"


class Resource(ContentFileModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        LINK = "link", "Link"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    summary = models.TextField(blank=True)
    url = models.URLField(blank=True, help_text="For links: where the resource lives.")
    body = models.TextField(blank=True, help_text="Markdown, for articles.")
    body_html = models.TextField(blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=3)
    position = models.PositiveIntegerField(default=0)

    tags = models.ManyToManyField(Tag, blank=True, related_name="resources")

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:resource_detail", args=[self.slug])
