from django.urls import path

from communities.rooms import views

# Mounted by communities/urls.py in the communities namespace.
urlpatterns = [
    path("<slug:slug>/rooms/", views.room_list, name="rooms"),
    path("<slug:slug>/rooms/new/", views.room_create, name="room_create"),
    path("<slug:slug>/rooms/<slug:room_slug>/", views.room_detail, name="room"),
    path("<slug:slug>/rooms/<slug:room_slug>/older/", views.room_older, name="room_older"),
    path("<slug:slug>/rooms/<slug:room_slug>/remove/", views.message_remove, name="room_remove"),
    path("<slug:slug>/rooms/<slug:room_slug>/moderate/", views.room_moderate, name="room_moderate"),
    path("<slug:slug>/rooms/<slug:room_slug>/settings/", views.room_settings, name="room_settings"),
]
