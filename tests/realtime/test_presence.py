"""Presence from the marks sockets leave: online or away while a ping is recent, then
offline with the time the person was last seen."""

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace

from rse.realtime import presence
from tests.realtime.sockets import run_apart

NOW = 1_800_000_000.0
# Ids nobody has: no socket of another test marked them in a shared cache (Redis in CI).


def test_a_person_goes_offline_without_pings_and_keeps_last_seen(monkeypatch):
    clock = SimpleNamespace(time=lambda: NOW)
    monkeypatch.setattr(presence, "time", clock)
    run_apart(presence.touch, -901, active=False)
    run_apart(presence.touch, -902)
    seen = datetime.fromtimestamp(NOW, UTC).isoformat()

    clock.time = lambda: NOW + presence.ONLINE_FOR - 1
    assert run_apart(presence.states, [-901, -902, -903]) == {
        "-901": {"state": "away", "last_seen": seen},
        "-902": {"state": "online", "last_seen": seen},
        "-903": {"state": "offline", "last_seen": None},
    }
    clock.time = lambda: NOW + presence.ONLINE_FOR
    assert run_apart(presence.states, [-901, -902]) == {
        "-901": {"state": "offline", "last_seen": seen},
        "-902": {"state": "offline", "last_seen": seen},
    }


async def until(condition):
    """Wait for a planned write to have happened, not for a length of time."""
    async with asyncio.timeout(5):
        while not condition():
            await asyncio.sleep(0.01)


def _cache_with(monkeypatch, aset_many):
    """The shared cache, seen by presence through ``aset_many`` as given."""
    real = presence.cache
    monkeypatch.setattr(
        presence, "cache", SimpleNamespace(aset_many=aset_many, aget_many=real.aget_many)
    )
    return real


def test_a_process_writes_the_marks_of_a_second_in_one_call(monkeypatch):
    """An idle socket's ping must not cost a cache write each (docs/bench-chat.md)."""
    writes = []

    async def counted(marks, timeout):
        await real.aset_many(marks, timeout=timeout)
        writes.append(set(marks))

    real = _cache_with(monkeypatch, counted)
    monkeypatch.setattr(presence, "WRITE_EVERY", 0.05)

    async def pings():
        for pk in (-911, -912, -913):
            await presence.touch(pk)
        assert writes == []  # none yet, but this process sees its own marks at once
        assert (await presence.states([-911]))["-911"]["state"] == "online"
        await until(lambda: len(writes) == 1)
        await presence.touch(-911, active=False)
        await until(lambda: len(writes) == 2)

    run_apart(pings)
    assert writes == [{"mark:-911", "mark:-912", "mark:-913"}, {"mark:-911"}]
    monkeypatch.setattr(presence, "_waiting", {})  # what another process sees: the cache
    found = run_apart(presence.states, [-911, -912, -914])
    assert [found[k]["state"] for k in ("-911", "-912", "-914")] == ["away", "online", "offline"]


def test_marks_that_could_not_be_written_wait_for_the_next_write(monkeypatch, caplog):
    up = True
    tries = []

    async def flaky(marks, timeout):
        try:
            if not up:
                raise ConnectionError("cache unreachable")
            await real.aset_many(marks, timeout=timeout)
        finally:
            tries.append(set(marks))  # written, or failed

    real = _cache_with(monkeypatch, flaky)
    monkeypatch.setattr(presence, "WRITE_EVERY", 0.01)

    async def ping_then_wait(pk):
        await presence.touch(pk)
        await until(lambda: any(f"mark:{pk}" in marks for marks in tries))

    up = False
    run_apart(ping_then_wait, -921)
    assert "presence marks not written" in caplog.text
    up = True
    run_apart(ping_then_wait, -922)
    monkeypatch.setattr(presence, "_waiting", {})  # what another process sees: the cache
    found = run_apart(presence.states, [-921, -922])
    assert found["-921"]["state"] == found["-922"]["state"] == "online"
