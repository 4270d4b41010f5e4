"""The chat's socket commands, frame by frame (docs/realtime.md): every reply and live
event, each bad input answered by an error frame on a socket that stays open, and
"nothing lost": idempotent resends, resuming from the database, nothing published that
was not committed, a client that stops reading closed with 4008 and resuming."""

import asyncio
from contextlib import suppress
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import connection, transaction

from chat import actions
from chat import realtime as chat_realtime
from chat.models import Message, MessageReaction, ReadState, Room
from rse.realtime import consumer as consumer_module
from tests.realtime.sockets import communicator, run

from .conftest import WAIT, asend, cookie_of, make_channel, open_tab, send, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cookies(team):
    return SimpleNamespace(
        owner=cookie_of(team.owner),
        member=cookie_of(team.member),
        moderator=cookie_of(team.moderator),
        outsider=cookie_of(team.outsider),
    )


# --- chat.send ---------------------------------------------------------------------------


def test_send_is_acked_and_every_reader_gets_the_same_numbered_message(team, cookies):
    direct = actions.open_direct(actor=team.owner, other=team.member)
    mention = f"@{team.member.handle}"

    async def scenario():
        owner, owner2 = await open_tab(cookies.owner), await open_tab(cookies.owner)
        member, moderator = await open_tab(cookies.member), await open_tab(cookies.moderator)
        outsider = await open_tab(cookies.outsider)

        acks = []
        for n in range(1, 4):
            acks.append(
                await owner.call(
                    "chat.send", room=team.room.pk, client_id=f"m{n}", body=f"**hi** {n} {mention}"
                )
            )
        for n, ack in enumerate(acks, start=1):
            assert ack == {
                "type": "chat.ack",
                "room": team.room.pk,
                "client_id": f"m{n}",
                "id": ack["id"],
                "seq": n,
                "duplicate": False,
                "ref": ack["ref"],
            }
        for tab in (owner, owner2, member, moderator):  # the sender's tabs too
            live = [await tab.next("chat.message") for _ in range(3)]
            assert [f["message"]["seq"] for f in live] == [1, 2, 3]
            assert [f["message"]["id"] for f in live] == [a["id"] for a in acks]
            first = live[0]["message"]
            assert live[0]["room"] == first["room"] == team.room.pk
            assert first["client_id"] == "m1"
            assert first["author"] == {"id": team.owner.pk, "name": "Paula Person"}
            assert "<strong>hi</strong> 1" in first["html"]
            assert first["mentions"] == [team.member.pk]
            assert first["parent"] is None and first["reply_count"] == 0
            assert first["edited"] is first["deleted"] is False
            await tab.nothing()
        await outsider.nothing()

        # Each room numbers its own messages, one by one, whoever writes.
        in_direct = await member.call("chat.send", room=direct.pk, client_id="d1", body="psst")
        again = await owner.call("chat.send", room=team.room.pk, client_id="m4", body="four")
        in_direct2 = await owner.call("chat.send", room=direct.pk, client_id="d2", body="yes?")
        assert (in_direct["seq"], again["seq"], in_direct2["seq"]) == (1, 4, 2)
        assert [f["message"]["seq"] for f in await moderator.drain()] == [4]  # not the DM
        await outsider.nothing()
        for tab in (owner, owner2, member, moderator, outsider):
            await tab.close()

    run(scenario)
    room = Room.objects.get(pk=team.room.pk)
    assert room.last_seq == 4
    assert list(room.messages.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert ReadState.objects.get(room=room, user=team.owner).last_read_seq == 4
    assert ReadState.objects.get(room=room, user=team.member).mention_count == 3


def test_the_command_thread_does_not_wait_for_the_channel_layer(team, cookies, monkeypatch):
    """Every command of the process runs in one thread, which hands what it committed to
    the event loop and goes on (rse/realtime/publish.py): with the layer held up (a slow
    Redis), messages are still stored and acked; when it moves again, readers get them
    in the order of their numbers."""
    layer = get_channel_layer()
    group_send = layer.group_send
    held = None

    async def slow_group_send(group, message):
        if message["type"] == "rse.frame":
            await held.wait()
        await group_send(group, message)

    monkeypatch.setattr(layer, "group_send", slow_group_send)

    async def scenario():
        nonlocal held
        held = asyncio.Event()
        owner, member = await open_tab(cookies.owner), await open_tab(cookies.member)
        acks = [
            await owner.call("chat.send", room=team.room.pk, client_id=f"h{n}", body=f"{n}")
            for n in range(1, 4)
        ]
        assert [(a["type"], a["seq"]) for a in acks] == [("chat.ack", n) for n in (1, 2, 3)]
        await member.nothing()
        held.set()
        assert [(await member.next("chat.message"))["message"]["seq"] for _ in acks] == [1, 2, 3]
        for tab in (owner, member):
            await tab.close()

    run(scenario)


@pytest.mark.parametrize("thread", [False, True])
def test_chat_send_makes_at_most_six_statements(team, thread, django_assert_max_num_queries):
    """What the socket's worker thread runs for one chat.send, with the person the socket
    opened with: the room and its door, the number, the message, the sender's read state
    (a thread reply: its parent, counted instead). It was 13, then 7 (the membership read
    apart); it must not creep back."""
    send = chat_realtime._send.func  # the body database_sync_to_async runs
    first = send(team.owner, {"room": team.room.pk, "client_id": "first", "body": "hi"})
    frame = {"room": team.room.pk, "client_id": "second", "body": "hello"}
    if thread:
        frame["parent"] = first["id"]
    with django_assert_max_num_queries(6 + thread):
        ack = send(team.owner, frame)
    assert (ack["type"], ack["seq"], ack["duplicate"]) == ("chat.ack", 2, False)


def test_commands_keep_their_database_connection(team, cookies, monkeypatch):
    """A socket's commands run one after another in one thread, which keeps its
    connection: a new one per command cost more than the statements of a chat message
    (rse/realtime/db.py). Here that thread is the test's (asgiref runs thread-sensitive
    work in the thread that started the event loop)."""
    closed = []
    monkeypatch.setattr(connection, "close", lambda: closed.append(True))

    async def scenario():
        tab = await open_tab(cookies.owner)
        for n in range(3):
            ack = await tab.call("chat.send", room=team.room.pk, client_id=f"k{n}", body="hi")
            assert ack["type"] == "chat.ack"
        await tab.close()

    run(scenario)
    assert closed == []


def test_replies_go_to_a_thread_of_the_same_room(team, cookies):
    async def scenario():
        owner, member = await open_tab(cookies.owner), await open_tab(cookies.member)
        ask = await owner.call("chat.send", room=team.room.pk, client_id="q", body="Why?")
        reply = await member.call(
            "chat.send", room=team.room.pk, client_id="a", body="Because.", parent=ask["id"]
        )
        assert reply["type"] == "chat.ack" and reply["seq"] == 2
        live = [await owner.next("chat.message") for _ in range(2)]
        assert live[1]["message"]["parent"] == ask["id"]
        nested = await owner.call(
            "chat.send", room=team.room.pk, client_id="n", body="Nested?", parent=reply["id"]
        )
        assert nested["type"] == "error" and nested["code"] == "invalid"
        await owner.close()
        await member.close()

    run(scenario)
    assert Message.objects.get(seq=1, room=team.room).reply_count == 1


# --- chat.history ------------------------------------------------------------------------


def test_history_after_before_and_thread(team, cookies, settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 1000
    for n in range(1, 61):
        send(team.member, team.room, f"message {n}", client_id=f"h{n}")
    parent = Message.objects.get(room=team.room, seq=2)
    for n in range(3):
        send(team.owner, team.room, f"reply {n}", client_id=f"r{n}", parent=parent)  # 61..63

    async def scenario():
        tab = await open_tab(cookies.owner)

        async def history(**fields):
            reply = await tab.call("chat.history", room=team.room.pk, **fields)
            assert reply["type"] == "chat.history" and reply["room"] == team.room.pk
            assert reply["last_seq"] == 63
            return [m["seq"] for m in reply["messages"]], reply["has_more"]

        assert await history(after=0) == (list(range(1, 51)), True)
        assert await history() == (list(range(1, 51)), True)  # from the start
        assert await history(after=50) == (list(range(51, 64)), False)
        assert await history(after=63) == ([], False)
        assert await history(after=1000) == ([], False)
        assert await history(before=64) == (list(range(14, 64)), True)  # oldest first
        assert await history(before=14) == (list(range(1, 14)), False)
        assert await history(before=1) == ([], False)
        assert await history(thread=parent.pk) == ([61, 62, 63], False)
        assert await history(thread=parent.pk, after=61) == ([62, 63], False)
        assert await history(thread=parent.pk, before=63) == ([61, 62], False)
        full = await tab.call("chat.history", room=team.room.pk, thread=parent.pk)
        assert [m["html"].strip() for m in full["messages"]] == [
            f"<p>reply {n}</p>" for n in range(3)
        ]
        assert all(m["parent"] == parent.pk for m in full["messages"])
        await tab.close()

    run(scenario)


# --- chat.read ---------------------------------------------------------------------------


def test_read_moves_forward_only_and_tells_the_person_other_tabs(team, cookies):
    for n in range(4):
        send(team.member, team.room, f"m {n}")
    last_read = sync_to_async(
        lambda: ReadState.objects.get(room=team.room, user=team.owner).last_read_seq
    )

    async def scenario():
        tab, other_tab = await open_tab(cookies.owner), await open_tab(cookies.owner)
        member = await open_tab(cookies.member)
        ok = await tab.call("chat.read", room=team.room.pk, seq=3)
        assert ok == {"type": "chat.read_ok", "room": team.room.pk, "seq": 3, "ref": ok["ref"]}
        assert await other_tab.next() == {"type": "chat.read", "room": team.room.pk, "seq": 3}
        await other_tab.nothing()

        back = await tab.call("chat.read", room=team.room.pk, seq=1)
        assert back["type"] == "chat.read_ok" and back["seq"] == 3  # never moves back
        await other_tab.nothing()
        assert await last_read() == 3

        # Not even while a mention waits (seq 5).
        await asend(team.member, team.room, f"@{team.owner.handle} look")
        assert (await other_tab.next("chat.message"))["message"]["mentions"] == [team.owner.pk]
        back = await tab.call("chat.read", room=team.room.pk, seq=2)
        assert back["seq"] == 3
        assert await last_read() == 3
        assert all(f["seq"] == 3 for f in await other_tab.drain() if f["type"] == "chat.read")

        beyond = await tab.call("chat.read", room=team.room.pk, seq=999)
        assert beyond["seq"] == 5  # no further than the room's newest message
        assert (await other_tab.next("chat.read"))["seq"] == 5
        # Read state is nobody else's business.
        assert [f["type"] for f in await member.drain()] == ["chat.message"]
        for t in (tab, other_tab, member):
            await t.close()

    run(scenario)
    state = ReadState.objects.get(room=team.room, user=team.owner)
    assert (state.last_read_seq, state.mention_count) == (5, 0)


# --- chat.typing -------------------------------------------------------------------------


def test_typing_reaches_the_others_at_most_once_every_three_seconds(team, cookies, monkeypatch):
    assert chat_realtime.TYPING_EVERY == 3.0  # the documented period
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(chat_realtime, "time", SimpleNamespace(monotonic=lambda: clock.now))

    async def scenario():
        typist = await open_tab(cookies.owner)
        member, moderator = await open_tab(cookies.member), await open_tab(cookies.moderator)
        outsider = await open_tab(cookies.outsider)
        ok = await typist.call("chat.typing", room=team.room.pk)
        assert ok == {"type": "chat.typing_ok", "room": team.room.pk, "ref": ok["ref"]}
        expected = {
            "type": "chat.typing",
            "room": team.room.pk,
            "user": team.owner.pk,
            "name": "Paula Person",
        }
        assert await member.next() == expected
        assert await moderator.next() == expected

        again = await typist.call("chat.typing", room=team.room.pk)
        assert again["type"] == "chat.typing_ok"
        await member.nothing()  # within the period: not broadcast again
        await moderator.nothing()

        clock.now += 2.9
        await typist.call("chat.typing", room=team.room.pk)
        await member.nothing()  # still within the period
        clock.now += 0.1
        await typist.call("chat.typing", room=team.room.pk)
        assert await member.next() == expected  # after the period: broadcast again
        await outsider.nothing()
        for tab in (typist, member, moderator, outsider):
            await tab.close()

    run(scenario)
    assert not Message.objects.exists()  # typing is never stored


# --- chat.edit / chat.delete -------------------------------------------------------------


def test_only_the_author_edits_and_the_room_sees_it(team, cookies, settings):
    settings.CHAT_MESSAGE_MAX_CHARS = 20
    message = send(team.member, team.room, "tpyo")

    async def scenario():
        author, owner = await open_tab(cookies.member), await open_tab(cookies.owner)
        refused = await owner.call("chat.edit", message=message.pk, body="hijacked")
        assert refused["code"] == "not_found"  # the owner is no author: missing, not forbidden
        empty = await author.call("chat.edit", message=message.pk, body="  ")
        too_long = await author.call("chat.edit", message=message.pk, body="x" * 21)
        assert (empty["code"], too_long["code"]) == ("invalid", "invalid")
        assert "21" in too_long["message"] and "20" in too_long["message"]
        await owner.nothing()

        ok = await author.call("chat.edit", message=message.pk, body="typo *fixed*")
        assert ok == {"type": "chat.edit_ok", "message": message.pk, "ref": ok["ref"]}
        for tab in (author, owner):
            edited = await tab.next("chat.edited")
            assert edited["room"] == team.room.pk
            assert edited["message"]["id"] == message.pk and edited["message"]["seq"] == 1
            assert edited["message"]["edited"] is True
            assert edited["message"]["html"].strip() == "<p>typo <em>fixed</em></p>"
        await author.close()
        await owner.close()

    run(scenario)
    message.refresh_from_db()
    assert message.body == "typo *fixed*" and message.edited_at is not None


def test_delete_by_the_author_or_a_moderator_of_the_channel_group(team, cookies):
    mine = send(team.member, team.room, "mine")
    by_owner = send(team.owner, team.room, "the owner's")
    by_moderator = send(team.moderator, team.room, "the moderator's")
    # Oscar moderates another group: that gives him nothing here.
    make_channel("Sales", owners=[team.outsider], moderators=[team.member])
    direct = actions.open_direct(actor=team.owner, other=team.member)
    in_direct = send(team.owner, direct, "a direct message")

    async def scenario():
        member, moderator = await open_tab(cookies.member), await open_tab(cookies.moderator)
        owner = await open_tab(cookies.owner)
        before = await sync_to_async(snapshot)(team.room)
        for target in (by_owner, by_moderator, in_direct):
            refused = await member.call("chat.delete", message=target.pk)
            assert refused["type"] == "error" and refused["code"] == "not_found"
        assert await sync_to_async(snapshot)(team.room) == before
        await owner.nothing()

        ok = await member.call("chat.delete", message=mine.pk)  # the author
        assert ok == {"type": "chat.delete_ok", "message": mine.pk, "ref": ok["ref"]}
        ok = await moderator.call("chat.delete", message=by_owner.pk)  # a moderator
        assert ok["type"] == "chat.delete_ok"
        ok = await owner.call("chat.delete", message=by_moderator.pk)  # the owner
        assert ok["type"] == "chat.delete_ok"
        frames = await owner.drain()
        assert [(f["type"], f["message"]["seq"]) for f in frames] == [
            ("chat.deleted", 1),
            ("chat.deleted", 2),
            ("chat.deleted", 3),
        ]
        assert all(f["message"]["html"] == "" and f["message"]["deleted"] for f in frames)

        for command, fields in [
            ("chat.edit", {"body": "undo"}),
            ("chat.delete", {}),
            ("chat.react", {"kind": "like"}),
        ]:
            gone = await member.call(command, message=mine.pk, **fields)
            assert gone["code"] == "not_found", command

        # A deleted message keeps its place and number in the history, without its text.
        history = await member.call("chat.history", room=team.room.pk)
        assert [(m["seq"], m["deleted"], m["html"]) for m in history["messages"]] == [
            (1, True, ""),
            (2, True, ""),
            (3, True, ""),
        ]
        refused = await member.call("chat.delete", message=in_direct.pk)
        assert refused["code"] == "not_found"  # no moderator in a direct message
        ok = await owner.call("chat.delete", message=in_direct.pk)
        assert ok["type"] == "chat.delete_ok"
        for tab in (member, moderator, owner):
            await tab.close()

    run(scenario)
    assert Message.objects.filter(deleted_at__isnull=False, body="").count() == 4


# --- chat.react --------------------------------------------------------------------------


def test_reactions_toggle_and_unknown_kinds_are_refused(team, cookies):
    message = send(team.owner, team.room, "shipped!")

    async def scenario():
        member, owner = await open_tab(cookies.member), await open_tab(cookies.owner)
        ok = await member.call("chat.react", message=message.pk, kind="celebrate")
        assert ok == {
            "type": "chat.react_ok",
            "message": message.pk,
            "active": True,
            "ref": ok["ref"],
        }
        event = {
            "type": "chat.reaction",
            "room": team.room.pk,
            "message": message.pk,
            "kind": "celebrate",
            "user": team.member.pk,
        }
        assert await owner.next() == {**event, "active": True}
        assert await sync_to_async(MessageReaction.objects.filter(message=message).count)() == 1

        off = await member.call("chat.react", message=message.pk, kind="celebrate")
        assert off["active"] is False
        assert await owner.next() == {**event, "active": False}

        for kind in ("love", None, 7, ""):
            refused = await member.call("chat.react", message=message.pk, kind=kind)
            assert refused["type"] == "error" and refused["code"] == "invalid"
            assert refused["message"] == "Unknown reaction."
        await owner.nothing()
        await member.ping_pong()
        await member.close()
        await owner.close()

    run(scenario)
    assert not MessageReaction.objects.exists()


# --- presence.query ----------------------------------------------------------------------


def test_presence_online_away_offline(team, cookies):
    async def scenario():
        owner = await open_tab(cookies.owner)
        reply = await owner.call("presence.query", users=[team.owner.pk, team.member.pk])
        assert reply["type"] == "presence"
        users = reply["users"]
        assert users[str(team.owner.pk)]["state"] == "online"
        assert users[str(team.owner.pk)]["last_seen"]
        assert users[str(team.member.pk)] == {"state": "offline", "last_seen": None}

        member = await open_tab(cookies.member)
        reply = await owner.call("presence.query", users=[team.member.pk])
        assert reply["users"][str(team.member.pk)]["state"] == "online"
        await member.send({"type": "ping", "active": False})  # the tab went unused
        assert (await member.next())["type"] == "pong"
        reply = await owner.call("presence.query", users=[team.member.pk])
        assert reply["users"][str(team.member.pk)]["state"] == "away"

        # At most 100 people per question: a colleague asked for 101st is not answered.
        many = await owner.call("presence.query", users=[team.owner.pk] * 100 + [team.member.pk])
        assert list(many["users"]) == [str(team.owner.pk)]

        for users in ("1,2", [1, "x"], None, {"1": 1}, [[1]]):
            refused = await owner.call("presence.query", users=users)
            assert refused["type"] == "error" and refused["code"] == "bad_frame", users
        await owner.ping_pong()
        await owner.close()
        await member.close()

    run(scenario)


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


# --- Nothing lost ------------------------------------------------------------------------


def test_a_resend_with_the_same_client_id_stores_and_broadcasts_nothing_new(team, cookies):
    async def scenario():
        tab, reader = await open_tab(cookies.owner), await open_tab(cookies.member)
        first = await tab.call("chat.send", room=team.room.pk, client_id="once", body="hello")
        second = await tab.call("chat.send", room=team.room.pk, client_id="once", body="hello")
        changed = await tab.call("chat.send", room=team.room.pk, client_id="once", body="other")
        assert first["duplicate"] is False
        for again in (second, changed):
            assert again["duplicate"] is True
            assert (again["id"], again["seq"]) == (first["id"], first["seq"])
        assert len([f for f in await tab.drain() if f["type"] == "chat.message"]) == 1
        assert [f["type"] for f in await reader.drain()] == ["chat.message"]
        # The id is unique per sender: a colleague's "once" is another message.
        theirs = await reader.call("chat.send", room=team.room.pk, client_id="once", body="hi")
        assert theirs["duplicate"] is False and theirs["seq"] == 2
        await tab.close()
        await reader.close()

    run(scenario)
    assert Message.objects.filter(author=team.owner, client_id="once").get().body == "hello"
    assert Message.objects.count() == 2


def test_a_resend_inside_a_transaction_leaves_the_transaction_usable(team):
    """The unique constraint refuses the copy; within an outer transaction the action
    rolls back to its savepoint (PostgreSQL refuses every query after an error
    otherwise), returns the stored message, and the number it took is given back."""
    with transaction.atomic():
        first = send(team.owner, team.room, "once", client_id="same")
        again, created = actions.send_message(
            author=team.owner, room=team.room, body="once more", client_id="same"
        )
        assert (again.pk, again.body, created) == (first.pk, "once", False)
        assert Room.objects.get(pk=team.room.pk).last_seq == 1
    assert send(team.owner, team.room, "next").seq == 2


def test_a_client_resumes_from_the_last_seq_it_saw(team, cookies):
    async def scenario():
        sender, reader = await open_tab(cookies.owner), await open_tab(cookies.member)
        for n in range(3):
            await sender.call("chat.send", room=team.room.pk, client_id=f"a{n}", body=f"a{n}")
        seen = [(await reader.next("chat.message"))["message"]["seq"] for _ in range(3)]
        last_seen = seen[-1]
        await reader.close()

        live = {}
        for n in range(5):
            await sender.call("chat.send", room=team.room.pk, client_id=f"b{n}", body=f"b{n}")
        for frame in await sender.drain():
            live[frame["message"]["seq"]] = frame["message"]

        reader = await open_tab(cookies.member)
        await reader.nothing()  # what was missed comes from the database, on request
        history = await reader.call("chat.history", room=team.room.pk, after=last_seen)
        assert [m["seq"] for m in history["messages"]] == [4, 5, 6, 7, 8]
        assert [m["html"].strip() for m in history["messages"]] == [
            f"<p>b{n}</p>" for n in range(5)
        ]
        assert history["has_more"] is False and history["last_seq"] == 8
        # The same shape as live: a client treats both alike.
        assert history["messages"] == [live[seq] for seq in range(4, 9)]
        await reader.nothing()
        await sender.close()
        await reader.close()

    run(scenario)


def test_nothing_is_published_before_commit_nor_after_a_rollback(team, cookies, monkeypatch):
    class Rollback(Exception):
        pass

    async def scenario():
        reader = await open_tab(cookies.member)

        def committed_later():
            with transaction.atomic():
                send(team.owner, team.room, "pending", client_id="p1")
                async_to_sync(reader.nothing)()  # stored but not committed: nothing sent
            # committed

        await sync_to_async(committed_later)()
        assert (await reader.next("chat.message"))["message"]["seq"] == 1

        def rolled_back():
            with suppress(Rollback), transaction.atomic():
                send(team.owner, team.room, "never", client_id="p2")
                raise Rollback

        await sync_to_async(rolled_back)()
        await reader.nothing()

        def fails_inside_the_action():
            def broken(*args, **kwargs):
                raise RuntimeError("the frame could not be built")

            with monkeypatch.context() as patch:
                patch.setattr(actions, "message_frame", broken)
                with pytest.raises(RuntimeError):
                    send(team.owner, team.room, "half done", client_id="p3")

        await sync_to_async(fails_inside_the_action)()
        await reader.nothing()
        assert await sync_to_async(lambda: Room.objects.get(pk=team.room.pk).last_seq)() == 1
        # The numbers taken by the failed writes were rolled back too: no gap.
        message = await asend(team.owner, team.room, "next", client_id="p4")
        assert message.seq == 2
        assert (await reader.next("chat.message"))["message"]["seq"] == 2
        await reader.close()

    run(scenario)
    assert list(Message.objects.order_by("seq").values_list("client_id", flat=True)) == [
        "p1",
        "p4",
    ]


# --- A client that stops reading ---------------------------------------------------------
#
# WebsocketCommunicator keeps what the server sends in an unbounded queue, so by default a
# test client "reads" everything at once. Giving that queue a size makes the consumer's
# send() wait for the test to read, as uvicorn's does when the client's TCP window is full
# (its send() awaits the transport becoming writable). That is the real slow client.


def _slow_client(cookie, *, buffered):
    socket = communicator(cookie)
    socket._output_queue = asyncio.Queue(maxsize=buffered)
    return socket


def test_a_client_that_stops_reading_is_closed_with_4008_and_resumes(
    team, cookies, monkeypatch, settings
):
    settings.CHAT_MESSAGES_PER_MINUTE = 1000
    monkeypatch.setattr(consumer_module, "SEND_TIMEOUT", 0.5)

    async def scenario():
        slow = _slow_client(cookies.member, buffered=2)
        connected, _ = await slow.connect()
        assert connected  # the hello frame now fills half of the client's buffer
        for n in range(5):
            await asend(team.owner, team.room, f"n{n}", client_id=f"n{n}")
        await asyncio.sleep(0.7)  # seq 2 waited longer than SEND_TIMEOUT: the close is due
        outputs = [await slow.receive_output(WAIT) for _ in range(3)]
        assert [o["type"] for o in outputs] == ["websocket.send"] * 2 + ["websocket.close"]
        assert outputs[2]["code"] == 4008
        assert '"seq":1' in outputs[1]["text"]
        await slow.send_input({"type": "websocket.disconnect", "code": 4008})  # as a server does
        await slow.wait(WAIT)

        back = await open_tab(cookies.member)  # it reconnects and resumes
        history = await back.call("chat.history", room=team.room.pk, after=1)
        assert [m["seq"] for m in history["messages"]] == [2, 3, 4, 5]
        await back.close()

    run(scenario)


def test_a_client_that_never_reads_again_is_let_go(team, cookies, monkeypatch):
    """Not even the close frame can reach it: the consumer still stops and leaves its
    audiences, so nothing piles up for it in memory without end."""
    monkeypatch.setattr(consumer_module, "SEND_TIMEOUT", 0.2)

    async def scenario():
        slow = _slow_client(cookies.member, buffered=1)
        connected, _ = await slow.connect()
        assert connected
        for n in range(3):
            await asend(team.owner, team.room, f"n{n}", client_id=f"n{n}")
        async with asyncio.timeout(WAIT):
            while not slow.future.done():
                await asyncio.sleep(0.05)
        layer = get_channel_layer()
        if isinstance(layer, InMemoryChannelLayer):  # nobody else listens in this test
            assert not layer.groups.get(f"user.{team.member.pk}")
            assert not layer.groups.get(f"group.{team.group.pk}")

    run(scenario)


def test_a_socket_whose_frames_waited_too_long_is_closed_not_left_deaf(team, cookies, monkeypatch):
    """The in-memory layer drops a frame that waited in a socket's queue beyond its expiry
    and takes the socket out of its groups. The socket must not stay open hearing nothing
    (its client would see no sequence jump): it is closed with 4008, and resumes."""
    layer = get_channel_layer()
    if not isinstance(layer, InMemoryChannelLayer):
        pytest.skip("an expiry of the in-memory layer (Redis pub/sub keeps no queue)")
    monkeypatch.setattr(layer, "clean_every", 0, raising=False)
    travel = time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=UTC), tick=True)

    async def scenario():
        slow = _slow_client(cookies.member, buffered=1)
        connected, _ = await slow.connect()
        assert connected  # the hello frame fills the client's buffer
        await asend(team.owner, team.room, "one", client_id="n1")  # the consumer waits with it
        await asend(team.owner, team.room, "two", client_id="n2")  # waits in the layer
        clock.shift(layer.expiry + 1)  # past the layer's expiry, which is wall-clock time
        await asend(team.owner, team.room, "three", client_id="n3")  # the layer cleans up
        outputs = [await slow.receive_output(WAIT) for _ in range(3)]
        assert [o["type"] for o in outputs] == ["websocket.send"] * 2 + ["websocket.close"]
        assert '"seq":1' in outputs[1]["text"]
        assert outputs[2]["code"] == 4008
        await slow.send_input({"type": "websocket.disconnect", "code": 4008})
        await slow.wait(WAIT)

        back = await open_tab(cookies.member)
        history = await back.call("chat.history", room=team.room.pk, after=1)
        assert [m["seq"] for m in history["messages"]] == [2, 3]
        await asend(team.owner, team.room, "four", client_id="n4")
        assert (await back.next("chat.message"))["message"]["seq"] == 4  # live again
        await back.close()

    with travel as clock:
        run(scenario)


