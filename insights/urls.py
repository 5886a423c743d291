from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("settings/", views.settings_view, name="settings"),
    path("suggestions/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("self-check/", views.self_check_list, name="self_check_list"),
    path("self-check/<slug:slug>/", views.self_check_take, name="self_check_take"),
    path("self-check/<slug:slug>/history/", views.self_check_history, name="self_check_history"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("reflect/", views.reflect_list, name="reflect_list"),
    path("reflect/<uuid:entry_id>/", views.reflect_entry, name="reflect_entry"),
    path("suggestions/restore/", views.suggestions_restore, name="suggestions_restore"),
]
