"""Two real uvicorn processes share the test's PostgreSQL database and Redis, as
production runs several behind a proxy (docs/deploy.md).

Nothing lost across server processes: a message sent through one reaches a client of the
other; then the process a client is sending through is killed mid-stream, the client
reconnects to the other one, resends what was not acknowledged with the same client ids,
and resumes from the last number it saw. At the end the database holds the series exactly
once, in order, and each client has seen every number once.

Pages too: what is written through one process (a post from its page form, a chat message
on its socket) is on the signed-in pages the other serves, and each answers the health
check the proxy and the monitoring ask.

Runs only with RSE_REDIS_URL and a PostgreSQL RSE_DATABASE_URL (CI's second pass); the
processes use pytest-django's test database (``test_<name>``), not the one named in the
URL.
"""

import asyncio
import http.client
import json
import os
import re
import subprocess
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from chat.models import Message, Room
from feed.models import Post
from tests.realtime.sockets import session_cookie
from tests.serving import free_port, serve, wait_until_up

from .conftest import make_channel

ROOT = Path(__file__).resolve().parents[2]
SERIES = 40  # numbered messages the first client sends
KILL_AFTER = 12  # acknowledgements received before its server process is killed
WAIT = 10  # seconds any single step may take

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("RSE_REDIS_URL"),
        reason="needs Redis and PostgreSQL shared by two processes (RSE_REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),  # the processes must see committed data
]


