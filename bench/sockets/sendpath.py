"""The database side of one ``chat.send``, alone: queries and time per message, measured
by calling the command's synchronous body (what runs in the worker thread) in a loop on
the bench database. Run by the bench in its own process (Django configured for it).

    python -m bench.sockets.sendpath --messages 300
"""

import argparse
import json
import statistics
import time
import uuid

import django


def measure(messages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chat import realtime
    from chat.models import Room
    from rse.realtime import publish

    # Only the database side: the hand-over to the channel layer is measured in the
    # server (here, with no event loop, async_to_sync would start one per message).
    publish._send = lambda audiences, message: None

    room = Room.objects.filter(group__slug__startswith="sockets-", is_general=True).first()
    member = room.group.memberships.order_by("user_id").first().user  # as the socket has it
    body = "Load test: has anyone seen the invoice template for the Lyon office? Thanks"
    send = realtime._send.func  # the function database_sync_to_async wraps

    def one():
        frame = {"type": "chat.send", "room": room.pk, "client_id": uuid.uuid4().hex, "body": body}
        return send(member, frame)

    for _ in range(20):
        one()  # warm up
    with CaptureQueriesContext(connection) as queries:
        one()
    times = []
    for _ in range(messages):
        started = time.perf_counter()
        one()
        times.append(time.perf_counter() - started)
    return {
        "queries": len(queries.captured_queries),
        "sql": [q["sql"][:160] for q in queries.captured_queries],
        "median_ms": 1000 * statistics.median(times),
        "mean_ms": 1000 * statistics.fmean(times),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--out")
    args = parser.parse_args()
    django.setup()
    result = measure(args.messages)
    print(
        f"  chat.send, database side: {result['queries']} queries, "
        f"{result['median_ms']:.2f} ms per message (median of {args.messages})",
        flush=True,
    )
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
