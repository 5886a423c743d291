from django.urls import path

from communities.rooms import views as chat_views

urlpatterns = [
    path("<slug:slug>/rooms/", chat_views.room_list, name="rooms"),
    path("<slug:slug>/rooms/new/", chat_views.room_create, name="room_create"),
    path("<slug:slug>/rooms/<slug:room_slug>/", chat_views.room_detail, name="room"),
    path("<slug:slug>/rooms/<slug:room_slug>/older/", chat_views.room_older, name="room_older"),
    path("<slug:slug>/rooms/<slug:room_slug>/remove/", chat_views.message_remove, name="room_remove"),
    path("<slug:slug>/rooms/<slug:room_slug>/moderate/", chat_views.room_moderate, name="room_moderate"),
    path("<slug:slug>/rooms/<slug:room_slug>/settings/", chat_views.room_settings, name="room_settings"),
]
