"""Who may act in which room, over the socket. Everyone who may not read a room (an
outsider, a member removed or banned on an open socket, a non-member of a secret group,
someone else's direct message or conversation, a deactivated person) gets for every
command exactly the error frame a nonexistent room or message gets, the database stays
as it was, and no frame of that room reaches them, ever."""

import json
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError

from chat import actions
from chat.models import CONVERSATION_MAX_PEOPLE, Message, Participant, Room
from groups import actions as group_actions
from groups.models import Membership, Visibility
from rse.accounts import actions as account_actions
from rse.accounts.models import User
from tests.factories import UserFactory
from tests.realtime.sockets import communicator, run

from .conftest import QUIET, cookie_of, make_channel, open_tab, send, snapshot

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Project Aurora"  # the secret group's name, which no outsider may ever read


def _probe_frames(room, message):
    """Every command a person could aim at a room and one of its messages."""
    return [
        {"type": "chat.send", "room": room, "client_id": "probe-1", "body": "let me in"},
        {
            "type": "chat.send",
            "room": room,
            "client_id": "probe-2",
            "body": "hi",
            "parent": message,
        },
        {"type": "chat.history", "room": room},
        {"type": "chat.history", "room": room, "after": 0},
        {"type": "chat.history", "room": room, "before": 100},
        {"type": "chat.history", "room": room, "thread": message},
        {"type": "chat.read", "room": room, "seq": 1},
        {"type": "chat.typing", "room": room},
        {"type": "chat.edit", "message": message, "body": "rewritten"},
        {"type": "chat.delete", "message": message},
        {"type": "chat.react", "message": message, "kind": "like"},
    ]


async def probe(tab, room, message):
    replies = []
    for frame in _probe_frames(room, message):
        replies.append(await tab.call(frame.pop("type"), **frame))
    return replies