def test_numbers_too_large_for_the_database_are_answered(team, cookies):
    """JSON numbers have no bound, 64-bit columns do: each is answered, the socket stays."""
    huge = 2**70
    message = send(team.owner, team.room, "hello")

    async def scenario():
        tab = await open_tab(cookies.owner)
        for type_, fields, expected in [
            ("chat.history", {"room": team.room.pk, "after": huge}, "chat.history"),
            ("chat.history", {"room": team.room.pk, "before": huge}, "chat.history"),
            # A foreign key is compared as is: PostgreSQL finds nothing, SQLite cannot say.
            ("chat.history", {"room": team.room.pk, "thread": huge}, "chat.history|bad_frame"),
            ("chat.read", {"room": team.room.pk, "seq": huge}, "chat.read_ok"),
            ("chat.send", {"room": huge, "client_id": "h", "body": "x"}, "not_found"),
            (
                "chat.send",
                {"room": team.room.pk, "client_id": "h", "body": "x", "parent": huge},
                "not_found",
            ),
            ("chat.edit", {"message": huge, "body": "x"}, "not_found"),
            ("chat.delete", {"message": huge}, "not_found"),
            ("chat.react", {"message": huge, "kind": "like"}, "not_found"),
            ("chat.typing", {"room": huge}, "not_found"),
            ("presence.query", {"users": [huge]}, "presence"),
        ]:
            reply = await tab.call(type_, **fields)
            answer = reply["type"] if reply["type"] != "error" else reply["code"]
            assert answer in expected.split("|"), (type_, fields, reply)
        await tab.ping_pong()
        await tab.close()

    run(scenario)
    assert Message.objects.get().pk == message.pk


def test_an_unexpected_failure_answers_with_an_error_and_keeps_the_socket(person, monkeypatch):
    """A failure nobody planned for (a locked database, a bug) is an error frame, not a
    dropped connection: the client retries with the same client id."""
    _group, room = make_channel("Night shift", members=[person])

    def broken(**kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(actions, "send_message", broken)
    cookie = cookie_of(person)

    async def scenario():
        socket = (await open_tab(cookie)).socket
        await socket.send_json_to(
            {"type": "chat.send", "room": room.pk, "client_id": "x1", "body": "hi", "ref": 7}
        )
        error = await socket.receive_json_from(WAIT)
        await socket.send_json_to({"type": "ping", "ref": 8})
        pong = await socket.receive_json_from(WAIT)
        await socket.disconnect()
        return error, pong

    error, pong = run(scenario)
    assert error["type"] == "error" and error["code"] == "server_error" and error["ref"] == 7
    assert pong == {"type": "pong", "ref": 8}
