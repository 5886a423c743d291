from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_profile, name="settings"),
    path("data/", views.data_page, name="data"),
    path("data/export/", views.data_export, name="data_export"),
    path("delete/", views.account_delete_view, name="delete"),
]