def shared_database_url():
    """The URL of the database this test run really uses (pytest-django's test_<name>)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{credentials}@" if credentials else ""
    return f"postgres://{host}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    """One uvicorn process of RSE."""

    def __init__(self, name, env, log_dir):
        self.name = name
        self.port = free_port()
        self.log = log_dir / f"{name}.log"
        with self.log.open("w") as out:
            self.process = serve(self.port, env, output=out)

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}/ws/"

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self):
        wait_until_up(self.process, self.origin, lambda: f"{self.name}: {self.output()}")

    def kill(self):
        """As a crash: no clean shutdown, no goodbye to the clients."""
        self.process.kill()
        self.process.wait(timeout=WAIT)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self):
        return self.log.read_text()


@pytest.fixture
def servers(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two processes share a PostgreSQL database, not an in-memory SQLite one")
    var = tmp_path / "var"
    var.mkdir()
    # Static files collected once for every process, as in production (here by
    # tests/conftest.py): pages name them by their hashed names from its manifest.
    (var / "static").symlink_to(settings.STATIC_ROOT, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="rse.settings",
        RSE_DATABASE_URL=shared_database_url(),
        RSE_REDIS_URL=os.environ["RSE_REDIS_URL"],
        RSE_SECRET_KEY=settings.SECRET_KEY,  # the sessions made here must be valid there
        RSE_ALLOWED_HOSTS="127.0.0.1,localhost",
        RSE_VAR_DIR=str(var),
        RSE_CHAT_MESSAGES_PER_MINUTE="1000",
    )
    started = [Server(name, env, tmp_path) for name in ("A", "B")]
    try:
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:  # before pytest-django empties (and later drops) the database
            server.stop()


class ChatClient:
    """A client as docs/realtime.md describes it: numbered messages, acks by client id,
    resume and gap filling from ``chat.history``. It also records what each of its sockets
    received live, to show that no socket got a number twice."""

    def __init__(self, name, cookie, room):
        self.name, self.cookie, self.room = name, cookie, room
        self.timeline = {}  # seq -> message, as the person sees the room
        self.live = []  # per socket: the seqs of chat.message frames, in arrival order
        self.acks = {}  # client_id -> ack
        self.replies = {}  # ref -> future of the reply
        self.refs = 0
        self.ws = None
        self.reader = None
        self.filling = None  # the gap-filling task, while one runs

    async def connect(self, server):
        self.ws = await connect(
            server.url,
            origin=server.origin,
            additional_headers={"Cookie": f"sessionid={self.cookie}"},
            open_timeout=WAIT,
        )
        hello = json.loads(await asyncio.wait_for(self.ws.recv(), WAIT))
        assert hello["type"] == "hello", hello
        self.live.append([])
        self.reader = asyncio.create_task(self._read(self.ws, self.live[-1]))

    async def _read(self, ws, live):
        try:
            async for text in ws:
                frame = json.loads(text)
                if frame["type"] == "chat.message":
                    live.append(frame["message"]["seq"])
                    await self._see([frame["message"]])
                elif frame["type"] == "chat.ack":
                    self.acks[frame["client_id"]] = frame
                if "ref" in frame and frame["ref"] in self.replies:
                    self.replies.pop(frame["ref"]).set_result(frame)
        except ConnectionClosed:
            pass
        finally:
            for future in self.replies.values():
                if not future.done():
                    future.set_exception(ConnectionError("the socket closed"))
            self.replies.clear()

    @property
    def last_seen(self):
        """The last number up to which this client has seen everything."""
        seq = 0
        while seq + 1 in self.timeline:
            seq += 1
        return seq

    async def _see(self, messages):
        for message in messages:
            self.timeline.setdefault(message["seq"], message)
        if max(self.timeline) > self.last_seen and not self.filling:
            # A number jumped: frames were lost on the way. Ask for the gap.
            self.filling = asyncio.get_running_loop().create_task(self._fill_gap())

    async def _fill_gap(self):
        try:
            await self.resume()
        finally:
            self.filling = None

    async def call(self, **frame):
        self.refs += 1
        ref = f"{self.name}{self.refs}"
        future = asyncio.get_running_loop().create_future()
        self.replies[ref] = future
        await self.ws.send(json.dumps({**frame, "ref": ref}))
        return await asyncio.wait_for(future, WAIT)

    async def send(self, client_id, body):
        await self.ws.send(
            json.dumps(
                {"type": "chat.send", "room": self.room, "client_id": client_id, "body": body}
            )
        )

    async def resume(self):
        """Everything after the last number seen, page by page, from the database."""
        while True:
            after = self.last_seen
            reply = await self.call(type="chat.history", room=self.room, after=after)
            assert all(m["seq"] > after for m in reply["messages"])
            for message in reply["messages"]:
                self.timeline.setdefault(message["seq"], message)
            if not reply["has_more"]:
                return reply["last_seq"]

    async def close(self):
        if self.filling:
            await self.filling
        await self.ws.close()
        await self.reader


async def until(predicate, what):
    async with asyncio.timeout(WAIT):
        while not predicate():
            await asyncio.sleep(0.01)
    return what


def test_nothing_lost_when_a_server_process_dies_mid_stream(servers, person, other):
    a, b = servers
    _group, room = make_channel("Ops", owners=[person], members=[other])
    alice = ChatClient("alice", session_cookie(Client(), person), room.pk)
    bob = ChatClient("bob", session_cookie(Client(), other), room.pk)
    series = [f"series-{n:03d}" for n in range(SERIES)]
    report = {}

    async def scenario():
        await alice.connect(a)
        await bob.connect(b)

        # Across processes: through A to the client on B, and back.
        hello = await alice.call(type="chat.send", room=room.pk, client_id="hello", body="hi")
        await until(lambda: hello["seq"] in bob.live[0], "B's client got A's message live")
        answer = await bob.call(type="chat.send", room=room.pk, client_id="answer", body="yo")
        await until(lambda: answer["seq"] in alice.live[0], "A's client got B's message live")

        # A numbered series through A, not waiting for each ack; A dies in the middle.
        async def stream():
            for client_id in series:
                try:
                    await alice.send(client_id, f"{client_id} body")
                except ConnectionClosed:
                    return
                await asyncio.sleep(0.01)

        sender = asyncio.create_task(stream())
        await until(lambda: len([c for c in series if c in alice.acks]) >= KILL_AFTER, "acks")
        a.kill()
        await sender
        await alice.reader
        acked = [c for c in series if c in alice.acks]
        assert len(acked) < SERIES, "the process died after the whole series: not mid-stream"
        # The last ack "was lost on the way": the client must send that message again.
        lost = acked[-1]
        lost_ack = alice.acks.pop(lost)
        report.update(acked_on_a=len(acked), lost=lost, lost_ack=lost_ack)

        # Reconnect to B, resume from the last number seen, resend whatever has no ack.
        await alice.connect(b)
        await alice.resume()
        resent = [c for c in series if c not in alice.acks]
        for client_id in resent:
            await alice.call(
                type="chat.send", room=room.pk, client_id=client_id, body=f"{client_id} body"
            )
        report["resent"] = resent

        # Both clients see the end of the room; a last resume fills any gap.
        total = await alice.resume()
        await until(lambda: max(bob.timeline) == total, "bob got the last message live")
        assert await bob.resume() == total
        assert await alice.resume() == total
        report["total"] = total
        await alice.close()
        await bob.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 60))
    except BaseException:
        print(a.output(), b.output(), sep="\n---\n")
        raise

    stored = list(
        Message.objects.filter(room=room).order_by("seq").values_list("seq", "client_id", "body")
    )
    total = report["total"]
    # The database: each message exactly once, numbered without a gap, in the order sent.
    assert [client_id for _, client_id, _ in stored] == ["hello", "answer", *series]
    assert [seq for seq, _, _ in stored] == list(range(1, total + 1))
    assert Room.objects.get(pk=room.pk).last_seq == total == SERIES + 2
    assert all(body == f"{client_id} body" for _, client_id, body in stored[2:])

    # Every acknowledgement names the stored message; the resent one was not stored twice.
    ids = dict(Message.objects.filter(room=room).values_list("client_id", "pk"))
    by_client_id = {client_id: seq for seq, client_id, _ in stored}
    for client_id in series:
        ack = alice.acks[client_id]
        assert (ack["id"], ack["seq"]) == (ids[client_id], by_client_id[client_id])
    resend_of_lost = alice.acks[report["lost"]]
    assert resend_of_lost["duplicate"] is True
    assert (resend_of_lost["id"], resend_of_lost["seq"]) == (
        report["lost_ack"]["id"],
        report["lost_ack"]["seq"],
    )
    assert report["lost"] in report["resent"]

    # Each client saw every number once; no socket received a number twice.
    for client in (alice, bob):
        assert sorted(client.timeline) == list(range(1, total + 1)), client.name
        assert [m["client_id"] for _, m in sorted(client.timeline.items())] == [
            "hello",
            "answer",
            *series,
        ]
        for live in client.live:
            assert len(live) == len(set(live)), (client.name, live)


class Browser:
    """One person's browser for plain pages: their cookies (session, then CSRF), and no
    redirect followed, so that a page sending them to sign-in fails the test instead of
    answering with a sign-in form."""

    def __init__(self, cookie):
        self.cookies = {"sessionid": cookie}

    def request(self, server, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = server.origin
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
        try:
            conn.request("GET" if form is None else "POST", path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response, text

    def page(self, server, path):
        response, text = self.request(server, path)
        assert response.status == 200, (server.name, path, response.status, server.output())
        return text


def test_pages_served_by_each_process_show_what_the_other_wrote(servers, person, other):
    a, b = servers
    group, room = make_channel("Ops", owners=[person], members=[other])
    paula, oscar = (
        Browser(session_cookie(Client(), person)),
        Browser(session_cookie(Client(), other)),
    )

    # The health check needs no session and says "ok", on both.
    for server in servers:
        response, text = Browser("").request(server, "/healthz")
        assert (response.status, text) == (200, "ok"), (server.name, response.status, text)

    # Paula publishes from the composer page served by A (its form, its CSRF token).
    composer = paula.page(a, f"/posts/new/?group={group.slug}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', composer)[1]
    body = "Release 4.2 ships on Thursday, published through process A"
    response, _ = paula.request(
        a,
        "/posts/new/",
        form={
            "csrfmiddlewaretoken": token,
            "group": group.slug,
            "kind": "discussion",
            "title": "",
            "body": body,
        },
    )
    post = Post.objects.get(author=person, group=group)
    assert (response.status, response.getheader("Location")) == (302, f"/posts/{post.pk}/")

    # Oscar's home feed, served by B, lists it; and A serves its page too.
    home = oscar.page(b, "/")
    assert f"/posts/{post.pk}/" in home and body in home
    assert body in oscar.page(a, f"/posts/{post.pk}/")

    # A chat message on each process's socket is in the room page the other one serves.
    alice = ChatClient("alice", paula.cookies["sessionid"], room.pk)
    bob = ChatClient("bob", oscar.cookies["sessionid"], room.pk)

    async def chat():
        await alice.connect(a)
        await bob.connect(b)
        sent = {
            "A": await alice.call(
                type="chat.send", room=room.pk, client_id="on-a", body="Deploy window via A"
            ),
            "B": await bob.call(
                type="chat.send", room=room.pk, client_id="on-b", body="Noted, via B"
            ),
        }
        await alice.close()
        await bob.close()
        return sent

    try:
        sent = asyncio.run(asyncio.wait_for(chat(), 30))
    except BaseException:
        print(a.output(), b.output(), sep="\n---\n")
        raise
    assert [sent[name]["type"] for name in "AB"] == ["chat.ack", "chat.ack"], sent
    on_b = oscar.page(b, f"/chat/{room.pk}/")
    assert f'id="m-{sent["A"]["seq"]}"' in on_b and "Deploy window via A" in on_b
    on_a = paula.page(a, f"/chat/{room.pk}/")
    assert f'id="m-{sent["B"]["seq"]}"' in on_a and "Noted, via B" in on_a
