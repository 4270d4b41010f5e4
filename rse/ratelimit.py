"""Per-person rate limits kept in the shared cache (Redis in production, so every server
process counts together). A fixed window is enough to stop a runaway script or a stuck
key without getting in the way of a person typing fast."""

import time

from django.core.cache import cache


def allow(scope, key, *, limit, window=60):
    """Count one more action of ``key`` in ``scope``; False once the window is full."""
    cache_key = f"rate:{scope}:{key}:{int(time.time() // window)}"
    cache.add(cache_key, 0, timeout=window * 2)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window * 2)
        count = 1
    return count <= limit
