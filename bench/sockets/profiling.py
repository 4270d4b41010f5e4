"""Where the server's CPU goes: a py-spy profile (``--gil``: only the thread holding the
GIL is sampled, so the shares add up to the process's Python CPU), summarised as the
share of samples under each part of the chat path, and the functions with the most
samples of their own.

py-spy is a measuring tool, not a project dependency: ``.venv/bin/pip install py-spy``.
"""

import re
import shutil
import sys
from collections import Counter
from pathlib import Path

# (label, pattern on one frame): a sample counts for a label when any frame of its stack
# matches, so the shares overlap (a part includes what it calls).
PARTS = [
    ("chat.send command, thread side (all of it)", r"^_send \(chat/realtime\.py"),
    ("  send_message action", r"^send_message \(chat/actions\.py"),
    ("    Markdown render (render_rich)", r"^render_rich \(rse/markup\.py"),
    ("    rate limit (cache)", r"^allow \(rse/ratelimit\.py"),
    ("  the door: room_or_none, can_write", r"\(chat/permissions\.py"),
    ("  SQL executed (django.db.backends)", r"\(django/db/backends/"),
    ("  ORM: building and compiling queries", r"\(django/db/models/"),
    ("  publish after commit (group_send from the thread)", r"^_send \(rse/realtime/publish"),
    ("thread hops (asgiref sync_to_async, async_to_sync)", r"\(asgiref/sync\.py"),
    ("close_old_connections before a handler", r"close_old_connections"),
    ("channel layer (all)", r"\(channels/layers\.py|\(channels_redis/|\(rse/realtime/layers\.py"),
    ("  InMemoryChannelLayer._clean_expired: scans every channel and group", r"_clean_expired "),
    ("  deepcopy of the message for each member", r"^deepcopy \(copy\.py"),
    ("consumer dispatch (channels)", r"(^|\.)dispatch \(|await_many_dispatch "),
    ("  rse_frame: forward one encoded frame", r"(^|\.)rse_frame \("),
    ("  asyncio.wait_for around each send", r"^wait_for \(asyncio/tasks\.py"),
    (
        "websocket frame write (uvicorn, websockets)",
        r"\(uvicorn/protocols/websockets/|\(websockets/",
    ),
    ("inbound frames (receive, json.loads, command)", r"(^|\.)handle_text \("),
    ("JSON encode", r"(^|\.)(dumps|encode|iterencode) \(json/"),
    ("connect: session, user, memberships", r"(^|\.)(connect|websocket_connect) \("),
]

# Each sample once, in the first bucket whose pattern a frame of its stack matches: what
# a message costs once (its command) against what it costs per recipient (the fan-out).
BUCKETS = [
    (
        "per message: the command's database work (worker thread)",
        r"\(concurrent/futures/thread\.py|^Thread\._bootstrap ",
    ),
    (
        "per recipient: forward the frame (consumer handler, uvicorn, socket write)",
        r"(^|\.)(rse_frame|chat_message) \(",
    ),
    ("per recipient: the layer's group_send (a copy into each queue)", r"(^|\.)group_send \("),
    (
        "per message: the inbound frame and its command on the loop (parse, reply)",
        r"(^|\.)(handle_text|websocket_receive|receive_json|data_received|receive_data) \(",
    ),
    (
        "per recipient: the consumer wakes for a layer message (receive, dispatch)",
        r"(^|\.)receive \((channels/layers|channels_redis/|rse/realtime/layers)"
        r"|await_many_dispatch",
    ),
    ("uvicorn's keepalive pings", r"keepalive|schedule_ping"),
]

