"""The shared cache in production: Django's Redis cache, made cheaper for what RSE asks
of it most often (a rate-limit count for every chat message, presence marks every
second).

Django's client builds a new ``redis.Redis`` object for every call (61 µs of CPU here,
more than the 42 µs of a SET itself), and Django makes a cache object per thread and per
asyncio context, each with its own connection pool: under ASGI every socket had its own
pool, so a person's first message or presence mark opened a new Redis connection (the
socket bench's profile). Here the process keeps one ``redis.Redis`` and its pool per
server, which redis-py makes safe across threads (and resets after a fork), and
``count()`` is one round trip instead of three (EXISTS, then INCR after an ADD).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

_clients = {}  # (server, options) -> redis.Redis, for every cache object of the process


class _SharedClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        name = (self._servers[index], repr(sorted(self._pool_options.items())))
        client = _clients.get(name)
        if client is None:
            pool = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = _clients.setdefault(name, self._client(connection_pool=pool))
        return client

    def count(self, key, timeout):
        pipeline = self.get_client(key, write=True).pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, timeout, nx=True)
        return pipeline.execute()[0]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient

    def count(self, key, timeout, version=None):
        """Add one to the counter ``key`` (made at 1, living ``timeout`` seconds) and
        return its new value, atomically, in one round trip."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.count(key, self.get_backend_timeout(timeout))
