"""Every frame a client sends is counted, pings and typing as much as chat messages: a
burst is allowed, then an average rate; a frame beyond is not handled and the client is
told so (once a second at most) on a socket that stays open, and a client that floods
regardless is closed with 4029, even if a frame gets through now and then."""

import asyncio
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
        await socket.send_json_to({"type": "chat.typing", "room": 1})  # any type counts,
        assert await socket.receive_nothing(0.2)  # but the client was told a moment ago

        clock.now += 0.5  # one frame's worth at 2 a second
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["type"] == "pong"
        clock.now += 1  # two frames' worth: the third is refused, and said so again
        for _ in range(2):
            await socket.send_json_to({"type": "ping"})
            assert (await socket.receive_json_from())["type"] == "pong"
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["code"] == "too_many_frames"
        await socket.disconnect()

    run(scenario)


def test_a_client_that_floods_is_closed_though_a_frame_gets_through_now_and_then(
    client, person, clock, monkeypatch
):
    """At 100 frames a second against 2 allowed, one in fifty is handled once the burst
    is spent: more than a burst's worth of refusals still add up within the window (with
    one handled frame among every fifty), and the socket closes."""
    monkeypatch.setattr(consumer_module, "FRAME_BURST", 60)
    cookie = session_cookie(client, person)

    async def scenario():
        socket = await open_socket(cookie)
        for _ in range(200):
            clock.now += 0.01
            await socket.send_json_to({"type": "ping"})
            await asyncio.sleep(0.002)  # handled at this moment of the consumer's clock
            if socket.future.done():
                break
        outputs = []
        while not socket.output_queue.empty():
            outputs.append(await socket.receive_output())
        return [o.get("text", "") for o in outputs[:-1]], outputs[-1]

    answers, closed = run(scenario)
    assert closed == {"type": "websocket.close", "code": 4029}
    assert sum('"pong"' in text for text in answers) > 60  # the burst, and one more
    assert sum("too_many_frames" in text for text in answers) <= 2  # told once a second
