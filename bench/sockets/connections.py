"""The load driver's connections: one per person of the scenario, opened as a browser (or a
baseline's client) would, and what comes back on them: deliveries counted once per
receiver with their latency, acks, closes, and what a receiver missed asked again from
``chat.history``. ``Driver`` (driver.py) builds its plans on these."""

import asyncio
import json
import os
import random
import re
import sys

from . import client
from .meter import Meter, perf

MESSAGE = re.compile(rb'"message":\{"id":\d+,"room":(\d+),"seq":(\d+),"client_id":"([^"]*)"')

# --- Connections ---------------------------------------------------------------------------


class Sent:
    __slots__ = ("conn", "error", "expected", "frame", "id", "received", "room", "seq", "t")

    def __init__(self, room, expected):
        self.room, self.expected = room, expected
        self.t = 0.0
        self.received = 0
        self.seq = self.id = self.error = self.conn = self.frame = None


class Stats:
    def __init__(self):
        self.sent = {}
        self.latencies = []
        self.acks = []
        self.duplicate_acks = 0
        self.duplicates = 0
        self.late = 0
        self.last_receipt = 0.0
        self.received = 0


class Conn:
    __slots__ = ("index", "pending", "rooms", "seen", "seqs", "user", "ws")

    def __init__(self, index, user, rooms):
        self.index, self.user, self.rooms = index, user, rooms
        self.seen = set()
        self.seqs = {}
        self.pending = {}
        self.ws = None


