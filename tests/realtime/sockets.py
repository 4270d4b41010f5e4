"""Helpers to drive the one socket from sync tests (the database stays in the test's thread)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.testing.websocket import WebsocketCommunicator

from rse.asgi import application


def session_cookie(client, user):
    client = client.__class__()  # a browser of its own: one session per person
    client.force_login(user)
    return client.cookies["sessionid"].value


def communicator(cookie=None, origin="http://testserver"):
    headers = [(b"origin", origin.encode())] if origin else []
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, "/ws/", headers=headers)


def run(scenario):
    """Drive an async scenario from a sync test, so the database stays in this thread."""
    return async_to_sync(scenario)()


def run_apart(scenario, *args, **kwargs):
    """Drive an async scenario that needs no database on a loop of its own, in a thread of
    its own: once the browser tests ran, Playwright keeps a loop running in the main
    thread for the rest of the session, and async_to_sync refuses to run beside it."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario(*args, **kwargs)).result()


async def open_socket(cookie):
    socket = communicator(cookie)
    connected, _ = await socket.connect()
    assert connected
    hello = await socket.receive_json_from()
    assert hello["type"] == "hello"
    return socket
