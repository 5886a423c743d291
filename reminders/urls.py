from django.urls import path

from notifications import views as notification_views
from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_settings, name="settings"),
    path("<int:pk>/", views.reminder_detail, name="detail"),
    path("<int:pk>/snooze/", views.reminder_snooze, name="snooze"),
    path("<int:pk>/not-today/", views.reminder_not_today, name="not_today"),
    # Links in emails sent while the outbox lived here: the same signed tokens, served as they
    # are (no redirect, so a mail client's one-click POST still unsubscribes).
    path("unsubscribe/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
]
