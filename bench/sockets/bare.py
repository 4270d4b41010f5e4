"""Baseline: a bare ``websockets`` broadcast server, the limit of the machine. Each
message is encoded once and written to every member's connection with
``websockets.broadcast``; nothing is stored. Same frames as RSE, same query string as the
naive consumer (``/ws/?user=1&rooms=3,4``).

    python -m bench.sockets.bare --port 8765
"""

import argparse
import asyncio
import itertools
import json
from collections import defaultdict
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import broadcast, serve

ids = itertools.count(1)
seqs = defaultdict(int)
members = defaultdict(set)


def encode(frame):
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


async def handler(ws):
    query = parse_qs(urlsplit(ws.request.path).query)
    user = int(query["user"][0])
    rooms = [int(r) for r in query.get("rooms", [""])[0].split(",") if r]
    for room in rooms:
        members[room].add(ws)
    try:
        await ws.send(encode({"type": "hello", "user": user}))
        async for text in ws:
            frame = json.loads(text)
            if frame.get("type") == "ping":
                await ws.send(encode({"type": "pong", "ref": frame.get("ref")}))
                continue
            room = frame["room"]
            seqs[room] += 1
            message = {
                "id": next(ids),
                "room": room,
                "seq": seqs[room],
                "client_id": frame["client_id"],
                "author": {"id": user, "name": f"Person {user}"},
                "parent": None,
                "html": f"<p>{frame['body']}</p>",
                "created_at": datetime.now(tz=UTC).isoformat(),
                "edited": False,
                "deleted": False,
                "reply_count": 0,
                "question": None,
                "mentions": [],
            }
            broadcast(
                members[room], encode({"type": "chat.message", "room": room, "message": message})
            )
            await ws.send(
                encode(
                    {
                        "type": "chat.ack",
                        "room": room,
                        "client_id": message["client_id"],
                        "id": message["id"],
                        "seq": message["seq"],
                        "duplicate": False,
                        "ref": frame.get("ref"),
                    }
                )
            )
    finally:
        for room in rooms:
            members[room].discard(ws)


async def main(port):
    async with serve(handler, "127.0.0.1", port, compression=None, max_queue=None) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    try:
        from uvloop import run
    except ImportError:
        run = asyncio.run
    run(main(args.port))
