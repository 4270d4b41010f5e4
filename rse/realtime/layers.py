"""RSE's in-memory channel layer: the embedded default (one process, no Redis).

Channels' ``InMemoryChannelLayer`` looks for expired messages and group memberships on
every ``receive()`` and every ``group_send()``, walking every channel's queue and every
member of every group. RSE puts each socket in its person's audience (``user.<id>``)
besides its groups', so with 1,000 sockets each walk visits ~2,200 entries, and a message
to a room of 20 makes 21 walks: measured, 63 % of the server's CPU
(docs/bench-chat.md). Expiry times (60 s for a message, 24 h for a membership) need not be
found within the millisecond: this layer walks at most once a second, which halved the
CPU cost per delivery.
"""

import time

from channels.layers import InMemoryChannelLayer


class InMemoryLayer(InMemoryChannelLayer):
    clean_every = 1.0  # seconds between two walks

    _cleaned_at = float("-inf")

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._cleaned_at >= self.clean_every:
            self._cleaned_at = now
            super()._clean_expired()
