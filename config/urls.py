from django.contrib import admin
from django.urls import include, path

from zenora import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("today/", views.today, name="today"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("groups/", include("communities.urls")),
    path("debriefs/", include("debriefs.urls")),
    path("journal/", include("journals.urls")),
    path("wellbeing/", include("wellbeing.urls")),
    path("insights/", include("insights.urls")),
    path("learn/", include("learning.urls")),
    path("notifications/", include("notifications.urls")),
    path("reminders/", include("reminders.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "zenora.views.error_400"
handler403 = "zenora.views.error_403"
handler404 = "zenora.views.error_404"
handler500 = "zenora.views.error_500"
