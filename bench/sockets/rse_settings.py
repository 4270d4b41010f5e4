"""RSE's own settings, with the channel layer chosen by the bench (``BENCH_CHANNEL_LAYER``):

- ``memory``: what rse/settings.py gives without RSE_REDIS_URL (rse.realtime.layers);
- ``pubsub``: what it gives with RSE_REDIS_URL (RedisPubSubChannelLayer);
- ``classic``: the same Redis configuration with RedisChannelLayer, to compare the two,
  with one fix: redis-py 8 reads with a 5 s socket timeout by default, the same as the
  layer's blocking BZPOPMIN, so an idle socket's consumer dies with TimeoutError after
  about 5 s (seen here: dozens of sockets lost in the first seconds). 10 s avoids it.

Nothing else differs from production settings.
"""

import os

from rse.settings import *  # noqa: F403
from rse.settings import CHANNEL_LAYERS

if os.environ.get("BENCH_CHANNEL_LAYER") == "classic":
    CHANNEL_LAYERS["default"]["BACKEND"] = "channels_redis.core.RedisChannelLayer"
    for host in CHANNEL_LAYERS["default"]["CONFIG"]["hosts"]:
        host["socket_timeout"] = 10
