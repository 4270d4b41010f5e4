"""RSE's in-memory channel layer never leaves a socket deaf: a channel it takes out of its
groups (a message that waited too long, a membership past its expiry) is told to close
with 4008, so its client reconnects and resumes from the database; a channel nobody
reads any more is let go.

Expiry is wall-clock time: each test runs on a clock it moves past the expiry, instead
of sleeping until it passes."""

import asyncio
from datetime import UTC, datetime

import time_machine

from rse.realtime.layers import InMemoryLayer
from tests.realtime.sockets import run_apart

FRAME = {"type": "rse.frame", "text": "{}", "via": "group.1"}
CLOSE = {"type": "rse.close", "code": 4008}


def run(scenario):
    """Apart from the main thread's loop, with a clock of its own that the scenario moves."""
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=UTC), tick=True) as clock:
        return run_apart(scenario, clock)


async def receive(memory, channel):
    async with asyncio.timeout(1):
        return await memory.receive(channel)


def layer(**config):
    layer = InMemoryLayer(**config)
    layer.clean_every = 0  # walk on every call, as Channels' layer does
    return layer


def test_a_channel_whose_membership_expired_is_told_to_close():
    async def scenario(clock):
        memory = layer(group_expiry=0.1)
        channel = await memory.new_channel()
        for group in ("user.1", "group.1"):
            await memory.group_add(group, channel)
        clock.shift(0.2)
        await memory.group_send("group.1", FRAME)
        assert await receive(memory, channel) == CLOSE
        assert memory.groups == {}

    run(scenario)


def test_a_waiting_consumer_is_woken_to_close():
    async def scenario(clock):
        memory = layer(group_expiry=0.1)
        channel = await memory.new_channel()
        await memory.group_add("group.1", channel)
        waiting = asyncio.ensure_future(memory.receive(channel))
        await asyncio.sleep(0)  # it waits
        clock.shift(0.2)
        await memory.group_send("group.2", FRAME)  # any call walks
        async with asyncio.timeout(1):
            assert await waiting == CLOSE

    run(scenario)


def test_a_channel_that_fell_behind_gets_the_close_instead_of_its_backlog():
    async def scenario(clock):
        memory = layer(expiry=0.1)
        behind, reading = await memory.new_channel(), await memory.new_channel()
        for channel in (behind, reading):
            await memory.group_add("group.1", channel)
        await memory.group_send("group.1", FRAME)
        assert await receive(memory, reading) == FRAME
        clock.shift(0.2)  # the frame waits in the other queue past its expiry
        await memory.group_send("group.1", {**FRAME, "text": "[]"})
        assert await receive(memory, reading) == {**FRAME, "text": "[]"}
        assert await receive(memory, behind) == CLOSE
        assert memory.groups == {"group.1": {reading: memory.groups["group.1"][reading]}}

    run(scenario)


def test_a_channel_nobody_reads_is_let_go():
    async def scenario(clock):
        memory = layer(expiry=0.1)
        gone = await memory.new_channel()  # its consumer died without leaving its groups
        await memory.group_add("group.1", gone)
        await memory.group_send("group.1", FRAME)
        clock.shift(0.2)
        await memory.group_send("group.1", FRAME)  # out of the group, told to close
        assert not memory.groups.get("group.1")
        clock.shift(0.2)
        await memory.group_send("group.1", FRAME)  # nobody took the close either
        assert memory.channels == {}

    run(scenario)
