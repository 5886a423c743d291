"""The communities namespace: the wings' pages (safety, rooms) mounted beside the forum's.

This module and apps.py are where the app is put together; no other module of the forum
imports a wing.
"""

from django.urls import path

from communities import views
from communities.rooms.urls import urlpatterns as room_urlpatterns
from communities.safety.urls import urlpatterns as safety_urlpatterns

app_name = "communities"

forum_urlpatterns = [
    path("", views.community_list, name="list"),
    path("new/", views.community_create, name="create"),
    path("search/", views.search, name="search"),
    path("join/<str:token>/", views.invite, name="invite"),
    path("<slug:slug>/", views.community_home, name="home"),
    path("<slug:slug>/membership/", views.membership_respond, name="join"),
    path("<slug:slug>/guidelines/", views.guidelines, name="guidelines"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/suggest/", views.member_suggest, name="member_suggest"),
    path("<slug:slug>/settings/", views.community_settings, name="settings"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/<int:membership_id>/", views.person_action, name="person"),
    path("<slug:slug>/invites/", views.invites, name="invites"),
    path("<slug:slug>/invites/<int:invitation_id>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/threads/new/", views.thread_create, name="thread_create"),
    path("<slug:slug>/threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("<slug:slug>/threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("<slug:slug>/threads/<int:thread_id>/subscription/", views.thread_subscribe, name="subscribe"),
    path("<slug:slug>/threads/<int:thread_id>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("<slug:slug>/posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("<slug:slug>/posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("<slug:slug>/posts/<int:post_id>/react/", views.post_react, name="react"),
    path("<slug:slug>/posts/<int:post_id>/history/", views.post_history, name="post_history"),
]

# The safety wing's pages come first: "preferences/" and "support/" would otherwise read as slugs.
urlpatterns = safety_urlpatterns + forum_urlpatterns + room_urlpatterns
