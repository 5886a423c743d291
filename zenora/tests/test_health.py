import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_on_postgres_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["database"]["ok"] is True
    assert report["cache"]["ok"] is True
    assert report["channel_layer"] == {
        **report["channel_layer"],
        "ok": True,
        "backend": "RedisPubSubChannelLayer",
    }
    assert report["broker"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    # Point the connection at a port where nothing listens: a real failure, not a stub.
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    connection.close()
    try:
        response = client.get("/healthz")
    finally:
        monkeypatch.undo()
        connection.close()
    assert response.status_code == 503
    report = json.loads(response.content)
    assert report["database"]["ok"] is False
    assert report["cache"]["ok"] is True


def test_healthz_reports_a_redis_outage_without_failing_the_page(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == {"ok": False, "error": "ConnectionError"}
