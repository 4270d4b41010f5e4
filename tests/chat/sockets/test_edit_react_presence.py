"""The chat's socket commands that change a message or ask about people: chat.edit and
chat.delete (by whom), chat.react, presence.query."""

import pytest
from asgiref.sync import sync_to_async

from chat import actions
from chat.models import Message, MessageReaction
from tests.realtime.sockets import run

from ..conftest import make_channel, open_tab, send, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


# --- chat.edit / chat.delete -------------------------------------------------------------


def test_only_the_author_edits_and_the_room_sees_it(team, cookies, settings):
    settings.CHAT_MESSAGE_MAX_CHARS = 20
    message = send(team.member, team.room, "tpyo")

    async def scenario():
        author, owner = await open_tab(cookies.member), await open_tab(cookies.owner)
        refused = await owner.call("chat.edit", message=message.pk, body="hijacked")
        assert refused["code"] == "not_found"  # the owner is no author: missing, not forbidden
        empty = await author.call("chat.edit", message=message.pk, body="  ")
        too_long = await author.call("chat.edit", message=message.pk, body="x" * 21)
        assert (empty["code"], too_long["code"]) == ("invalid", "invalid")
        assert "21" in too_long["message"] and "20" in too_long["message"]
        await owner.nothing()

        ok = await author.call("chat.edit", message=message.pk, body="typo *fixed*")
        assert ok == {"type": "chat.edit_ok", "message": message.pk, "ref": ok["ref"]}
        for tab in (author, owner):
            edited = await tab.next("chat.edited")
            assert edited["room"] == team.room.pk
            assert edited["message"]["id"] == message.pk and edited["message"]["seq"] == 1
            assert edited["message"]["edited"] is True
            assert edited["message"]["html"].strip() == "<p>typo <em>fixed</em></p>"
        await author.close()
        await owner.close()

    run(scenario)
    message.refresh_from_db()
    assert message.body == "typo *fixed*" and message.edited_at is not None


def test_delete_by_the_author_or_a_moderator_of_the_channel_group(team, cookies):
    mine = send(team.member, team.room, "mine")
    by_owner = send(team.owner, team.room, "the owner's")
    by_moderator = send(team.moderator, team.room, "the moderator's")
    # Oscar moderates another group: that gives him nothing here.
    make_channel("Sales", owners=[team.outsider], moderators=[team.member])
    direct = actions.open_direct(actor=team.owner, other=team.member)
    in_direct = send(team.owner, direct, "a direct message")

    async def scenario():
        member, moderator = await open_tab(cookies.member), await open_tab(cookies.moderator)
        owner = await open_tab(cookies.owner)
        before = await sync_to_async(snapshot)(team.room)
        for target in (by_owner, by_moderator, in_direct):
            refused = await member.call("chat.delete", message=target.pk)
            assert refused["type"] == "error" and refused["code"] == "not_found"
        assert await sync_to_async(snapshot)(team.room) == before
        await owner.nothing()

        ok = await member.call("chat.delete", message=mine.pk)  # the author
        assert ok == {"type": "chat.delete_ok", "message": mine.pk, "ref": ok["ref"]}
        ok = await moderator.call("chat.delete", message=by_owner.pk)  # a moderator
        assert ok["type"] == "chat.delete_ok"
        ok = await owner.call("chat.delete", message=by_moderator.pk)  # the owner
        assert ok["type"] == "chat.delete_ok"
        frames = await owner.drain()
        assert [(f["type"], f["message"]["seq"]) for f in frames] == [
            ("chat.deleted", 1),
            ("chat.deleted", 2),
            ("chat.deleted", 3),
        ]
        assert all(f["message"]["html"] == "" and f["message"]["deleted"] for f in frames)

        for command, fields in [
            ("chat.edit", {"body": "undo"}),
            ("chat.delete", {}),
            ("chat.react", {"kind": "like"}),
        ]:
            gone = await member.call(command, message=mine.pk, **fields)
            assert gone["code"] == "not_found", command

        # A deleted message keeps its place and number in the history, without its text.
        history = await member.call("chat.history", room=team.room.pk)
        assert [(m["seq"], m["deleted"], m["html"]) for m in history["messages"]] == [
            (1, True, ""),
            (2, True, ""),
            (3, True, ""),
        ]
        refused = await member.call("chat.delete", message=in_direct.pk)
        assert refused["code"] == "not_found"  # no moderator in a direct message
        ok = await owner.call("chat.delete", message=in_direct.pk)
        assert ok["type"] == "chat.delete_ok"
        for tab in (member, moderator, owner):
            await tab.close()

    run(scenario)
    assert Message.objects.filter(deleted_at__isnull=False, body="").count() == 4


# --- chat.react --------------------------------------------------------------------------


def test_reactions_toggle_and_unknown_kinds_are_refused(team, cookies):
    message = send(team.owner, team.room, "shipped!")

    async def scenario():
        member, owner = await open_tab(cookies.member), await open_tab(cookies.owner)
        ok = await member.call("chat.react", message=message.pk, kind="celebrate")
        assert ok == {
            "type": "chat.react_ok",
            "message": message.pk,
            "active": True,
            "ref": ok["ref"],
        }
        event = {
            "type": "chat.reaction",
            "room": team.room.pk,
            "message": message.pk,
            "kind": "celebrate",
            "user": team.member.pk,
        }
        assert await owner.next() == {**event, "active": True}
        assert await sync_to_async(MessageReaction.objects.filter(message=message).count)() == 1

        off = await member.call("chat.react", message=message.pk, kind="celebrate")
        assert off["active"] is False
        assert await owner.next() == {**event, "active": False}

        for kind in ("love", None, 7, ""):
            refused = await member.call("chat.react", message=message.pk, kind=kind)
            assert refused["type"] == "error" and refused["code"] == "invalid"
            assert refused["message"] == "Unknown reaction."
        await owner.nothing()
        await member.ping_pong()
        await member.close()
        await owner.close()

    run(scenario)
    assert not MessageReaction.objects.exists()


# --- presence.query ----------------------------------------------------------------------


def test_presence_online_away_offline(team, cookies):
    async def scenario():
        owner = await open_tab(cookies.owner)
        reply = await owner.call("presence.query", users=[team.owner.pk, team.member.pk])
        assert reply["type"] == "presence"
        users = reply["users"]
        assert users[str(team.owner.pk)]["state"] == "online"
        assert users[str(team.owner.pk)]["last_seen"]
        assert users[str(team.member.pk)] == {"state": "offline", "last_seen": None}

        member = await open_tab(cookies.member)
        reply = await owner.call("presence.query", users=[team.member.pk])
        assert reply["users"][str(team.member.pk)]["state"] == "online"
        await member.send({"type": "ping", "active": False})  # the tab went unused
        assert (await member.next())["type"] == "pong"
        reply = await owner.call("presence.query", users=[team.member.pk])
        assert reply["users"][str(team.member.pk)]["state"] == "away"

        # At most 100 people per question: a colleague asked for 101st is not answered.
        many = await owner.call("presence.query", users=[team.owner.pk] * 100 + [team.member.pk])
        assert list(many["users"]) == [str(team.owner.pk)]

        for users in ("1,2", [1, "x"], None, {"1": 1}, [[1]]):
            refused = await owner.call("presence.query", users=users)
            assert refused["type"] == "error" and refused["code"] == "bad_frame", users
        await owner.ping_pong()
        await owner.close()
        await member.close()

    run(scenario)
