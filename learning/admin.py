"""Staff edit courses, lessons, exercises and the library here. Learners' progress is not shown."""

from django.contrib import admin

from learning import services
from learning.models import Choice, Course, Exercise, Lesson, Question, Resource, Tag


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ("position", "title", "slug", "reading_minutes", "is_published")
    show_change_link = True
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "audience", "position", "is_published")
    list_filter = ("audience", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    inlines = [LessonInline]
    readonly_fields = ("source_path",)


class QuestionInline(admin.StackedInline):
    model = Question
    fields = ("position", "prompt")
    show_change_link = True
    extra = 0


class _RenderedMarkdownAdmin(admin.ModelAdmin):
    """Saving goes through the same sanitiser as the content loader."""

    readonly_fields = ("source_path",)

    def save_model(self, request, obj, form, change) -> None:
        services.content_item_render(item=obj)


@admin.register(Lesson)
class LessonAdmin(_RenderedMarkdownAdmin):
    list_display = ("title", "course", "position", "reading_minutes", "is_published")
    list_filter = ("course", "is_published")
    list_select_related = ("course",)
    search_fields = ("title", "body")
    filter_horizontal = ("tags",)
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ("position", "text", "is_correct", "feedback")
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("prompt", "lesson")
    list_select_related = ("lesson",)
    inlines = [ChoiceInline]


@admin.register(Exercise)
class ExerciseAdmin(_RenderedMarkdownAdmin):
    list_display = ("title", "kind", "minutes", "is_published")
    filter_horizontal = ("tags",)


@admin.register(Resource)
class ResourceAdmin(_RenderedMarkdownAdmin):
    list_display = ("title", "kind", "is_published")
    list_filter = ("kind", "is_published")
    filter_horizontal = ("tags",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("slug", "label")
