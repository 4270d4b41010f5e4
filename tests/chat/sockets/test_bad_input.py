"""Bad input on the chat's socket: each bad frame answered by a clear error on a socket that
stays open, the length limit, and the rate limit storing nothing beyond it."""

import pytest
from asgiref.sync import sync_to_async

from chat.models import Message, Room
from tests.realtime.sockets import run

from ..conftest import open_tab, send, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


# --- Bad input ---------------------------------------------------------------------------


ROOM = object()  # stands for the team's channel id in the cases below
MESSAGE = object()  # and for a message of it

BAD_FRAMES = [
    # (what is sent, error code, words of the reason)
    ("{not json", "bad_json", "not valid JSON"),
    ('{"type": "chat.explode", "ref": 1}', "unknown_type", "Unknown frame type: chat.explode"),
    ('"chat.send"', "bad_frame", "JSON object with a type"),
    (
        {"type": "chat.send", "room": ROOM, "client_id": "c", "body": "x" * 21},
        "invalid",
        "too long",
    ),
    ({"type": "chat.send", "room": ROOM, "client_id": "c", "body": ""}, "invalid", "empty"),
    ({"type": "chat.send", "room": ROOM, "client_id": "c", "body": " \n\t "}, "invalid", "empty"),
    ({"type": "chat.send", "room": ROOM, "client_id": "c"}, "invalid", "empty"),
    ({"type": "chat.send", "room": ROOM, "body": "hi"}, "invalid", "id its client gave"),
    (
        {"type": "chat.send", "room": ROOM, "client_id": "", "body": "hi"},
        "invalid",
        "id its client",
    ),
    (
        {"type": "chat.send", "room": ROOM, "client_id": "c" * 65, "body": "hi"},
        "bad_frame",
        "fields",
    ),
    (
        {"type": "chat.send", "room": ROOM, "client_id": {"a": 1}, "body": "hi"},
        "bad_frame",
        "fields",
    ),
    (
        {"type": "chat.send", "room": ROOM, "client_id": "c", "body": {"t": "x"}},
        "bad_frame",
        "fields",
    ),
    ({"type": "chat.send", "room": ROOM, "client_id": "c", "body": 42}, "bad_frame", "fields"),
    (
        {"type": "chat.send", "room": "abc", "client_id": "c", "body": "hi"},
        "not_found",
        "not yours",
    ),
    ({"type": "chat.send", "client_id": "c", "body": "hi"}, "not_found", "not yours"),
    (
        {"type": "chat.send", "room": 10**30, "client_id": "c", "body": "hi"},
        "not_found",
        "not yours",
    ),
    ({"type": "chat.send", "room": [1], "client_id": "c", "body": "hi"}, "not_found", "not yours"),
    (
        {"type": "chat.send", "room": ROOM, "client_id": "c", "body": "hi", "parent": 10**6},
        "not_found",
        "reply to",
    ),
    (
        {"type": "chat.send", "room": ROOM, "client_id": "c", "body": "hi", "parent": "abc"},
        "bad_frame",
        "fields",
    ),
    (
        {"type": "chat.history", "room": ROOM, "after": -1},
        "bad_frame",
        "after must be a whole number",
    ),
    ({"type": "chat.history", "room": ROOM, "before": "9"}, "bad_frame", "before must be a whole"),
    ({"type": "chat.history", "room": ROOM, "after": 1.5}, "bad_frame", "whole number"),
    ({"type": "chat.history", "room": ROOM, "thread": "abc"}, "bad_frame", "fields"),
    ({"type": "chat.history", "room": "abc"}, "not_found", "not yours"),
    ({"type": "chat.read", "room": ROOM, "seq": -3}, "bad_frame", "seq must be a whole number"),
    ({"type": "chat.read", "room": ROOM, "seq": "3"}, "bad_frame", "seq must be a whole number"),
    ({"type": "chat.typing", "room": {"id": 1}}, "not_found", "not yours"),
    ({"type": "chat.edit", "message": {"id": MESSAGE}, "body": "x"}, "not_found", "not yours"),
    ({"type": "chat.edit", "message": MESSAGE, "body": ""}, "invalid", "empty"),
    ({"type": "chat.edit", "message": MESSAGE, "body": ["x"]}, "bad_frame", "fields"),
    ({"type": "chat.delete", "message": "1"}, "not_found", "not yours"),
    ({"type": "chat.react", "message": [MESSAGE], "kind": "like"}, "not_found", "not yours"),
    ({"type": "chat.react", "message": MESSAGE, "kind": "love"}, "invalid", "Unknown reaction"),
]


