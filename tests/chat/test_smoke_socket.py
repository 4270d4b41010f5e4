import pytest
from django.test import Client

from chat import actions
from groups.models import Group, Membership, Role
from tests.realtime.sockets import open_socket, run, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def test_send_ack_and_delivery(person, other):
    group = Group.objects.create(name="Ops", slug="ops")
    Membership.objects.create(group=group, user=person, role=Role.OWNER)
    Membership.objects.create(group=group, user=other)
    actions.ensure_general_channels([group])
    room = group.rooms.get()
    me, them = session_cookie(Client(), person), session_cookie(Client(), other)

    async def scenario():
        a = await open_socket(me)
        b = await open_socket(them)
        await a.send_json_to(
            {"type": "chat.send", "room": room.pk, "client_id": "c1", "body": "hi", "ref": 1}
        )
        ack = await a.receive_json_from()
        live_a = await a.receive_json_from()
        got = await b.receive_json_from()
        await a.send_json_to(
            {"type": "chat.send", "room": room.pk, "client_id": "c1", "body": "hi", "ref": 2}
        )
        again = await a.receive_json_from()
        await a.disconnect()
        await b.disconnect()
        return ack, live_a, got, again

    ack, live_a, got, again = run(scenario)
    assert {ack["type"], live_a["type"]} == {"chat.ack", "chat.message"}
    assert got["type"] == "chat.message" and got["message"]["seq"] == 1
    assert again["type"] == "chat.ack" and again["duplicate"] is True
