"""The chat's socket commands that write and read (docs/realtime.md): chat.send acked and
numbered for every reader, chat.history, chat.read and chat.typing."""

import asyncio
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection

from chat import actions
from chat import realtime as chat_realtime
from chat.models import Message, ReadState, Room
from tests.realtime.sockets import run

from ..conftest import asend, open_tab, send

pytestmark = pytest.mark.django_db(transaction=True)


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
