from django.urls import path

from debriefs import views

app_name = "debriefs"

urlpatterns = [
    path("groups/<slug:slug>/", views.session_list, name="list"),
    path("groups/<slug:slug>/new/", views.session_schedule, name="schedule"),
    path("groups/<slug:slug>/formats/", views.format_list, name="formats"),
    path("groups/<slug:slug>/formats/<int:pk>/delete/", views.format_delete, name="format_delete"),
    path("rooms/<int:room_id>/panel/", views.room_panel, name="room_panel"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/calendar.ics", views.session_calendar, name="calendar"),
    path("<int:pk>/control/", views.session_control, name="control"),
    path("<int:pk>/join/", views.session_join, name="join"),
    path("<int:pk>/pass/", views.session_pass, name="pass"),
    path("<int:pk>/check-out/", views.session_checkout, name="checkout"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
]
