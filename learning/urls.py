from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("progress/", views.progress, name="progress"),
    path("help-now/", views.help_now, name="help_now"),
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("exercises/<slug:slug>/done/", views.exercise_complete, name="exercise_complete"),
    path("courses/<slug:slug>/", views.course_detail, name="course_detail"),
    path("courses/<slug:slug>/start/", views.course_start, name="course_start"),
    path("courses/<slug:course_slug>/<slug:lesson_slug>/", views.lesson_detail, name="lesson_detail"),
    path(
        "courses/<slug:course_slug>/<slug:lesson_slug>/done/", views.lesson_complete, name="lesson_complete"
    ),
    path("courses/<slug:course_slug>/<slug:lesson_slug>/check/", views.lesson_check, name="lesson_check"),
]
