"""The one socket per tab: who may open it, and how it answers each frame."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.utils import translation

from rse.accounts import actions
from rse.realtime.publish import publish_on_commit, user_audience
from tests.realtime.sockets import communicator, open_socket, run, session_cookie

pytestmark = pytest.mark.django_db


def test_anonymous_socket_is_refused():
    async def scenario():
        socket = communicator()
        connected, code = await socket.connect()
        assert not connected
        assert code == 4401

    run(scenario)


def test_foreign_origin_is_refused(client, person):
    cookie = session_cookie(client, person)

    async def scenario():
        socket = communicator(cookie, origin="https://evil.example.org")
        connected, _ = await socket.connect()
        assert not connected

    run(scenario)


def test_signed_in_socket_says_hello_and_answers_ping(client, person):
    cookie = session_cookie(client, person)

    async def scenario():
        socket = communicator(cookie)
        connected, _ = await socket.connect()
        assert connected
        assert await socket.receive_json_from() == {"type": "hello", "user": person.pk}
        await socket.send_json_to({"type": "ping", "ref": "abc"})
        assert await socket.receive_json_from() == {"type": "pong", "ref": "abc"}
        await socket.disconnect()

    run(scenario)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_frame"),
        ('{"no": "type"}', "bad_frame"),
        ('{"type": "launch.rockets", "ref": 7}', "unknown_type"),
        (json.dumps({"type": "ping", "pad": "x" * 20000}), "bad_frame"),
    ],
)
def test_bad_frames_get_an_error_and_the_socket_stays_open(client, person, text, code):
    cookie = session_cookie(client, person)

    async def scenario():
        socket = await open_socket(cookie)
        await socket.send_to(text_data=text)
        error = await socket.receive_json_from()
        assert error["type"] == "error" and error["code"] == code
        assert error["message"]
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["type"] == "pong"
        await socket.disconnect()

    run(scenario)


def test_error_messages_follow_the_person_language(client, person):
    person.language = "fr"
    person.save()
    cookie = session_cookie(client, person)

    async def scenario():
        socket = await open_socket(cookie)
        await socket.send_to(text_data="{oops")
        error = await socket.receive_json_from()
        with translation.override("fr"):
            expected = translation.gettext("This frame is not valid JSON.")
        assert error["message"] == expected != "This frame is not valid JSON."
        await socket.disconnect()

    run(scenario)


def test_published_frames_arrive_only_after_commit(
    client, person, other, django_capture_on_commit_callbacks
):
    cookie, other_cookie = session_cookie(client, person), session_cookie(client, other)
    pending = []

    def publish():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            publish_on_commit([user_audience(person.pk)], {"type": "test.event", "n": 1})
        pending.extend(callbacks)

    def commit():
        for callback in pending:
            callback()

    async def scenario():
        mine, theirs = await open_socket(cookie), await open_socket(other_cookie)
        await sync_to_async(publish)()
        assert await mine.receive_nothing(timeout=0.1)  # not committed: nothing sent
        await sync_to_async(commit)()
        assert await mine.receive_json_from() == {"type": "test.event", "n": 1}
        assert await theirs.receive_nothing(timeout=0.1)
        await mine.disconnect()
        await theirs.disconnect()

    run(scenario)


def test_frames_go_out_without_reading_the_session_each_time(client, person, monkeypatch):
    """The session is read when the socket opens, not again for every frame it sends, as
    Channels' session middleware did (rse/realtime/middleware.py)."""
    from django.contrib.sessions.backends.base import SessionBase

    cookie = session_cookie(client, person)
    reads = []
    is_empty = SessionBase.is_empty
    monkeypatch.setattr(SessionBase, "is_empty", lambda s: reads.append(1) or is_empty(s))

    async def scenario():
        socket = await open_socket(cookie)
        before = len(reads)
        for n in range(5):
            await socket.send_json_to({"type": "ping", "ref": n})
            assert (await socket.receive_json_from())["type"] == "pong"
        assert len(reads) == before
        await socket.disconnect()

    run(scenario)


def test_deactivation_closes_the_person_sockets(
    client, person, admin_user, django_capture_on_commit_callbacks
):
    cookie = session_cookie(client, person)

    def deactivate():
        with django_capture_on_commit_callbacks(execute=True):
            actions.set_active(person=person, by=admin_user, active=False)

    async def scenario():
        socket = await open_socket(cookie)
        await sync_to_async(deactivate)()
        output = await socket.receive_output(timeout=1)
        assert output == {"type": "websocket.close", "code": 4001}
        reconnect = communicator(cookie)
        connected, code = await reconnect.connect()
        assert not connected and code == 4401

    run(scenario)
