from django.urls import path

from communities.safety import views

# Mounted by communities/urls.py in the communities namespace, ahead of the group pages.
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("support/", views.support, name="support"),
    path("<slug:slug>/posts/<int:post_id>/report/", views.report_post, name="report_post"),
    path("<slug:slug>/rooms/<slug:room_slug>/report/", views.report_message, name="report_message"),
    path("<slug:slug>/moderation/", views.moderation_queue, name="moderation"),
    path("<slug:slug>/threads/<int:thread_id>/slow-mode/", views.thread_slow_mode, name="slow_mode"),
]
