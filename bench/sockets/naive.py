"""Baseline: the naive Channels chat consumer of the tutorials. One channel-layer group
per room, ``send_json`` per recipient (so the frame is encoded once per recipient), no
database, no authentication: the person and their rooms come in the query string.

Served by uvicorn like RSE (``uvicorn bench.sockets.naive:application``); the layer is
chosen with ``BENCH_CHANNEL_LAYER`` (memory, pubsub, classic) and ``BENCH_REDIS_URL``.
Frames have the shape of RSE's (docs/realtime.md), so the driver treats both alike.
"""

import itertools
import os
from datetime import UTC, datetime
from urllib.parse import parse_qs

import django
from django.conf import settings

LAYERS = {
    "memory": "channels.layers.InMemoryChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "classic": "channels_redis.core.RedisChannelLayer",
}

if not settings.configured:
    layer = os.environ.get("BENCH_CHANNEL_LAYER", "memory")
    config = {"BACKEND": LAYERS[layer]}
    if layer != "memory":
        host = {"address": os.environ["BENCH_REDIS_URL"], "max_connections": 1000}
        if layer == "classic":
            host["socket_timeout"] = 10  # above BZPOPMIN's 5 s (bench/sockets/rse_settings.py)
        config["CONFIG"] = {"hosts": [host]}
    settings.configure(
        DEBUG=False,
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={"default": config},
        ALLOWED_HOSTS=["127.0.0.1"],
    )
    django.setup()

from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

ids = itertools.count(1)
seqs = {}


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        query = parse_qs(self.scope["query_string"].decode())
        self.user = int(query["user"][0])
        self.rooms = [int(r) for r in query.get("rooms", [""])[0].split(",") if r]
        for room in self.rooms:
            await self.channel_layer.group_add(f"room.{room}", self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": self.user})

    async def disconnect(self, code):
        for room in getattr(self, "rooms", ()):
            await self.channel_layer.group_discard(f"room.{room}", self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong", "ref": content.get("ref")})
            return
        room = content["room"]
        seq = seqs[room] = seqs.get(room, 0) + 1
        message = {
            "id": next(ids),
            "room": room,
            "seq": seq,
            "client_id": content["client_id"],
            "author": {"id": self.user, "name": f"Person {self.user}"},
            "parent": None,
            "html": f"<p>{content['body']}</p>",
            "created_at": datetime.now(tz=UTC).isoformat(),
            "edited": False,
            "deleted": False,
            "reply_count": 0,
            "question": None,
            "mentions": [],
        }
        await self.channel_layer.group_send(
            f"room.{room}", {"type": "chat.message", "room": room, "message": message}
        )
        await self.send_json(
            {
                "type": "chat.ack",
                "room": room,
                "client_id": message["client_id"],
                "id": message["id"],
                "seq": seq,
                "duplicate": False,
                "ref": content.get("ref"),
            }
        )

    async def chat_message(self, event):
        await self.send_json(
            {"type": "chat.message", "room": event["room"], "message": event["message"]}
        )


application = URLRouter([path("ws/", ChatConsumer.as_asgi())])