def _fill(value, room, message):
    if value is ROOM:
        return room
    if value is MESSAGE:
        return message
    if isinstance(value, dict):
        return {k: _fill(v, room, message) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, room, message) for v in value]
    return value


def test_bad_input_gets_a_clear_error_and_the_socket_stays_open(team, cookies, settings):
    """Every case of BAD_FRAMES on one socket (one database flush, not thirty): after each,
    the socket still answers, and nothing was stored or published."""
    settings.CHAT_MESSAGE_MAX_CHARS = 20
    message = send(team.owner, team.room, "stored before")
    before = snapshot(team.room)
    asnapshot = sync_to_async(snapshot)

    async def scenario():
        tab, reader = await open_tab(cookies.owner), await open_tab(cookies.member)
        for n, (frame, code, reason) in enumerate(BAD_FRAMES):
            if isinstance(frame, dict):
                await tab.send({**_fill(frame, team.room.pk, message.pk), "ref": f"bad{n}"})
            else:
                await tab.send_text(frame)
            error = await tab.next("error")
            assert (error["code"], reason in error["message"]) == (code, True), (frame, error)
            if isinstance(frame, dict):
                assert error["ref"] == f"bad{n}"
            await tab.ping_pong()  # still open, still answering
            assert await asnapshot(team.room) == before, frame  # nothing stored
        await tab.socket.send_to(bytes_data=b"\x00\x01")
        assert (await tab.next("error"))["code"] == "bad_frame"
        await tab.ping_pong()
        await reader.nothing()  # nothing published
        await tab.close()
        await reader.close()

    run(scenario)


def test_a_message_of_exactly_the_limit_is_accepted(team, cookies, settings):
    settings.CHAT_MESSAGE_MAX_CHARS = 20

    async def scenario():
        tab = await open_tab(cookies.owner)
        ack = await tab.call("chat.send", room=team.room.pk, client_id="c" * 64, body="y" * 20)
        assert ack["type"] == "chat.ack" and ack["client_id"] == "c" * 64
        await tab.close()

    run(scenario)


@pytest.mark.usefixtures("one_rate_window")
def test_a_flood_beyond_the_rate_limit_is_refused_and_stores_nothing(team, cookies, settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 3

    async def scenario():
        tab, reader = await open_tab(cookies.owner), await open_tab(cookies.member)
        replies = [
            await tab.call("chat.send", room=team.room.pk, client_id=f"f{n}", body=f"flood {n}")
            for n in range(6)
        ]
        assert [r["type"] for r in replies] == ["chat.ack"] * 3 + ["error"] * 3
        for refused in replies[3:]:
            assert refused["code"] == "rate_limited"
            assert "too fast" in refused["message"]
        assert [f["message"]["seq"] for f in await reader.drain()] == [1, 2, 3]
        # A resend of a stored message is not a new message: it is still acknowledged.
        resend = await tab.call("chat.send", room=team.room.pk, client_id="f0", body="flood 0")
        assert resend["type"] == "chat.ack" and resend["duplicate"] is True
        await tab.ping_pong()
        await reader.nothing()
        await tab.close()
        await reader.close()

    run(scenario)
    assert list(Message.objects.values_list("client_id", flat=True).order_by("seq")) == [
        "f0",
        "f1",
        "f2",
    ]
    assert Room.objects.get(pk=team.room.pk).last_seq == 3
