import pytest

from zenora.ratelimit import hit


def test_hit_allows_up_to_the_limit_then_refuses_on_redis():
    outcomes = [hit("test:redis", limit=3, window_seconds=60) for _ in range(5)]
    assert outcomes == [True, True, True, False, False]


def test_separate_names_are_counted_separately():
    assert [hit("test:a", limit=1, window_seconds=60) for _ in range(2)] == [True, False]
    assert hit("test:b", limit=1, window_seconds=60) is True


def test_hit_works_the_same_on_a_local_memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [hit("test:local", limit=2, window_seconds=60) for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize("attempts", [1, 50])
def test_a_cache_outage_never_blocks_anyone(settings, attempts):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert all(hit("test:outage", limit=1, window_seconds=60) for _ in range(attempts))
