"""RSE's Redis cache (rse/cache.py) and the rate limit that counts through it, against a
real Redis: the one of CI's second pass, or of this machine when it answers."""

import os
import threading
from types import SimpleNamespace

import pytest
import redis

from rse import ratelimit
from rse.cache import RedisCache

REDIS_URL = os.environ.get("RSE_REDIS_URL") or "redis://127.0.0.1:6379/5"


def _reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        return False


pytestmark = pytest.mark.skipif(
    not os.environ.get("RSE_REDIS_URL") and not _reachable(), reason="no Redis here"
)


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-cache-{os.getpid()}"})
    yield cache
    cache.delete_many(["counter", "other"])


def test_count_starts_at_one_and_expires(redis_cache):
    assert [redis_cache.count("counter", 60) for _ in range(3)] == [1, 2, 3]
    key = redis_cache.make_and_validate_key("counter")
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(key) <= 60
    redis_cache.count("counter", 3600)  # a later count does not extend the window
    assert client.ttl(key) <= 60


def test_count_is_atomic_across_threads(redis_cache):
    """Two server threads (or processes) counting at once never lose a count."""
    seen = []

    def count():
        seen.extend(redis_cache.count("other", 60) for _ in range(200))

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 801))


def test_one_client_serves_every_cache_object_and_it_works_as_djangos(redis_cache):
    """Django makes a cache object per asyncio context, so one per socket: they must not
    each open their own Redis connections."""
    another = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-cache-{os.getpid()}"})
    assert another._cache.get_client() is redis_cache._cache.get_client(write=True)
    redis_cache.set_many({"counter": {"a": 1}, "other": "b"}, timeout=30)
    assert redis_cache.get_many(["counter", "other"]) == {"counter": {"a": 1}, "other": "b"}


def test_the_rate_limit_counts_in_redis(redis_cache, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_020.0))
    decisions = [ratelimit.allow("test", 7, limit=3) for _ in range(5)]
    redis_cache.delete("rate:test:7:16667")
    assert decisions == [True, True, True, False, False]
