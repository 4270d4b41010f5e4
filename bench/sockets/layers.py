"""A prototype measured by the bench, not used by RSE: the proposal of docs/bench-chat.md
for the in-memory layer, so that its gain is a measurement rather than a guess.

``InMemoryChannelLayer`` runs ``_clean_expired`` on every ``receive`` and every
``group_send``: a walk over every channel's queue and every member of every group. RSE
puts each socket in its person's group (``user.<id>``) besides its groups' groups, so with
1,000 sockets each walk visits ~2,200 entries, once per delivery. Expired messages
(60 s) and group memberships (24 h) do not need to be found within the millisecond:
scanning at most once a second keeps the same behaviour at a fraction of the cost.
"""

import time

from channels.layers import InMemoryChannelLayer


class LazyExpiryInMemoryChannelLayer(InMemoryChannelLayer):
    clean_every = 1.0  # seconds

    def _clean_expired(self):
        now = time.monotonic()
        if now - getattr(self, "_cleaned_at", 0.0) >= self.clean_every:
            self._cleaned_at = now
            super()._clean_expired()