def nonexistent():
    return (
        (Room.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000,
        (Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000,
    )


async def assert_refused_like_nothing(tab, room, message):
    """Each command on ``room`` gets a not_found frame, identical to the one a room or
    message that does not exist gets, and changes nothing in the database."""
    before = await sync_to_async(snapshot)(room)
    replies = await probe(tab, room.pk, message.pk)
    assert await sync_to_async(snapshot)(room) == before
    missing = await probe(tab, *await sync_to_async(nonexistent)())
    for reply, reference in zip(replies, missing, strict=True):
        assert reply["type"] == "error" and reply["code"] == "not_found", reply
        assert {**reply, "ref": None} == {**reference, "ref": None}
    return replies


async def room_goes_on(insider, room, message_of_insider):
    """Insiders use the room in every way that makes a frame; they see their frames."""
    ack = await insider.call("chat.send", room=room.pk, client_id="live-1", body="secret plans")
    assert ack["type"] == "chat.ack", ack
    for type_, fields in [
        ("chat.typing", {"room": room.pk}),
        ("chat.react", {"message": message_of_insider.pk, "kind": "like"}),
        ("chat.edit", {"message": ack["id"], "body": "secret plans, v2"}),
        ("chat.delete", {"message": ack["id"]}),
        ("chat.read", {"room": room.pk, "seq": ack["seq"]}),
    ]:
        reply = await insider.call(type_, **fields)
        assert reply["type"] != "error", reply
    seen = {f["type"] for f in await insider.drain()}
    assert {"chat.message", "chat.reaction", "chat.edited", "chat.deleted"} <= seen


async def assert_nothing_of(tab, room):
    """Not a frame of the room, nor any other, reached this socket."""
    frames = await tab.drain()
    assert frames == [], f"frames of room {room.pk} reached an outsider: {frames}"


@pytest.fixture
def world(db, person, other):
    """Paula owns Ops (Oscar and Rémi are members) and the secret Project Aurora; she and
    Oscar share a direct message and, with Tess, a conversation. Nina is in none of it."""
    remi = UserFactory(display_name="Rémi Removed")
    tess = UserFactory(display_name="Tess Third")
    nina = UserFactory(display_name="Nina Outsider")
    ops, channel = make_channel("Ops", owners=[person], members=[other, remi])
    secret, secret_channel = make_channel(
        NAME, owners=[person], members=[other], visibility=Visibility.SECRET
    )
    direct = actions.open_direct(actor=person, other=other)
    conversation = actions.create_conversation(actor=person, people=[other, tess], name="Trio")
    return SimpleNamespace(
        owner=person,
        member=other,
        remi=remi,
        tess=tess,
        nina=nina,
        ops=ops,
        channel=channel,
        secret=secret,
        secret_channel=secret_channel,
        direct=direct,
        conversation=conversation,
        messages={
            room.pk: send(person, room, f"first words in {room}")
            for room in (channel, secret_channel, direct, conversation)
        },
    )


@pytest.mark.parametrize(
    ("outsider", "room", "name"),
    [
        ("nina", "channel", None),  # a group's channel, she is no member
        ("nina", "secret_channel", NAME),  # a secret group's channel: not even its name
        ("nina", "direct", None),  # someone else's direct message
        ("nina", "conversation", None),  # a conversation she was not added to
        ("remi", "direct", None),
        ("tess", "direct", None),  # in a conversation with both, not in their direct message
        ("tess", "secret_channel", NAME),
    ],
)
def test_outsiders_learn_nothing_and_change_nothing(world, outsider, room, name):
    subject, room = getattr(world, outsider), getattr(world, room)
    message = world.messages[room.pk]
    cookies = cookie_of(subject), cookie_of(world.owner)

    async def scenario():
        tab, insider = await open_tab(cookies[0]), await open_tab(cookies[1])
        replies = await assert_refused_like_nothing(tab, room, message)
        if name is not None:
            assert all(name not in json.dumps(r) for r in replies)
        await room_goes_on(insider, room, message)
        await assert_nothing_of(tab, room)
        await tab.close()
        await insider.close()

    run(scenario)


@pytest.mark.parametrize("how", ["removed", "banned", "left"])
def test_a_member_who_goes_stops_receiving_at_once_on_an_open_socket(world, how):
    own = send(world.remi, world.channel, "my last words here")
    cookies = cookie_of(world.remi), cookie_of(world.owner)

    def go():
        membership = Membership.objects.get(group=world.ops, user=world.remi)
        if how == "removed":
            group_actions.remove_member(group=world.ops, by=world.owner, membership=membership)
        elif how == "banned":
            group_actions.ban(group=world.ops, by=world.owner, user=world.remi)
        else:
            group_actions.leave_group(group=world.ops, user=world.remi)

    async def scenario():
        tab, insider = await open_tab(cookies[0]), await open_tab(cookies[1])
        ack = await insider.call("chat.send", room=world.channel.pk, client_id="b", body="still?")
        assert (await tab.next("chat.message"))["message"]["id"] == ack["id"]  # receiving
        await insider.drain()

        await sync_to_async(go)()
        assert await tab.next() == {"type": "group.left", "group": world.ops.pk}
        # Even the message they wrote themselves is now out of reach.
        await assert_refused_like_nothing(tab, world.channel, own)
        await room_goes_on(insider, world.channel, world.messages[world.channel.pk])
        await assert_nothing_of(tab, world.channel)

        # Nor after reconnecting.
        await tab.close()
        tab = await open_tab(cookies[0])
        await insider.call("chat.send", room=world.channel.pk, client_id="c", body="gone")
        await assert_nothing_of(tab, world.channel)
        await tab.close()
        await insider.close()

    run(scenario)


async def say_everywhere(insider, world, body):
    for room in (world.channel, world.direct, world.conversation):
        await insider.call("chat.send", room=room.pk, client_id=f"{body}{room.pk}", body=body)
        await insider.call("chat.typing", room=room.pk)


def test_a_deactivated_person_socket_is_closed_and_receives_nothing_more(world, admin_user):
    cookies = cookie_of(world.member), cookie_of(world.owner)

    async def scenario():
        tab, insider = await open_tab(cookies[0]), await open_tab(cookies[1])
        await sync_to_async(account_actions.set_active)(
            person=world.member, by=admin_user, active=False
        )
        assert await tab.socket.receive_output(1) == {"type": "websocket.close", "code": 4001}
        # Nothing more, before the server tells the consumer that the socket is gone (as
        # uvicorn does at once), nor after.
        await say_everywhere(insider, world, "hi?")
        assert await tab.socket.receive_nothing(QUIET)
        await tab.socket.send_input({"type": "websocket.disconnect", "code": 4001})
        await say_everywhere(insider, world, "still there?")
        assert await tab.socket.receive_nothing(QUIET)
        again = communicator(cookies[0])
        connected, code = await again.connect()
        assert not connected and code == 4401
        await insider.close()

    run(scenario)


def test_a_socket_whose_close_was_lost_still_may_do_nothing(world):
    """Should the close event of a deactivation be lost on its way (the channel layer may
    drop), every command still asks the door, which refuses a deactivated person."""
    cookie = cookie_of(world.member)

    async def scenario():
        tab = await open_tab(cookie)
        await sync_to_async(User.objects.filter(pk=world.member.pk).update)(is_active=False)
        for room in (world.channel, world.secret_channel, world.direct, world.conversation):
            await assert_refused_like_nothing(tab, room, world.messages[room.pk])
        await tab.close()

    run(scenario)


# --- Rooms of people ---------------------------------------------------------------------


@pytest.mark.django_db
def test_two_people_have_exactly_one_direct_message(person, other):
    first = actions.open_direct(actor=person, other=other)
    assert actions.open_direct(actor=person, other=other) == first
    assert actions.open_direct(actor=other, other=person) == first
    assert Room.objects.filter(kind=Room.Kind.DIRECT).count() == 1
    assert set(first.participants.values_list("user_id", flat=True)) == {person.pk, other.pk}
    with pytest.raises(ValidationError):
        actions.open_direct(actor=person, other=person)
    gone = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        actions.open_direct(actor=person, other=gone)
    assert Room.objects.filter(kind=Room.Kind.DIRECT).count() == 1


@pytest.mark.django_db
def test_a_conversation_has_at_most_eight_people(person):
    assert CONVERSATION_MAX_PEOPLE == 8
    others = UserFactory.create_batch(8)
    with pytest.raises(ValidationError):
        actions.create_conversation(actor=person, people=others)  # nine with its creator
    assert not Room.objects.exists()

    room = actions.create_conversation(actor=person, people=others[:6])  # seven
    with pytest.raises(PermissionDenied):
        actions.add_people(actor=person, room=room, people=others[6:8])  # would be nine
    actions.add_people(actor=person, room=room, people=others[6:7])  # eight
    assert room.participants.count() == 8
    with pytest.raises(PermissionDenied):
        actions.add_people(actor=others[0], room=room, people=others[7:8])
    assert room.participants.count() == 8
    outsider = others[7]
    with pytest.raises(PermissionDenied):  # only those in it add people
        actions.add_people(actor=outsider, room=room, people=[UserFactory()])
    direct = actions.open_direct(actor=person, other=others[0])
    with pytest.raises(PermissionDenied):  # a direct message stays two people
        actions.add_people(actor=person, room=direct, people=[others[1]])
    assert not Participant.objects.filter(room=direct, user=others[1]).exists()


def test_people_added_to_a_conversation_receive_it_at_once(world):
    cookies = cookie_of(world.nina), cookie_of(world.owner)

    async def scenario():
        nina, owner = await open_tab(cookies[0]), await open_tab(cookies[1])
        await owner.call("chat.send", room=world.conversation.pk, client_id="a", body="before")
        await assert_nothing_of(nina, world.conversation)
        await sync_to_async(actions.add_people)(
            actor=world.owner, room=world.conversation, people=[world.nina]
        )
        assert await nina.next() == {"type": "chat.room", "room": world.conversation.pk}
        ack = await owner.call("chat.send", room=world.conversation.pk, client_id="b", body="hi")
        assert (await nina.next("chat.message"))["message"]["id"] == ack["id"]
        # What was said before she came is hers to read now, from the database.
        history = await nina.call("chat.history", room=world.conversation.pk)
        assert [m["seq"] for m in history["messages"]] == [1, 2, 3]
        await nina.close()
        await owner.close()

    run(scenario)


def test_the_sockets_one_statement_door_decides_as_the_orm_door():
    """``socket_room_or_none`` answers in one written-out statement what ``room_or_none``,
    ``can_read_room`` and ``can_write`` answer through the ORM: every person against
    every kind of room, open, archived or with a deactivated partner."""
    from chat import permissions

    owner, member, outsider, partner, third, gone = (UserFactory() for _ in range(6))
    rooms = []
    for visibility in Visibility.values:
        _group, channel = make_channel(
            f"Matrix {visibility}", owners=[owner], members=[member], visibility=visibility
        )
        rooms.append(channel)
    archived, archived_channel = make_channel("Matrix archived", owners=[owner], members=[member])
    group_actions.archive_group(group=archived, by=owner)
    rooms.append(archived_channel)
    rooms.append(actions.open_direct(actor=owner, other=partner))
    rooms.append(actions.open_direct(actor=owner, other=gone))
    rooms.append(actions.create_conversation(actor=owner, people=[partner, third]))
    User.objects.filter(pk=gone.pk).update(is_active=False)
    gone_now = User.objects.get(pk=gone.pk)

    decided = set()
    for person in (owner, member, outsider, partner, third, gone_now):
        for room in rooms:
            fresh = Room.objects.get(pk=room.pk)
            expected = (
                permissions.room_or_none(person, room.pk) is not None,
                permissions.can_write(person, fresh),
            )
            found = permissions.socket_room_or_none(person, room.pk)
            got = (found is not None, found is not None and permissions.can_write(person, found))
            assert got == expected, (person, room, room.kind)
            decided.add(expected)
    assert decided == {(True, True), (True, False), (False, False)}  # the matrix covers all
    assert permissions.socket_room_or_none(owner, "not a number") is None
    assert permissions.socket_room_or_none(owner, 2**70) is None
