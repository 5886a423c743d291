from django.urls import path

from wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.history, name="history"),
    path("year/", views.history_year, name="history_year"),
    path("check-ins.csv", views.export_csv, name="export_csv"),
    path("check-in/", views.checkin_create, name="checkin_create"),
    path("check-in/<uuid:pk>/", views.checkin_edit, name="checkin_edit"),
    path("goals/", views.goal_list, name="goal_list"),
    path("goals/new/", views.goal_create, name="goal_create"),
    path("goals/<uuid:pk>/", views.goal_detail, name="goal_detail"),
    path("goals/<uuid:pk>/check/", views.goal_check, name="goal_check"),
    path("goals/<uuid:pk>/status/", views.goal_status, name="goal_status"),
    path("weeks/<str:week>/reflection/", views.reflection_edit, name="reflection_edit"),
]
