"""The one WebSocket per browser tab (docs/realtime.md is its contract)."""

import asyncio
import contextlib
import json
import time

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.utils import translation
from django.utils.translation import gettext as _

from rse.limits import MAX_FRAME_BYTES

from . import presence
from .commands import COMMANDS, audiences_of
from .db import socket_database_sync_to_async
from .publish import encode_frame, user_audience

registered_audiences = socket_database_sync_to_async(audiences_of)

SEND_TIMEOUT = 10  # seconds a frame may wait for a client that does not read
# Every frame a client sends costs work, pings and typing included: each socket may send
# FRAME_BURST at once (a reconnect asks for the history of each open room), then
# FRAMES_PER_SECOND on average. A frame beyond is not handled, and the client is told so
# once a second at most; more than FRAME_BURST refused within REFUSALS_WINDOW seconds
# close the socket with 4029, however many frames got through in between.
FRAMES_PER_SECOND = 20
FRAME_BURST = 100
REFUSALS_WINDOW = 5


class RealtimeConsumer(AsyncWebsocketConsumer):
    """Carries every live event of one signed-in person's tab as JSON frames.

    Client commands are routed to the handlers the apps registered for their type
    (``rse.realtime.commands``); each one answers with a reply frame, and a bad frame
    gets an error frame while the socket stays open.
    """

    async def __call__(self, scope, receive, send):
        """Channels' loop (``await_many_dispatch``) makes a task and an
        ``asyncio.wait()`` for every message it hands over, ~10 µs paid for each
        recipient of every chat message (docs/bench-chat.md). Here the client's frames
        and the channel layer's messages each have one task that receives and handles
        them in turn, for the socket's life. A client's frames are still handled one
        after the other, and frames to forward no longer wait behind a command waiting
        for the database. The layer's task starts once the socket is open."""
        self.scope, self.base_send = scope, send
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await self.channel_layer.new_channel()
        tasks = []
        try:
            await self.dispatch(await receive())  # websocket.connect: opened, or closed
            tasks = [
                asyncio.create_task(self._handle_each(receive)),
                asyncio.create_task(
                    self._handle_each(lambda: self.channel_layer.receive(self.channel_name))
                ),
            ]
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()  # StopConsumer (the socket closed), or an error to raise
        except StopConsumer:
            pass
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _handle_each(self, receive):
        while True:
            await self.dispatch(await receive())

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        # The person itself, not AuthMiddleware's lazy wrapper, which costs a call per
        # attribute read: commands use it for the socket's life (rse/realtime/commands.py).
        self.user, self.user_id = getattr(user, "_wrapped", user), user.pk
        self.frame_tokens, self.frame_clock = FRAME_BURST, time.monotonic()
        self.refusals, self.refusals_since, self.refusal_told_at = 0, self.frame_clock, -1.0
        self.language = user.language
        # The person's own audience first: a membership change made while the rest is
        # read still reaches this socket as a (un)subscribe event.
        self.audiences = {user_audience(user.pk)}
        await self.channel_layer.group_add(user_audience(user.pk), self.channel_name)
        for audience in await registered_audiences(user.pk):
            self.audiences.add(audience)
            await self.channel_layer.group_add(audience, self.channel_name)
        await self.accept()
        await presence.touch(user.pk)
        await self.send_frame({"type": "hello", "user": user.pk})

    async def disconnect(self, code):
        # Also called by the server's own closes, before the client's disconnect comes:
        # from then on ``rse_frame`` forwards nothing, whatever the layer still delivers.
        for audience in getattr(self, "audiences", ()):
            await self.channel_layer.group_discard(audience, self.channel_name)
        self.audiences = set()

    async def dispatch(self, message):
        # Skip the worker thread hop that Channels makes before each handler to close
        # stale database connections (shared/REALTIME-NOTES.md, 3) for what comes by the
        # thousand: events fanned out to sockets never touch the database, and frames
        # from clients (a ping every 25 s per socket) reach the database only through
        # database_sync_to_async, which closes stale connections in its own thread.
        if message["type"] == "rse.frame":
            await self.rse_frame(message)
        elif message["type"] == "websocket.receive":
            await self.websocket_receive(message)
        elif message["type"] in ("rse.subscribe", "rse.unsubscribe"):
            await getattr(self, message["type"].replace(".", "_"))(message)
        else:
            await super().dispatch(message)

    async def receive(self, text_data=None, bytes_data=None):
        with translation.override(self.language):
            await self.handle_text(text_data)

    def take_frame_token(self):
        now = time.monotonic()
        self.frame_tokens = min(
            FRAME_BURST, self.frame_tokens + (now - self.frame_clock) * FRAMES_PER_SECOND
        )
        self.frame_clock = now
        if self.frame_tokens < 1:
            return False
        self.frame_tokens -= 1
        return True

    async def refuse_frame(self):
        now = self.frame_clock
        if now - self.refusals_since > REFUSALS_WINDOW:
            self.refusals, self.refusals_since = 0, now
        self.refusals += 1
        if self.refusals > FRAME_BURST:
            await self.disconnect(4029)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(SEND_TIMEOUT):
                    await self.close(code=4029)
            raise StopConsumer
        if now - self.refusal_told_at >= 1:
            self.refusal_told_at = now
            await self.send_error("too_many_frames", _("Too many frames at once: slow down."))

    async def handle_text(self, text_data):
        if not self.take_frame_token():
            await self.refuse_frame()
            return
        if text_data is None or len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send_error("bad_frame", _("Frames must be JSON text of at most 16 KB."))
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_error("bad_json", _("This frame is not valid JSON."))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("bad_frame", _("A frame is a JSON object with a type."))
            return
        handler = COMMANDS.get(frame["type"])
        if handler is None:
            await self.send_error(
                "unknown_type",
                _("Unknown frame type: %(type)s.") % {"type": frame["type"][:40]},
                ref=frame.get("ref"),
            )
            return
        await handler(self, frame)

    async def send_frame(self, frame):
        await self.send(text_data=encode_frame(frame))

    async def send_error(self, code, message, ref=None):
        await self.send_frame({"type": "error", "code": code, "message": message, "ref": ref})

    async def rse_frame(self, event):
        if event.get("via") not in self.audiences:
            return
        try:
            # A client that stops reading would hold frames in memory without end: it is
            # closed instead, and resumes from the database when it comes back. (A
            # timeout, not wait_for(), which makes a task per frame on Python 3.11.)
            async with asyncio.timeout(SEND_TIMEOUT):
                await self.send(text_data=event["text"])
        except TimeoutError:
            await self.drop_slow_client()

    async def drop_slow_client(self):
        # Leave every audience first, so nothing more piles up for this socket. The close
        # frame waits for the client like any frame (uvicorn's send awaits a writable
        # transport): if it cannot go out either, the consumer stops all the same.
        await self.disconnect(4008)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SEND_TIMEOUT):
                await self.close(code=4008)
        raise StopConsumer

    async def rse_subscribe(self, event):
        if event["audience"] not in self.audiences:
            self.audiences.add(event["audience"])
            await self.channel_layer.group_add(event["audience"], self.channel_name)

    async def rse_unsubscribe(self, event):
        self.audiences.discard(event["audience"])
        await self.channel_layer.group_discard(event["audience"], self.channel_name)

    async def rse_close(self, event):
        # Nothing more reaches the socket from the moment the server closes it (a
        # deactivated person's): the client's disconnect comes later.
        code = event.get("code", 4001)
        await self.disconnect(code)
        await self.close(code=code)
