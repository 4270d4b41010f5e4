"""The socket load bench: RSE's chat against two baselines on the same scenarios.

``python -m bench.sockets`` (or ``python -m bench --sockets``) seeds a database, starts
each server pinned to core 0 and the load driver pinned to core 1, and reports
deliveries/s, latency, lost and duplicated frames, CPU and memory. docs/bench-chat.md
tells how to run it and read it, and what it found.

- ``seed``: people, groups of 20 (and one of 200), general channels, sessions (Django).
- ``sendpath``: the database side of one chat.send, alone (Django).
- ``servers``: starting and stopping the servers (and a private Redis), pinned.
- ``rse_settings``: RSE's settings with the channel layer the bench asks for.
- ``driver``, ``client``: the load driver, its own process, and its lean WebSocket client;
  ``connections`` (the driver's connections and what they receive) and ``meter`` (CPU
  and memory from /proc) are its parts.
- ``bare``, ``naive``: the two baselines (a bare ``websockets`` broadcast server; the
  naive Channels consumer).
- ``layers``: a proposal for the in-memory layer, measured as its own target.
- ``report``, ``profiling``: medians and tables; where the server's CPU goes (py-spy).
"""
