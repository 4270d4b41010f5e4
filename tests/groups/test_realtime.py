"""Membership changes reach open sockets at once: a removed member stops receiving the
group's live events, a new member starts, without reconnecting."""

import pytest
from asgiref.sync import sync_to_async

from groups import actions
from groups.models import Membership, Role, Visibility
from groups.realtime import group_audience
from rse.realtime.publish import publish_on_commit
from tests.realtime.sockets import open_socket, run, session_cookie

pytestmark = pytest.mark.django_db


def test_removed_member_stops_and_new_member_starts_receiving(
    client, person, other, django_capture_on_commit_callbacks
):
    group = actions.create_group(
        by=other, fields={"name": "Secret ops", "visibility": Visibility.SECRET}
    )
    Membership.objects.create(group=group, user=person, role=Role.MEMBER)
    newcomer_cookie_person = session_cookie(client, person)
    owner_cookie = session_cookie(client, other)

    def publish(n):
        with django_capture_on_commit_callbacks(execute=True):
            publish_on_commit([group_audience(group.pk)], {"type": "test.group", "n": n})

    def remove():
        with django_capture_on_commit_callbacks(execute=True):
            actions.remove_member(
                group=group, by=other, membership=Membership.objects.get(user=person)
            )

    def rejoin():
        with django_capture_on_commit_callbacks(execute=True):
            actions.invite(group=group, by=other, email=person.email)
            invitation = person.group_invitations.get()
            actions.respond_to_invitation(invitation=invitation, user=person, accept=True)

    async def scenario():
        member, owner = await open_socket(newcomer_cookie_person), await open_socket(owner_cookie)
        await sync_to_async(publish)(1)
        assert await member.receive_json_from() == {"type": "test.group", "n": 1}
        assert await owner.receive_json_from() == {"type": "test.group", "n": 1}

        await sync_to_async(remove)()
        assert (await member.receive_json_from())["type"] == "group.left"
        await sync_to_async(publish)(2)
        assert await owner.receive_json_from() == {"type": "test.group", "n": 2}
        assert await member.receive_nothing(timeout=0.2)  # not even the group's events

        await sync_to_async(rejoin)()
        frames = [await member.receive_json_from() for _ in range(2)]
        assert {f["type"] for f in frames} == {"group.invited", "group.joined"}
        await sync_to_async(publish)(3)
        assert await member.receive_json_from() == {"type": "test.group", "n": 3}
        await member.disconnect()
        await owner.disconnect()

    run(scenario)


def test_outsider_socket_gets_nothing_from_a_secret_group(
    client, person, other, django_capture_on_commit_callbacks
):
    group = actions.create_group(
        by=other, fields={"name": "Project Aurora", "visibility": Visibility.SECRET}
    )
    cookie = session_cookie(client, person)

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            publish_on_commit(
                [group_audience(group.pk)], {"type": "test.group", "name": group.name}
            )

    async def scenario():
        outsider = await open_socket(cookie)
        await sync_to_async(publish)()
        assert await outsider.receive_nothing(timeout=0.2)
        await outsider.disconnect()

    run(scenario)


def test_deleting_a_group_drops_it_from_open_sockets(
    client, person, other, admin_user, django_capture_on_commit_callbacks
):
    group = actions.create_group(by=other, fields={"name": "Doomed", "visibility": "secret"})
    Membership.objects.create(group=group, user=person, role=Role.MEMBER)
    cookie = session_cookie(client, person)
    group_id = group.pk

    def delete_and_publish():
        with django_capture_on_commit_callbacks(execute=True):
            actions.delete_group(group=group, by=admin_user, confirm_name="Doomed")
        with django_capture_on_commit_callbacks(execute=True):
            publish_on_commit([group_audience(group_id)], {"type": "test.group"})

    async def scenario():
        socket = await open_socket(cookie)
        await sync_to_async(delete_and_publish)()
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()

    run(scenario)
