"""Forwarded headers count only from TRUSTED_PROXY; /healthz answers any host over http."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import override_settings

from zenora.proxy import TrustedProxyMiddleware, behind_trusted_proxy


def _run(app, scope: dict) -> dict:
    seen: dict = {}

    async def inner(scope, receive, send):
        seen.update(scope)

    # On a thread of its own: the browser tests keep an event loop running in this thread for
    # the rest of the session, and no second loop may start inside it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(inner)(scope, None, None)).result()
    return seen


def _scope(peer: str, *headers: tuple[bytes, bytes], kind: str = "http") -> dict:
    return {
        "type": kind,
        "scheme": "ws" if kind == "websocket" else "http",
        "client": [peer, 41000],
        "headers": [(b"host", b"zenora.example"), *headers],
    }


def _proxy(trusted):
    return lambda inner: TrustedProxyMiddleware(inner, trusted)


def test_the_trusted_proxy_sets_scheme_and_client():
    scope = _run(
        _proxy(["172.28.0.0/16"]),
        _scope("172.28.0.5", (b"x-forwarded-for", b"203.0.113.7"), (b"x-forwarded-proto", b"https")),
    )
    assert scope["scheme"] == "https"
    assert scope["client"][0] == "203.0.113.7"
    assert (b"x-forwarded-proto", b"https") in scope["headers"]


def test_the_nearest_address_the_proxies_did_not_add_is_the_client():
    scope = _run(
        _proxy(["127.0.0.1", "10.0.0.0/8"]),
        _scope("127.0.0.1", (b"x-forwarded-for", b"198.51.100.1, 203.0.113.9, 10.1.2.3")),
    )
    assert scope["client"][0] == "203.0.113.9"


def test_a_websocket_through_the_proxy_is_wss():
    scope = _run(
        _proxy(["127.0.0.1"]), _scope("127.0.0.1", (b"x-forwarded-proto", b"https"), kind="websocket")
    )
    assert scope["scheme"] == "wss"


@pytest.mark.parametrize("trusted", [["127.0.0.1"], []])
def test_anyone_else_loses_every_forwarded_header(trusted):
    scope = _run(
        lambda inner: behind_trusted_proxy(inner, trusted),
        _scope("192.0.2.50", (b"x-forwarded-for", b"1.2.3.4"), (b"x-forwarded-proto", b"https")),
    )
    assert scope["scheme"] == "http"
    assert scope["client"][0] == "192.0.2.50"
    assert [name for name, _ in scope["headers"]] == [b"host"]


@override_settings(ALLOWED_HOSTS=["zenora.example"], SECURE_SSL_REDIRECT=True)
def test_healthz_answers_a_probe_for_another_host_over_http_without_an_error(client, caplog, db):
    with caplog.at_level(logging.WARNING):
        response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    # Everything else still gets the host check and the redirect.
    assert client.get("/", HTTP_HOST="zenora.example").status_code == 301
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
