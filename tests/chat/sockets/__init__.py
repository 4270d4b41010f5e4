"""The chat's socket commands, frame by frame (docs/realtime.md): every reply and live
event, each bad input answered by an error frame on a socket that stays open, and
"nothing lost": idempotent resends, resuming from the database, nothing published that
was not committed, a client that stops reading closed with 4008 and resuming.

One module a concern (sending and reading, editing and reacting and presence, bad input,
nothing lost); the team and the socket helpers are in tests/chat/conftest.py, the
people's cookies in conftest.py here.
"""
