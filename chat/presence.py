"""Who is online, away or offline, kept in the shared cache and never broadcast.

Each socket refreshes its person's mark when it opens and with each ping (every 25 s;
the ping says whether the tab was used lately). A page asks for the presence of the few
people it shows, so the cost grows with what people look at, not with the square of
the number of people online. "Last seen" outlives the mark by a month.
"""

from datetime import UTC, datetime

from django.core.cache import cache

ONLINE_FOR = 70  # seconds a mark lasts without a ping: a bit more than two pings
LAST_SEEN_FOR = 30 * 24 * 3600
QUERY_MAX = 100


def _now():
    return datetime.now(tz=UTC)


async def touch(user_id, *, active=True):
    now = _now().isoformat()
    await cache.aset_many(
        {f"presence:{user_id}": "online" if active else "away", f"seen:{user_id}": now},
        timeout=None,
    )
    await cache.atouch(f"presence:{user_id}", ONLINE_FOR)
    await cache.atouch(f"seen:{user_id}", LAST_SEEN_FOR)


async def states(user_ids):
    ids = [int(pk) for pk in user_ids[:QUERY_MAX]]
    keys = [f"presence:{pk}" for pk in ids] + [f"seen:{pk}" for pk in ids]
    found = await cache.aget_many(keys)
    return {
        str(pk): {
            "state": found.get(f"presence:{pk}", "offline"),
            "last_seen": found.get(f"seen:{pk}"),
        }
        for pk in ids
    }
