from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache

from zenora.health import health_report
from zenora.today import today_cards_for


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("today")
    return render(request, "landing.html")


@login_required
def today(request: HttpRequest) -> HttpResponse:
    return render(request, "today.html", {"cards": today_cards_for(request.user)})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    status = 200 if report["database"]["ok"] else 503
    return JsonResponse(report, status=status)


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, so no context processor runs: whatever broke (often the
    # database) must not break the error page too, or Django's bare fallback goes out instead.
    # The request id (zenora.logging) lets the person quote what the operator finds in the logs.
    reference = getattr(request, "request_id", "")
    return HttpResponse(loader.render_to_string("errors/500.html", {"reference": reference}), status=500)
