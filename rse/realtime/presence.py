"""Who is online, away or offline, kept in the shared cache and never broadcast.

Each socket marks its person when it opens and with each ping (every 25 s; the ping says
whether the tab was used lately). A page asks for the presence of the few people it
shows, so the cost grows with what people look at, not with the square of the number of
people online.

A mark says whether the tab was used, and when. The person is online (or away) for
``ONLINE_FOR`` seconds after it, then offline, "last seen" at that time, for a month.

Marks are most of what an idle socket costs (40 pings a second at 1,000 sockets), so a
process does not write each one: it keeps them and writes those of the last second in
one call (docs/bench-chat.md). Another process sees a mark up to ``WRITE_EVERY`` later;
this process sees its own at once.

Presence is core, not chat's: a mark knows only a person's id and a time, and the socket
makes it itself (on open and on each ping), so no app has to hook into connect, ping or
disconnect. Registered hooks on those would cost a call per ping for nothing an app needs
today; the feed or a profile page may show presence as well as the chat does. ``ping``
is the socket's own command (apps.py). Who may know whose presence is not the core's to
say: ``presence.query`` is the chat's (chat/realtime.py), through its door.
"""

import asyncio
import logging
import time
from datetime import UTC, datetime

from django.core.cache import cache

logger = logging.getLogger(__name__)

ONLINE_FOR = 70  # seconds a mark lasts without a ping: a bit more than two pings
LAST_SEEN_FOR = 30 * 24 * 3600
QUERY_MAX = 100
WRITE_EVERY = 1.0  # seconds a mark waits, at most, before the shared cache has it

_waiting = {}  # this process's marks not written yet, by cache key
_writing_on = None  # the event loop a write is planned on, if any
_tasks = set()  # the writes running (the loop keeps only weak references to tasks)


def _key(user_id):
    return f"mark:{user_id}"


async def touch(user_id, *, active=True):
    global _writing_on
    _waiting[_key(user_id)] = (active, time.time())
    loop = asyncio.get_running_loop()
    if _writing_on is not loop:  # none planned, or on a loop that is gone
        _writing_on = loop
        loop.call_later(WRITE_EVERY, _start_write, loop)


def _start_write(loop):
    task = loop.create_task(_write())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def _write():
    global _writing_on
    _writing_on = None
    marks = dict(_waiting)
    _waiting.clear()
    try:
        await cache.aset_many(marks, timeout=LAST_SEEN_FOR)
    except Exception:
        # Kept for the next write, unless a newer mark of the same person came meanwhile.
        logger.exception("presence marks not written; kept for the next try")
        for key, mark in marks.items():
            _waiting.setdefault(key, mark)


async def states(user_ids):
    ids = [int(pk) for pk in user_ids[:QUERY_MAX]]
    keys = [_key(pk) for pk in ids]
    found = await cache.aget_many(keys)
    found.update((key, _waiting[key]) for key in keys if key in _waiting)
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


async def ping(socket, frame):
    """The ping says whether the tab was used lately: online, or away."""
    await touch(socket.user_id, active=frame.get("active", True) is not False)
    await socket.send_frame({"type": "pong", "ref": frame.get("ref")})
