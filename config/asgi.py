import os

from django.core.asgi import get_asgi_application

from zenora.logging import install_daphne_access_log

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
install_daphne_access_log()
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from zenora.proxy import behind_trusted_proxy  # noqa: E402

# X-Forwarded-Proto/-For count only when they come from TRUSTED_PROXY (zenora/proxy.py).
application = behind_trusted_proxy(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    ),
    settings.TRUSTED_PROXY,
)
