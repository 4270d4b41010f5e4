"""Publishing live events, always after the data they describe is committed.

Each browser tab's socket listens on its person's audience (``user.<id>``) and, as later
apps arrive, on the audiences of what it may read. A frame is encoded to JSON once here,
not once per recipient: the consumer forwards the text as it is.
"""

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

FRAME_EVENT = "rse.frame"
CLOSE_EVENT = "rse.close"


def user_audience(user_id):
    return f"user.{user_id}"


def encode_frame(frame):
    return json.dumps(frame, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


def _send(audiences, message):
    layer = get_channel_layer()
    send = async_to_sync(layer.group_send)
    for audience in audiences:
        # The audience travels with the message: a socket that has just left it drops
        # frames still in flight (see RealtimeConsumer.rse_frame).
        send(audience, {**message, "via": audience})


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
