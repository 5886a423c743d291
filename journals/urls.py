from django.urls import path

from journals import views

app_name = "journals"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("new/", views.entry_create, name="entry_create"),
    path("timeline/", views.entry_timeline, name="entry_timeline"),
    path("print/", views.entry_print, name="entry_print"),
    path("<uuid:entry_id>/", views.entry_detail, name="entry_detail"),
    path("<uuid:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("<uuid:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("drafts/save/", views.draft_save, name="draft_save"),
    path("drafts/<uuid:draft_id>/discard/", views.draft_discard, name="draft_discard"),
    path("prompts/", views.prompt_list, name="prompt_list"),
    path("prompts/random/", views.prompt_random, name="prompt_random"),
    path("export/", views.journal_transfer, name="journal_transfer"),
    path("export/zip/", views.journal_export_zip_view, name="export_zip"),
    path("export/json/", views.journal_export_json_view, name="export_json"),
    path("import/", views.journal_import_view, name="import"),
]
