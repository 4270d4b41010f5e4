"""Who is online, away or offline, kept in the shared cache and never broadcast.

Each socket marks its person when it opens and with each ping (every 25 s; the ping says
whether the tab was used lately). A page asks for the presence of the few people it
shows, so the cost grows with what people look at, not with the square of the number of
people online.

A mark is one cache entry written with one call, since it is most of what an idle socket
costs (40 pings a second at 1,000 sockets): whether the tab was used, and when. The
person is online (or away) for ``ONLINE_FOR`` seconds after it, then offline, "last
seen" at that time, for a month.
"""

import time
from datetime import UTC, datetime

from django.core.cache import cache

ONLINE_FOR = 70  # seconds a mark lasts without a ping: a bit more than two pings
LAST_SEEN_FOR = 30 * 24 * 3600
QUERY_MAX = 100


def _key(user_id):
    return f"mark:{user_id}"


async def touch(user_id, *, active=True):
    await cache.aset(_key(user_id), (active, time.time()), timeout=LAST_SEEN_FOR)


async def states(user_ids):
    ids = [int(pk) for pk in user_ids[:QUERY_MAX]]
    found = await cache.aget_many([_key(pk) for pk in ids])
    now = time.time()
    answer = {}
    for pk in ids:
        active, seen = found.get(_key(pk), (False, None))
        if seen is None or now - seen >= ONLINE_FOR:
            state = "offline"
        else:
            state = "online" if active else "away"
        answer[str(pk)] = {
            "state": state,
            "last_seen": None if seen is None else datetime.fromtimestamp(seen, UTC).isoformat(),
        }
    return answer
