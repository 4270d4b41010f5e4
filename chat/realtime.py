"""The chat's socket commands (docs/realtime.md). Each command asks the door, calls an
action or a read, and answers with one reply frame; a refused or malformed command gets
an error frame that reveals nothing, and the socket stays open.

Typing goes straight to the channel layer (it is not stored: it is worth nothing a few
seconds later) and is throttled per person and room, so its cost grows with the number
of people typing, not with the square of the number of people online.

The socket is core and knows no app: ``COMMANDS`` is registered with it in
``ChatConfig.ready()`` (rse/realtime/commands.py says what a handler may use of the socket).
"""

import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from rse.realtime import presence
from rse.realtime.db import socket_database_sync_to_async
from rse.realtime.publish import FRAME_EVENT, encode_frame

from . import actions, permissions
from .models import Message
from .serializers import message_data

logger = logging.getLogger(__name__)

HISTORY_PAGE = 50
TYPING_EVERY = 3.0  # seconds between two typing events of one person in one room


class CommandError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _room(user, room_id):
    room = permissions.socket_room_or_none(user, room_id)
    if room is None:
        raise CommandError("not_found", _("This conversation does not exist or is not yours."))
    return room


def _seq(frame, name):
    value = frame.get(name, 0)
    if not isinstance(value, int) or value < 0:
        raise CommandError("bad_frame", _("%(name)s must be a whole number.") % {"name": name})
    return value


def _text(frame, name, max_length=None):
    """A text field; missing is empty. Any other JSON type, or text over ``max_length``, is
    a malformed frame: never coerced or cut (a cut client id could match another one)."""
    value = frame.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or (max_length is not None and len(value) > max_length):
        raise TypeError(name)
    return value


def _ids(frame, name):
    """A list of ids; missing is empty. Anything else is a malformed frame."""
    value = frame.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise TypeError(name)
    return value


@socket_database_sync_to_async
def _send(user, frame):
    room = _room(user, frame.get("room"))
    parent = None
    if frame.get("parent") is not None:
        parent = Message.objects.filter(room=room, pk=frame.get("parent")).first()
        if parent is None:
            raise CommandError("not_found", _("The message you reply to does not exist."))
    message, created = actions.send_message(
        author=user,
        room=room,
        body=_text(frame, "body"),
        client_id=_text(frame, "client_id", max_length=64),
        parent=parent,
        attachments=_ids(frame, "attachments"),
    )
    return {
        "type": "chat.ack",
        "room": message.room_id,
        "client_id": message.client_id,
        "id": message.pk,
        "seq": message.seq,
        "duplicate": not created,
    }


@socket_database_sync_to_async
def _history(user, frame):
    """Messages after ``after`` (to fill a gap or resume) or before ``before`` (to
    scroll back), read from the database, never from the channel layer."""
    room = _room(user, frame.get("room"))
    messages = (
        Message.objects.filter(room=room)
        .select_related("author")
        .prefetch_related("reactions", Prefetch("attachments", to_attr="attachment_list"))
    )
    if frame.get("thread") is not None:
        messages = messages.filter(parent=frame.get("thread"))
    elif frame.get("top_level"):
        messages = messages.filter(parent__isnull=True)
    if frame.get("before") is not None:
        page = list(
            messages.filter(seq__lt=_seq(frame, "before")).order_by("-seq")[: HISTORY_PAGE + 1]
        )
        more, page = len(page) > HISTORY_PAGE, page[:HISTORY_PAGE][::-1]
    else:
        page = list(
            messages.filter(seq__gt=_seq(frame, "after")).order_by("seq")[: HISTORY_PAGE + 1]
        )
        more, page = len(page) > HISTORY_PAGE, page[:HISTORY_PAGE]
    return {
        "type": "chat.history",
        "room": room.pk,
        "last_seq": room.last_seq,
        "messages": [message_data(m) for m in page],
        "has_more": more,
    }


@socket_database_sync_to_async
def _read(user, frame):
    room = _room(user, frame.get("room"))
    seq = actions.mark_read(user=user, room=room, seq=_seq(frame, "seq"))
    return {"type": "chat.read_ok", "room": room.pk, "seq": seq}


@socket_database_sync_to_async
def _edit(user, frame):
    message = _message(user, frame)
    actions.edit_message(
        actor=user,
        message=message,
        body=_text(frame, "body"),
    )
    return {"type": "chat.edit_ok", "message": message.pk}


