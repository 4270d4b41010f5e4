""" "Nothing lost" on the chat's socket: idempotent resends, resuming from the database,
nothing published that was not committed, a client that stops reading closed with 4008
and resuming, and failures answered without losing the socket."""

import asyncio
from contextlib import suppress
from datetime import UTC, datetime

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction

from chat import actions
from chat.models import Message, Room
from rse.realtime import consumer as consumer_module
from tests.realtime.sockets import communicator, run

from ..conftest import WAIT, asend, cookie_of, make_channel, open_tab, send

pytestmark = pytest.mark.django_db(transaction=True)


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
