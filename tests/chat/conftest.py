"""Chat socket fixtures: a group with its general channel and people in every role, and
``Tab``, one browser tab's socket that matches command replies by ``ref`` and keeps the
live frames that arrived meanwhile, so a test reads them in order afterwards."""

import itertools
import json
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from chat import actions
from chat.models import Message, MessageReaction, Participant, ReadState, Room
from groups.models import Group, Membership, Role
from tests.factories import UserFactory
from tests.realtime.sockets import open_socket, session_cookie

WAIT = 3  # seconds to wait for a frame that must come (Redis in CI's second pass)
QUIET = 0.3  # seconds of silence that stand for "nothing arrives"

_refs = itertools.count(1)


class Tab:
    """One tab's socket. ``call`` sends a command and returns its reply; every other frame
    received meanwhile is kept for ``next``, so nothing is skipped silently."""

    def __init__(self, socket):
        self.socket = socket
        self.kept = []

    async def send(self, frame):
        await self.socket.send_json_to(frame)

    async def send_text(self, text):
        await self.socket.send_to(text_data=text)

    async def call(self, type_, **fields):
        ref = f"r{next(_refs)}"
        await self.send({"type": type_, "ref": ref, **fields})
        while True:
            frame = await self.socket.receive_json_from(timeout=WAIT)
            if frame.get("ref") == ref:
                return frame
            self.kept.append(frame)

    async def next(self, type_=None):
        frame = self.kept.pop(0) if self.kept else await self.socket.receive_json_from(WAIT)
        if type_ is not None:
            assert frame["type"] == type_, frame
        return frame

    async def nothing(self, timeout=QUIET):
        assert not self.kept, self.kept
        assert await self.socket.receive_nothing(timeout=timeout), "a frame arrived"

    async def drain(self, timeout=QUIET):
        """Every frame already received or arriving within ``timeout``."""
        frames, self.kept = self.kept, []
        while not await self.socket.receive_nothing(timeout=timeout):
            frames.append(json.loads((await self.socket.receive_output())["text"]))
        return frames

    async def ping_pong(self):
        """The socket is still open and answering."""
        reply = await self.call("ping")
        assert reply["type"] == "pong"

    async def close(self):
        await self.socket.disconnect()


async def open_tab(cookie):
    return Tab(await open_socket(cookie))


def cookie_of(user):
    return session_cookie(Client(), user)


def make_channel(name, *, owners=(), moderators=(), members=(), **fields):
    """A group with its general channel, and its people by role."""
    group = Group.objects.create(name=name, slug=name.lower().replace(" ", "-"), **fields)
    for role, people in [
        (Role.OWNER, owners),
        (Role.MODERATOR, moderators),
        (Role.MEMBER, members),
    ]:
        for user in people:
            Membership.objects.create(group=group, user=user, role=role)
    actions.ensure_general_channels([group])
    return group, Room.objects.get(group=group, is_general=True)


@pytest.fixture
def team(db, person, other):
    """Ops: Paula owns it, Oscar is a member, Mo moderates; Nina belongs elsewhere."""
    moderator = UserFactory(display_name="Mo Moderator")
    outsider = UserFactory(display_name="Nina Outsider")
    group, room = make_channel("Ops", owners=[person], moderators=[moderator], members=[other])
    return SimpleNamespace(
        group=group,
        room=room,
        owner=person,
        member=other,
        moderator=moderator,
        outsider=outsider,
    )


def send(author, room, body="hello", client_id=None, parent=None):
    """Store a message directly through the action (setup, not under test)."""
    client_id = client_id or f"setup-{next(_refs)}"
    return actions.send_message(
        author=author, room=room, body=body, client_id=client_id, parent=parent
    )[0]


asend = sync_to_async(send)


def snapshot(room):
    """What the database holds about a room, to show that a refused command changed nothing."""
    room = Room.objects.get(pk=room.pk)
    return (
        room.last_seq,
        list(
            Message.objects.filter(room=room)
            .order_by("seq")
            .values_list("seq", "client_id", "body", "edited_at", "deleted_at", "reply_count")
        ),
        list(MessageReaction.objects.filter(message__room=room).values_list("pk", "kind")),
        list(ReadState.objects.filter(room=room).values_list("user_id", "last_read_seq")),
        list(Participant.objects.filter(room=room).values_list("user_id", flat=True)),
    )
