from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

# Set by the public invite page; read here so a newcomer who signs up (and verifies) or
# signs in from an invite link lands back on it and joins, instead of on Today.
PENDING_INVITE_SESSION_KEY = "communities_pending_invite"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        token = request.session.get(PENDING_INVITE_SESSION_KEY)
        if token:
            from django.urls import reverse

            return reverse("communities:invite", args=[token])
        return super().get_login_redirect_url(request)
