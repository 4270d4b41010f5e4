"""The server itself refuses what RSE would refuse, before reading it whole: a socket frame
over RSE's limit closes the socket as its header arrives (1009), and a request body over
RSE_REQUEST_MAX_BYTES is answered 413 before the body is sent. RSE is served here as
everywhere else, by ``python -m rse.serve``, on a database of its own."""

import http.client
import json
import os
import subprocess
import sys

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from rse.limits import MAX_FRAME_BYTES
from tests.realtime.sockets import run_apart
from tests.serving import ROOT, free_port, serve, wait_until_up

SIGN_IN = """
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from rse.accounts.models import User
user = User.objects.create_user(email="limits@example.com", password="x" * 12)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var = tmp_path_factory.mktemp("served")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
    env.update(RSE_VAR_DIR=str(var), RSE_DEBUG="1", RSE_REQUEST_MAX_BYTES="1000000")

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        ).stdout

    manage("migrate", "-v0")
    cookie = manage("shell", "-c", SIGN_IN).strip().splitlines()[-1]
    port = free_port()
    process = serve(port, env)
    wait_until_up(process, f"http://127.0.0.1:{port}", lambda: process.stdout.read().decode())
    yield port, cookie
    process.terminate()
    output = process.communicate(timeout=10)[0].decode()
    assert "lifespan" not in output.lower()  # a quiet start: nothing about lifespan


def frame_of(size):
    """A well-formed ping frame of exactly ``size`` bytes."""
    head = '{"type": "ping", "pad": "'
    return head + "x" * (size - len(head) - 2) + '"}'


def test_a_frame_over_the_limit_closes_the_socket_before_it_is_read(served):
    port, cookie = served

    async def scenario():
        async with connect(
            f"ws://127.0.0.1:{port}/ws/",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": f"sessionid={cookie}"},
            max_size=None,
        ) as ws:
            assert '"hello"' in await ws.recv()
            await ws.send(frame_of(MAX_FRAME_BYTES))  # the largest RSE accepts
            assert '"pong"' in await ws.recv()
            await ws.send(frame_of(2 * 1024 * 1024))
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            return closed.value.rcvd.code

    assert run_apart(scenario) == 1009  # "message too big", from the server itself


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "more than RSE accepts at once"), ("fr", "plus que ce que RSE accepte")],
)
def test_a_body_over_the_limit_is_refused_before_it_is_sent(served, language, message):
    port, cookie = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("POST", "/")
    connection.putheader("Content-Length", str(10 * 1024**3))  # 10 GB announced, none sent
    connection.putheader("Cookie", f"sessionid={cookie}; django_language={language}")
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert message in response.read().decode()
    connection.close()


def test_a_chunked_body_is_cut_off_at_the_limit(served):
    port, cookie = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("POST", "/")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.putheader("Cookie", f"sessionid={cookie}")
    connection.endheaders()
    chunk = b"x" * 100_000
    try:
        for _ in range(15):  # 1.5 MB against a limit of 1 MB
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass  # the server may close before the rest is sent
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def test_a_script_that_asks_for_json_gets_the_refusal_as_json(served):
    port, cookie = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("POST", "/chat/1/files/")
    connection.putheader("Content-Length", str(10 * 1024**3))
    connection.putheader("Accept", "application/json")
    connection.putheader("Cookie", f"sessionid={cookie}")
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert response.getheader("Content-Type") == "application/json"
    assert "more than RSE accepts" in json.loads(response.read())["error"]
    connection.close()