class Connections:
    """The scenario's connections and what is received on them."""

    def __init__(self, job, scenario):
        self.job = job
        self.scenario = scenario
        self.stats = Stats()
        self.closed = []
        self.rng = random.Random(job.get("seed", 1))
        # Client ids must be new to the database at every run: RSE answers a known
        # (author, client id) with the stored message and publishes nothing.
        self.token = os.urandom(4).hex()
        self.meter = Meter(job["pids"], job.get("redis_pids", []))
        self.step_id = 0

    # receiving

    def on_text(self, conn, payload, now):
        if payload.startswith(b'{"type":"chat.message"'):
            # The hot path, without parsing the whole frame: RSE's message frames (and the
            # bare server's) put id, room, seq and client_id first, in this order.
            m = MESSAGE.search(payload)
            if m is not None:
                self.delivered(conn, int(m[1]), int(m[2]), m[3].decode(), now)
                return
        self.on_frame(conn, json.loads(payload), now)

    def delivered(self, conn, room, seq, cid, now):
        stats = self.stats
        rec = stats.sent.get(cid)
        if rec is None:
            stats.late += 1  # from an earlier step
            return
        if cid in conn.seen:
            stats.duplicates += 1
            return
        conn.seen.add(cid)
        seqs = conn.seqs.get(room)
        if seqs is None:
            seqs = conn.seqs[room] = set()
        seqs.add(seq)
        rec.received += 1
        stats.received += 1
        stats.latencies.append(now - rec.t)
        stats.last_receipt = now

    def on_frame(self, conn, frame, now):
        kind = frame.get("type")
        stats = self.stats
        if kind == "chat.ack":
            rec = stats.sent.get(frame["client_id"])
            if rec is not None:
                rec.seq, rec.id = frame["seq"], frame["id"]
                stats.acks.append(now - rec.t)
                if frame.get("duplicate"):
                    stats.duplicate_acks += 1
        elif kind == "error":
            rec = stats.sent.get(frame.get("ref"))
            if rec is not None:
                rec.error = frame.get("code")
            else:
                print("error frame:", frame, file=sys.stderr)
        elif kind == "chat.message":  # the naive consumer's json.dumps adds spaces
            message = frame["message"]
            self.delivered(conn, frame["room"], message["seq"], message["client_id"], now)
        ref = frame.get("ref")
        if ref is not None and ref in conn.pending:
            conn.pending.pop(ref).set_result(frame)

    def on_close(self, conn, code):
        self.closed.append((conn.user, code))

    async def request(self, conn, frame, timeout=120):
        future = asyncio.get_running_loop().create_future()
        conn.pending[frame["ref"]] = future
        conn.ws.send_text(json.dumps(frame))
        return await asyncio.wait_for(future, timeout)

    async def open(self, conn):
        job = self.job
        url = job["urls"][conn.index % len(job["urls"])]
        headers = {"Origin": "http://" + url.split("/")[2]}
        if job["auth"] == "cookie":
            key = self.scenario["cookies"][str(conn.user)]
            headers["Cookie"] = f"{self.scenario['cookie_name']}={key}"
        else:
            url += f"?user={conn.user}&rooms={','.join(str(r) for r in conn.rooms)}"
        for attempt in range(5):
            try:
                ws, hello = await client.connect(
                    url,
                    headers=headers,
                    on_text=lambda payload, now: self.on_text(conn, payload, now),
                    on_close=lambda code: self.on_close(conn, code),
                    clock=perf,
                )
                break
            except (OSError, TimeoutError):
                if attempt == 4:
                    raise
                await asyncio.sleep(0.5 * 2**attempt)
        hello = json.loads(hello)
        if hello.get("type") != "hello":
            raise RuntimeError(f"expected hello, got {hello}")
        conn.ws = ws

    async def connect_all(self):
        people = self.scenario["people"][: self.job.get("connections") or None]
        rooms_of = {}
        for room in self.scenario["rooms"]:
            for member in room["members"]:
                rooms_of.setdefault(member, []).append(room["room"])
        self.conns = [Conn(i, user, rooms_of.get(user, [])) for i, user in enumerate(people)]
        by_user = {c.user: c for c in self.conns}
        self.rooms = [
            {"room": r["room"], "members": [by_user[m] for m in r["members"] if m in by_user]}
            for r in self.scenario["rooms"]
        ]
        gate = asyncio.Semaphore(self.job.get("connect_concurrency", 50))

        async def one(conn):
            async with gate:
                await self.open(conn)

        started = perf()
        await asyncio.gather(*(one(c) for c in self.conns))
        return perf() - started

    async def reopen_closed(self):
        """Connections the server closed come back, as the real client reconnects."""
        closed = [c for c in self.conns if not c.ws.is_open]
        for conn in closed:
            await self.open(conn)
        return len(closed)

    async def fill_gaps(self, stats):
        """What a receiver missed, asked from the database as the real client does after
        a sequence number jumps or a reconnect."""
        await self.reopen_closed()
        stats.resent = 0
        for rec in stats.sent.values():
            if rec.seq is None and not rec.error:
                # No ack (the sender's socket was closed): the client sends it again, with
                # the same client id; the server acks the stored message, stores no copy.
                await self.request(rec.conn, rec.frame)
                stats.resent += 1
        by_room = {}
        for cid, rec in stats.sent.items():
            if rec.seq is not None and not rec.error:
                by_room.setdefault(rec.room, {})[rec.seq] = cid
        still_missing = 0
        for rec in stats.sent.values():
            if rec.seq is None and not rec.error:
                still_missing += rec.expected - rec.received  # never acked, even resent
        counts = {"recovered": 0, "missing": 0}

        async def ask(conn, room, acked):
            # Frames that came live after the step's count are not missing any more.
            missing = set(acked) - conn.seqs.get(room, set())
            after = min(missing) - 1 if missing else None
            while missing:
                reply = await self.request(
                    conn,
                    {
                        "type": "chat.history",
                        "room": room,
                        "after": after,
                        "ref": f"h{conn.index}-{room}-{after}",
                    },
                )
                for message in reply.get("messages", []):
                    if message["seq"] in missing and message["client_id"] == acked.get(
                        message["seq"]
                    ):
                        missing.discard(message["seq"])
                        counts["recovered"] += 1
                    after = max(after, message["seq"])
                if not reply.get("has_more"):
                    break
            counts["missing"] += len(missing)

        for room in self.rooms:
            acked = by_room.get(room["room"], {})
            await asyncio.gather(*(ask(c, room["room"], acked) for c in room["members"]))
        recovered, still_missing = counts["recovered"], still_missing + counts["missing"]
        return recovered, still_missing
