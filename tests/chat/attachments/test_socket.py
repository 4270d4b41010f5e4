"""Files on the socket: a message with files reaching the room live, a resend staying
one, and a deletion telling the room the files are gone."""

import pytest

from chat.models import Attachment, Message
from tests.realtime.sockets import run

from ..conftest import cookie_of, open_tab, send
from .helpers import PDF, pending, stored

pytestmark = pytest.mark.django_db


# --- On the socket ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_message_with_files_reaches_the_room_live_and_a_resend_stays_one(world):
    image = pending(world.owner, world.channel)
    pdf = pending(world.owner, world.channel, PDF, "a.pdf")
    owner_cookie, member_cookie = cookie_of(world.owner), cookie_of(world.member)
    nina_cookie = cookie_of(world.nina)

    async def scenario():
        owner, member = await open_tab(owner_cookie), await open_tab(member_cookie)
        nina = await open_tab(nina_cookie)
        frame = {
            "room": world.channel.pk,
            "client_id": "f1",
            "body": "",
            "attachments": [image.pk, pdf.pk],
        }
        ack = await owner.call("chat.send", **frame)
        assert ack["type"] == "chat.ack" and ack["duplicate"] is False
        live = (await member.next("chat.message"))["message"]
        assert live["html"] == "" and live["id"] == ack["id"]
        assert [(f["id"], f["type"], f["name"]) for f in live["attachments"]] == [
            (image.pk, "image", "photo.webp"),
            (pdf.pk, "file", "a.pdf"),
        ]
        assert live["attachments"][0]["thumbnail"] == image.thumbnail_url()
        again = await owner.call("chat.send", **frame)
        assert again["duplicate"] is True and again["id"] == ack["id"]
        history = await member.call("chat.history", room=world.channel.pk, after=0)
        assert history["messages"][-1]["attachments"] == live["attachments"]
        bad = await owner.call("chat.send", room=world.channel.pk, client_id="f2", attachments="1")
        assert bad["code"] == "bad_frame"
        taken = await owner.call(
            "chat.send", room=world.channel.pk, client_id="f3", body="again", attachments=[pdf.pk]
        )
        assert taken["code"] == "invalid" and "no longer waiting" in taken["message"]
        await member.drain()
        await owner.drain()
        assert await nina.drain() == []
        for tab in (owner, member, nina):
            await tab.close()

    run(scenario)
    assert Message.objects.filter(room=world.channel).count() == 1
    assert set(Attachment.objects.values_list("message", flat=True)) == {
        Message.objects.get(client_id="f1").pk
    }


@pytest.mark.django_db(transaction=True)
def test_deleting_on_the_socket_tells_the_room_the_files_are_gone(world, settings):
    image = pending(world.owner, world.channel)
    message = send(world.owner, world.channel, "x")
    Attachment.objects.filter(pk=image.pk).update(message=message)
    owner_cookie, member_cookie = cookie_of(world.owner), cookie_of(world.member)

    async def scenario():
        owner, member = await open_tab(owner_cookie), await open_tab(member_cookie)
        reply = await owner.call("chat.delete", message=message.pk)
        assert reply["type"] == "chat.delete_ok"
        gone = await member.next("chat.deleted")
        assert gone["message"]["attachments"] == []
        await owner.close()
        await member.close()

    run(scenario)
    assert stored(settings) == []
