import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.services import account_delete, account_export, profile_update


@login_required
@require_http_methods(["GET", "POST"])
def settings_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Your settings are saved.")
            return redirect("accounts:settings")
        return render(request, "accounts/settings_profile.html", {"form": form}, status=422)
    return render(request, "accounts/settings_profile.html", {"form": form})


@login_required
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/data_export.html")


@login_required
@require_http_methods(["POST"])
@reauthentication_required
def data_export(request: HttpRequest) -> HttpResponse:
    payload = json.dumps(account_export(user=request.user), indent=2, ensure_ascii=False)
    filename = f"zenora-export-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required
@sensitive_post_parameters()
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            account_delete(user=user)
            messages.info(request, "Your account and everything in it have been deleted. Take care.")
            return redirect("landing")
        return render(request, "accounts/account_delete.html", {"form": form}, status=422)
    return render(request, "accounts/account_delete.html", {"form": form})
