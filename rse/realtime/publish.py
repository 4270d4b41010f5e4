"""Publishing live events, always after the data they describe is committed.

Each browser tab's socket listens on its person's audience (``user.<id>``) and, as later
apps arrive, on the audiences of what it may read. A frame is encoded to JSON once here,
not once per recipient: the consumer forwards the text as it is.

Socket commands commit in the one thread where every command of the process waits its
turn (rse/realtime/db.py). That thread does not wait for the channel layer: it hands
what it committed to the event loop's outbox and goes on with the next command, and one
task per loop sends the outbox in the order of the commits. Waiting there was a Redis
round trip per message, during which no other command ran (docs/bench-chat.md). Any
other code (web requests, management commands) sends and waits, as Channels does.
"""

import json
import logging
import threading
from collections import deque

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

logger = logging.getLogger(__name__)

FRAME_EVENT = "rse.frame"
CLOSE_EVENT = "rse.close"


def user_audience(user_id):
    return f"user.{user_id}"


def encode_frame(frame):
    return json.dumps(frame, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


socket_thread = threading.local()  # .loop: the event loop whose socket command runs here
_outboxes = {}  # event loop -> the frames its socket commands committed, not sent yet
_delivering = set()  # the tasks sending them (the loop keeps only weak references)


def _send(audiences, message):
    loop = getattr(socket_thread, "loop", None)
    if loop is not None:
        loop.call_soon_threadsafe(_post, loop, audiences, message)
        return
    send = async_to_sync(get_channel_layer().group_send)
    for audience, addressed in _addressed(audiences, message):
        send(audience, addressed)


def _addressed(audiences, message):
    # The audience travels with the message: a socket that has just left it drops frames
    # still in flight (see RealtimeConsumer.rse_frame).
    return [(audience, {**message, "via": audience}) for audience in audiences]


def _post(loop, audiences, message):
    """On the loop, in the order the commits were handed over."""
    outbox = _outboxes.get(loop)
    if outbox is None:
        outbox = _outboxes[loop] = deque()
        task = loop.create_task(_deliver(loop, outbox))
        _delivering.add(task)
        task.add_done_callback(_delivering.discard)
    outbox.extend(_addressed(audiences, message))


async def _deliver(loop, outbox):
    # One task per loop, while there is something to send: frames leave in commit order.
    layer = get_channel_layer()
    try:
        while outbox:
            audience, message = outbox.popleft()
            try:
                await layer.group_send(audience, message)
            except Exception:
                # Stored already: clients fetch it from the database when they see the gap.
                logger.exception("live event to %s not sent", audience)
    finally:
        del _outboxes[loop]


def publish_on_commit(audiences, frame):
    """Send ``frame`` (a dict with a ``type``) to every socket of ``audiences`` once the
    current transaction commits; nothing is sent if it rolls back."""
    send_on_commit(audiences, {"type": FRAME_EVENT, "text": encode_frame(frame)})


def close_on_commit(audiences, code=4001):
    """Close every socket of ``audiences`` after commit (e.g. a deactivated person's)."""
    send_on_commit(audiences, {"type": CLOSE_EVENT, "code": code})


def send_on_commit(audiences, message):
    """Hand a channel-layer message (not a client frame) to ``audiences`` after commit."""
    audiences = list(audiences)
    transaction.on_commit(lambda: _send(audiences, message))


def subscribe_on_commit(user_id, audience):
    """After commit, add ``audience`` to every open socket of the person."""
    send_on_commit([user_audience(user_id)], {"type": "rse.subscribe", "audience": audience})


def unsubscribe_on_commit(user_id, audience):
    """After commit, the person's open sockets stop receiving ``audience`` at once."""
    send_on_commit([user_audience(user_id)], {"type": "rse.unsubscribe", "audience": audience})
