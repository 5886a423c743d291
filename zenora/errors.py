"""Optional error reporting to a Sentry-compatible service, stripped of anything private.

Off unless ``SENTRY_DSN`` is set. An event keeps what an operator needs to fix a bug — the
exception, its stack of file names, functions and lines, the URL path, the request id — and
loses everything that could hold what a person wrote: request bodies, cookies, headers, query
strings, local variables of every frame, and the data of breadcrumbs.
"""

from typing import Any

from zenora.logging import current_request_id

# Request headers worth keeping: none of them can carry a person's text or credentials.
_KEPT_HEADERS = {"user-agent", "x-request-id", "content-type", "content-length"}


def _strip_frames(container: Any) -> None:
    for value in (container or {}).get("values") or []:
        stacktrace = value.get("stacktrace") or {}
        for frame in stacktrace.get("frames") or []:
            frame.pop("vars", None)


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send (and before_send_transaction): drop private text from an event."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in _KEPT_HEADERS}
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    _strip_frames(event.get("exception"))
    _strip_frames(event.get("threads"))
    event.pop("extra", None)
    event.pop("user", None)
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs or []
    for crumb in crumbs:
        crumb.pop("data", None)
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(*, dsn: str, environment: str = "production", **options: Any) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from zenora import __version__

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"zenora@{__version__}",
        # What send_default_pii=False means, spelled out (the SDK's newer, stricter form of that
        # switch): no user, no cookies, bodies, query strings or frame variables; then
        # scrub_event removes whatever an integration still attached.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": sorted(_KEPT_HEADERS)}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        include_local_variables=False,
        max_request_body_size="never",
        # Errors only: no performance traces, no profiles.
        traces_sample_rate=0.0,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        **options,
    )
