"""A lean WebSocket client for the load driver: one ``asyncio.Protocol`` per connection,
the handshake keys and masking from ``websockets``, frames read straight from the
socket's bytes.

Why not ``websockets``' asyncio client: measured on the bench machine, it spends ~45 µs
of the driver's core per received frame (futures, queues and its generator-based parser
per frame), which capped the driver near 20,000 deliveries/s, below what the bare server
sends. Reading unmasked server frames from a buffer costs a few µs, so the driver stays
far from its limit while it measures the servers.

Only what the bench needs: text frames, ping/pong, close; no extensions (the handshake
offers none, as a browser with permessage-deflate disabled would).
"""

import asyncio
import os
from base64 import b64encode

from websockets.utils import accept_key

try:
    from websockets.speedups import apply_mask
except ImportError:  # pragma: no cover - the pure-Python fallback of websockets
    from websockets.utils import apply_mask

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10


class HandshakeError(Exception):
    pass


def encode_frame(opcode, payload):
    """A masked client frame."""
    length = len(payload)
    if length < 126:
        header = bytes([0x80 | opcode, 0x80 | length])
    elif length < 65536:
        header = bytes([0x80 | opcode, 0x80 | 126]) + length.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + length.to_bytes(8, "big")
    mask = os.urandom(4)
    return header + mask + apply_mask(payload, mask)


class Client(asyncio.Protocol):
    """Calls ``on_text(payload_bytes, now)`` for each text frame and ``on_close(code)``
    once; ``opened`` resolves with the first text frame (the server's hello)."""

    def __init__(self, *, host, path, headers, on_text, on_close, clock):
        self.host, self.path, self.headers = host, path, headers
        self.on_text, self.on_close, self.clock = on_text, on_close, clock
        self.key = b64encode(os.urandom(16)).decode()
        self.buffer = bytearray()
        self.handshaken = False
        self.is_open = False
        self.transport = None
        self.fragments = None
        self.close_code = None
        self.opened = asyncio.get_running_loop().create_future()

    # asyncio.Protocol

    def connection_made(self, transport):
        self.transport = transport
        lines = [
            f"GET {self.path} HTTP/1.1",
            f"Host: {self.host}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {self.key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in self.headers.items()),
        ]
        transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())

    def data_received(self, data):
        buf = self.buffer
        buf += data
        if not self.handshaken:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end]).decode("latin-1").split("\r\n")
            del buf[: end + 4]
            status = head[0].split(" ", 2)
            headers = {
                k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])
            }
            if len(status) < 2 or status[1] != "101":
                self.fail(HandshakeError(f"refused: {head[0]}"))
                return
            if headers.get("sec-websocket-accept") != accept_key(self.key):
                self.fail(HandshakeError("bad Sec-WebSocket-Accept"))
                return
            self.handshaken = self.is_open = True
        now = self.clock()
        pos, size = 0, len(buf)
        while size - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            length, head = b1 & 0x7F, 2
            if length == 126:
                if size - pos < 4:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if size - pos < 10:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            if size - pos < head + length:
                break
            payload = bytes(buf[pos + head : pos + head + length])
            pos += head + length
            self.frame(b0 & 0x80, b0 & 0x0F, payload, now)
        del buf[:pos]

    def connection_lost(self, exc):
        was_open, self.is_open = self.is_open, False
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed during the handshake"))
        elif was_open:
            self.on_close(self.close_code)

    # frames

    def frame(self, fin, opcode, payload, now):
        if opcode == OP_TEXT and fin:
            if not self.opened.done():
                self.opened.set_result(payload)
            else:
                self.on_text(payload, now)
        elif opcode in (OP_TEXT, OP_CONT):
            self.fragments = (self.fragments or b"") + payload
            if fin:
                whole, self.fragments = self.fragments, None
                self.frame(0x80, OP_TEXT, whole, now)
        elif opcode == OP_PING:
            self.write(OP_PONG, payload)
        elif opcode == OP_CLOSE:
            self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            self.write(OP_CLOSE, payload[:2])
            self.is_open = False
            self.on_close(self.close_code)
            self.transport.close()

    def write(self, opcode, payload):
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(encode_frame(opcode, payload))

    def send_text(self, text):
        if not self.is_open:
            raise ConnectionError("the connection is closed")
        self.write(OP_TEXT, text.encode())

    def close(self, code=1000):
        if self.is_open:
            self.is_open = False
            self.write(OP_CLOSE, code.to_bytes(2, "big"))
        if self.transport is not None:
            self.transport.close()

    def fail(self, exc):
        if not self.opened.done():
            self.opened.set_exception(exc)
        self.transport.close()


async def connect(url, *, headers, on_text, on_close, clock, timeout=60):
    """Open ``ws://host:port/path``; returns ``(client, first_text_frame)``."""
    assert url.startswith("ws://")
    hostport, _, path = url[5:].partition("/")
    host, _, port = hostport.partition(":")
    loop = asyncio.get_running_loop()
    _transport, client = await loop.create_connection(
        lambda: Client(
            host=hostport,
            path="/" + path,
            headers=headers,
            on_text=on_text,
            on_close=on_close,
            clock=clock,
        ),
        host,
        int(port or 80),
    )
    first = await asyncio.wait_for(client.opened, timeout)
    return client, first
