"""Presence from the marks sockets leave: online or away while a ping is recent, then
offline with the time the person was last seen."""

from datetime import UTC, datetime
from types import SimpleNamespace

from asgiref.sync import async_to_sync

from chat import presence

NOW = 1_800_000_000.0
# Ids nobody has: no socket of another test marked them in a shared cache (Redis in CI).


def test_a_person_goes_offline_without_pings_and_keeps_last_seen(monkeypatch):
    clock = SimpleNamespace(time=lambda: NOW)
    monkeypatch.setattr(presence, "time", clock)
    async_to_sync(presence.touch)(-901, active=False)
    async_to_sync(presence.touch)(-902)
    seen = datetime.fromtimestamp(NOW, UTC).isoformat()

    clock.time = lambda: NOW + presence.ONLINE_FOR - 1
    assert async_to_sync(presence.states)([-901, -902, -903]) == {
        "-901": {"state": "away", "last_seen": seen},
        "-902": {"state": "online", "last_seen": seen},
        "-903": {"state": "offline", "last_seen": None},
    }
    clock.time = lambda: NOW + presence.ONLINE_FOR
    assert async_to_sync(presence.states)([-901, -902]) == {
        "-901": {"state": "offline", "last_seen": seen},
        "-902": {"state": "offline", "last_seen": seen},
    }
