"""Every frame a client sends is counted, pings and typing as much as chat messages: a
burst is allowed, then an average rate; a frame beyond gets an error frame on a socket
that stays open, and a client that goes on regardless is closed with 4029."""

from types import SimpleNamespace

import pytest

from rse.realtime import consumer as consumer_module
from tests.realtime.sockets import open_socket, run, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock(monkeypatch):
    """The consumer's clock, moved by the test instead of waited for."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(consumer_module, "time", SimpleNamespace(monotonic=lambda: clock.now))
    monkeypatch.setattr(consumer_module, "FRAME_BURST", 3)
    monkeypatch.setattr(consumer_module, "FRAMES_PER_SECOND", 2)
    return clock


def test_pings_beyond_the_burst_are_refused_until_the_rate_allows(client, person, clock):
    cookie = session_cookie(client, person)

    async def scenario():
        socket = await open_socket(cookie)
        for _ in range(3):
            await socket.send_json_to({"type": "ping"})
            assert (await socket.receive_json_from())["type"] == "pong"
        await socket.send_json_to({"type": "ping"})
        refused = await socket.receive_json_from()
        assert refused["type"] == "error" and refused["code"] == "too_many_frames"
        assert refused["message"] == "Too many frames at once: slow down."
        await socket.send_json_to({"type": "chat.typing", "room": 1})  # any type counts
        assert (await socket.receive_json_from())["code"] == "too_many_frames"

        clock.now += 0.5  # one frame's worth at 2 a second
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["type"] == "pong"
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["code"] == "too_many_frames"
        await socket.disconnect()

    run(scenario)


def test_a_client_that_keeps_flooding_is_closed(client, person, clock):
    cookie = session_cookie(client, person)

    async def scenario():
        socket = await open_socket(cookie)
        for _ in range(3):
            await socket.send_json_to({"type": "ping"})
            await socket.receive_json_from()
        for _ in range(3):  # refused, answered
            await socket.send_json_to({"type": "ping"})
            assert (await socket.receive_json_from())["code"] == "too_many_frames"
        await socket.send_json_to({"type": "ping"})  # one refused frame too many
        closed = await socket.receive_output()
        assert closed == {"type": "websocket.close", "code": 4029}

    run(scenario)