# Own samples (the innermost frame) by where that code lives: these add up to 100 %.
AREAS = [
    (
        "channel layer (channels.layers, channels_redis, rse/realtime/layers.py)",
        r"\((channels/layers|channels_redis/|rse/realtime/layers)",
    ),
    ("asyncio (queues, tasks, the loop's Python side)", r"\(asyncio/"),
    (
        "thread hops (asgiref, threading, concurrent.futures)",
        r"\((asgiref/|threading\.py|concurrent/|queue\.py)",
    ),
    ("Django ORM and SQL (django.db)", r"\(django/db/"),
    ("SQLite / PostgreSQL driver", r"\((sqlite3/|psycopg/)"),
    ("Django, other (sessions, auth, cache, signals, utils)", r"\(django/"),
    ("Markdown and sanitising (markdown_it, nh3)", r"\((markdown_it/|nh3)"),
    ("RSE's code (rse/, chat/, groups/)", r"\((rse|chat|groups)/"),
    ("channels (consumers, db, utils)", r"\(channels/"),
    ("uvicorn and websockets (frames, protocol)", r"\((uvicorn|websockets)/"),
    ("json, copy", r"\((json/|copy\.py)"),
    ("redis-py", r"\(redis/"),
]

FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^:()]+)(?::(?P<line>\d+))?\)$")


def short(frame):
    """``func (path/to/site-packages/pkg/mod.py:12)`` -> ``func (pkg/mod.py)``."""
    m = FRAME.match(frame.strip())
    if not m:
        return frame.strip()
    path = m["file"]
    for marker in ("site-packages/", "/python3.11/", "/work/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{m['func']} ({path})"


def read_raw(path):
    """py-spy's raw (collapsed) output: ``frame;frame;... count`` per line, root first."""
    stacks = []
    for line in Path(path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [short(f) for f in stack.split(";")]
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        stacks.append((frames, int(count)))
    return stacks


def summarise(path, top=20):
    stacks = read_raw(path)
    total = sum(c for _, c in stacks) or 1
    parts = []
    for label, pattern in PARTS:
        rx = re.compile(pattern)
        n = sum(c for frames, c in stacks if any(rx.search(f) for f in frames))
        parts.append({"part": label, "pct": 100 * n / total})
    buckets = Counter()
    for frames, c in stacks:
        label = next(
            (b for b, rx in BUCKETS if any(re.search(rx, f) for f in frames)),
            "other (the event loop itself, timers, connections)",
        )
        buckets[label] += c
    own = Counter()
    for frames, c in stacks:
        if frames:
            own[frames[-1]] += c
    areas = Counter()
    for function, c in own.items():
        label = next((a for a, rx in AREAS if re.search(rx, function)), "other")
        areas[label] += c
    return {
        "samples": total,
        "parts": parts,
        "buckets": [{"bucket": b, "pct": 100 * c / total} for b, c in buckets.most_common()],
        "areas": [{"area": a, "pct": 100 * c / total} for a, c in areas.most_common()],
        "self": [{"function": f, "pct": 100 * c / total} for f, c in own.most_common(top)],
    }


def py_spy():
    found = Path(sys.executable).parent / "py-spy"
    return str(found) if found.exists() else shutil.which("py-spy")


def markdown(summary):
    lines = [
        f"{summary['samples']} samples of the thread holding the GIL.",
        "",
        "| part of the path (shares overlap: a part includes what it calls) | % of samples |",
        "| --- | ---: |",
    ]
    lines += [
        f"| {p['part'].replace('  ', '&nbsp;&nbsp;')} | {p['pct']:.1f} |" for p in summary["parts"]
    ]
    lines += ["", "| each sample once: per message or per recipient (adds up to 100 %) | % |"]
    lines += ["| --- | ---: |"]
    lines += [f"| {b['bucket']} | {b['pct']:.1f} |" for b in summary.get("buckets", [])]
    lines += ["", "| own samples by area (adds up to 100 %) | % |", "| --- | ---: |"]
    lines += [f"| {a['area']} | {a['pct']:.1f} |" for a in summary.get("areas", [])]
    lines += ["", "| function (own samples) | % |", "| --- | ---: |"]
    lines += [f"| `{s['function']}` | {s['pct']:.1f} |" for s in summary["self"]]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(summarise(sys.argv[1])))
