"""Per-person rate limits kept in the shared cache (Redis in production, so every server
process counts together). A fixed window is enough to stop a runaway script or a stuck
key without getting in the way of a person typing fast."""

import time

from django.core.cache import cache


def allow(scope, key, *, limit, window=60):
    """Count one more action of ``key`` in ``scope``; False once the window is full."""
    cache_key = f"rate:{scope}:{key}:{int(time.time() // window)}"
    return _count(cache_key, timeout=window * 2) <= limit


def _count(key, timeout):
    if hasattr(cache, "count"):  # rse.cache.RedisCache: one round trip
        return cache.count(key, timeout)
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1