@socket_database_sync_to_async
def _delete(user, frame):
    message = _message(user, frame)
    actions.delete_message(actor=user, message=message)
    return {"type": "chat.delete_ok", "message": message.pk}


@socket_database_sync_to_async
def _react(user, frame):
    message = _message(user, frame)
    active = actions.toggle_reaction(user=user, message=message, kind=str(frame.get("kind")))
    return {"type": "chat.react_ok", "message": message.pk, "active": active}


def _message(user, frame):
    """The message if its room is the person's; the same error for missing and forbidden."""
    message = permissions.message_or_none(user, frame.get("message"))
    if message is None:
        raise CommandError("not_found", _("This message does not exist or is not yours."))
    return message


@socket_database_sync_to_async
def _typing_audiences(user, room_id):
    room = _room(user, room_id)
    if not permissions.can_write(user, room):
        raise CommandError("not_found", _("This conversation does not exist or is not yours."))
    return room.pk, actions.audiences(room), user.display_name


async def _answer(socket, frame, work):
    """Run a command's database ``work`` with the person the socket opened with
    (``socket.user``), not read again per command: a deactivation closes the person's
    sockets, and the door asks whether they are still active within the query that finds
    the room or message anyway. Any failure becomes an error frame."""
    ref = frame.get("ref")
    try:
        reply = await work(socket.user, frame)
    except CommandError as error:
        await socket.send_error(error.code, str(error), ref=ref)
    except PermissionDenied:
        await socket.send_error(
            "not_found", _("This conversation does not exist or is not yours."), ref=ref
        )
    except ValidationError as error:
        # A rate limit passes: the client keeps the message and sends it again later.
        code = "rate_limited" if getattr(error, "code", None) == "rate_limited" else "invalid"
        await socket.send_error(code, " ".join(error.messages), ref=ref)
    except (TypeError, ValueError, OverflowError):  # OverflowError: ids beyond 64 bits
        await socket.send_error("bad_frame", _("This frame's fields are not as expected."), ref=ref)
    except Exception:
        # Whatever went wrong (a locked database, a bug), the socket stays open: the
        # client retries with the same client id, and nothing is stored twice.
        logger.exception("chat command %s failed", frame.get("type"))
        await socket.send_error(
            "server_error", _("Something went wrong on our side. Try again."), ref=ref
        )
    else:
        await socket.send_frame({**reply, "ref": ref})


def _answering(work):
    async def command(socket, frame):
        await _answer(socket, frame, work)

    return command


async def typing(socket, frame):
    ref = frame.get("ref")
    try:
        room_id, audiences, name = await _typing_audiences(socket.user, frame.get("room"))
    except CommandError as error:
        await socket.send_error(error.code, str(error), ref=ref)
        return
    last = getattr(socket, "chat_typing_sent", None)
    if last is None:
        last = socket.chat_typing_sent = {}
    now = time.monotonic()
    if now - last.get(room_id, 0) >= TYPING_EVERY:
        last[room_id] = now
        text = encode_frame(
            {"type": "chat.typing", "room": room_id, "user": socket.user_id, "name": name}
        )
        for audience in audiences:
            await socket.channel_layer.group_send(
                audience, {"type": FRAME_EVENT, "text": text, "via": audience}
            )
    await socket.send_frame({"type": "chat.typing_ok", "room": room_id, "ref": ref})


_presence_visible = socket_database_sync_to_async(permissions.presence_visible)


async def presence_query(socket, frame):
    """The presence of the people a page shows (rse/realtime/presence.py keeps the
    marks), of those only that the asker may know of; their last-seen time only if they
    show it. Ids the door leaves out are left out of the answer, as unknown ones are."""
    ref = frame.get("ref")
    users = frame.get("users")
    if not isinstance(users, list) or not all(isinstance(u, int) for u in users):
        await socket.send_error("bad_frame", _("users must be a list of ids."), ref=ref)
        return
    asked = [pk for pk in users[: presence.QUERY_MAX] if 0 < pk < 2**63]
    visible = await _presence_visible(socket.user, asked)
    found = await presence.states(list(visible))
    for pk, shows_last_seen in visible.items():
        if not shows_last_seen:
            found[str(pk)]["last_seen"] = None
    await socket.send_frame({"type": "presence", "users": found, "ref": ref})


COMMANDS = {
    "chat.send": _answering(_send),
    "chat.history": _answering(_history),
    "chat.read": _answering(_read),
    "chat.edit": _answering(_edit),
    "chat.delete": _answering(_delete),
    "chat.react": _answering(_react),
    "chat.typing": typing,
    "presence.query": presence_query,
}
