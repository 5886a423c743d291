from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_settings, name="settings"),
    path("<int:pk>/", views.reminder_detail, name="detail"),
    path("<int:pk>/snooze/", views.reminder_snooze, name="snooze"),
    path("<int:pk>/not-today/", views.reminder_not_today, name="not_today"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
