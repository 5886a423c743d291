"""A view that fails while holding a journal body, for the error-reporting test."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt


class JournalSaveFailed(Exception):
    pass


@csrf_exempt
def failing_save(request):
    body = request.POST["body"]  # noqa: F841 - a local variable holding private text
    draft = {"body": request.POST["body"]}  # noqa: F841
    raise JournalSaveFailed("saving the entry failed")


urlpatterns = [path("failing-save/", failing_save)]
handler500 = "zenora.views.error_500"
