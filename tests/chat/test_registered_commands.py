"""Every socket command the apps registered (rse/realtime/commands.py) answers a
well-formed frame with its reply and an ill-formed one with an error frame, the socket
staying open; every registered audience reaches the person's socket."""

import pytest

from rse.realtime.commands import AUDIENCES, COMMANDS
from rse.realtime.publish import FRAME_EVENT, encode_frame
from tests.realtime.sockets import run

from .conftest import cookie_of, open_tab, send

pytestmark = pytest.mark.django_db(transaction=True)


def examples(person, room, messages):
    """frame type -> (a well-formed frame and the type of its reply, an ill-formed frame).
    A command registered without an example here fails the test below."""
    edit, delete, react = messages
    return {
        "ping": (({}, "pong"), None),  # a ping has no field to get wrong
        "presence.query": (({"users": [person.pk]}, "presence"), {"users": "everyone"}),
        "chat.send": (
            ({"room": room.pk, "client_id": "registry-1", "body": "hello"}, "chat.ack"),
            {"room": room.pk, "client_id": 7, "body": "hello"},
        ),
        "chat.history": (({"room": room.pk, "after": 0}, "chat.history"), {"room": "general"}),
        "chat.read": (({"room": room.pk, "seq": 1}, "chat.read_ok"), {"room": room.pk, "seq": -1}),
        "chat.edit": (
            ({"message": edit.pk, "body": "edited"}, "chat.edit_ok"),
            {"message": edit.pk, "body": ["edited"]},
        ),
        "chat.delete": (({"message": delete.pk}, "chat.delete_ok"), {"message": 10**30}),
        "chat.react": (
            ({"message": react.pk, "kind": "like"}, "chat.react_ok"),
            {"message": react.pk, "kind": "shrug"},
        ),
        "chat.typing": (({"room": room.pk}, "chat.typing_ok"), {"room": None}),
    }


def test_every_registered_command_answers_good_and_bad_frames(team):
    messages = [send(team.owner, team.room, body=f"message {n}") for n in range(3)]
    table = examples(team.owner, team.room, messages)
    assert set(table) == set(COMMANDS)
    cookie = cookie_of(team.owner)

    async def scenario():
        tab = await open_tab(cookie)
        for frame_type, ((good, reply_type), bad) in table.items():
            reply = await tab.call(frame_type, **good)
            assert reply["type"] == reply_type, (frame_type, reply)
            if bad is not None:
                reply = await tab.call(frame_type, **bad)
                assert reply["type"] == "error", (frame_type, reply)
                assert reply["code"] in {"bad_frame", "not_found", "invalid"}, reply
                assert reply["message"]
            await tab.ping_pong()
        await tab.close()

    run(scenario)


def test_every_registered_audience_reaches_the_persons_socket(team):
    audiences = [audience for provider in AUDIENCES for audience in provider(team.member.pk)]
    for provider in AUDIENCES:
        assert list(provider(team.member.pk)), f"{provider} gave a member no audience"
        assert list(provider(team.outsider.pk)) == [], f"{provider} gave an outsider one"
    cookie = cookie_of(team.member)

    async def scenario():
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        tab = await open_tab(cookie)
        for n, audience in enumerate(audiences):
            text = encode_frame({"type": "test.reached", "n": n})
            await layer.group_send(audience, {"type": FRAME_EVENT, "text": text, "via": audience})
            assert await tab.next("test.reached") == {"type": "test.reached", "n": n}
        await tab.close()

    run(scenario)
