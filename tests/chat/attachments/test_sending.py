"""Sending files with a message: in their order, only the author's unsent files of the
room, rolled back whole when one is taken meanwhile, and gone with a deleted message."""

import pytest
from django.core.exceptions import ValidationError

from chat import actions
from chat import attachments as uploads
from chat.models import Attachment, Message, Room
from chat.serializers import message_data

from ..conftest import snapshot
from .helpers import PDF, client_of, pending, say, stored

pytestmark = pytest.mark.django_db


# --- Sending ---------------------------------------------------------------------------


def test_a_message_carries_its_files_in_the_same_order_live_and_read_back(world):
    image, pdf = (
        pending(world.owner, world.channel),
        pending(world.owner, world.channel, PDF, "a.pdf"),
    )
    message = say(world.owner, world.channel, "see attached", [pdf, image])
    assert [a["id"] for a in _frame_files(message)] == [image.pk, pdf.pk]
    read_back = Message.objects.get(pk=message.pk)
    assert _frame_files(read_back) == _frame_files(message)


def _frame_files(message):
    return message_data(message)["attachments"]


@pytest.mark.parametrize(
    "case",
    ["someone-elses", "another-room", "already-sent", "missing", "too-many"],
)
def test_a_message_takes_only_its_authors_unsent_files_of_its_room(world, settings, case):
    settings.ATTACHMENTS_MAX_COUNT = 2
    mine = pending(world.owner, world.channel)
    already = pending(world.owner, world.channel)
    say(world.owner, world.channel, "first", [already])
    wrong = {
        "someone-elses": lambda: [pending(world.member, world.channel).pk],
        "another-room": lambda: [pending(world.owner, world.direct).pk],
        "already-sent": lambda: [already.pk],
        "missing": lambda: [10**9],
        "too-many": lambda: [pending(world.owner, world.channel).pk, 10**9],
    }[case]()
    before = snapshot(world.channel), sorted(Attachment.objects.values_list("pk", "message"))
    with pytest.raises(ValidationError) as refused:
        actions.send_message(
            author=world.owner,
            room=world.channel,
            body="sneaky",
            client_id="c1",
            attachments=[mine.pk, *wrong],
        )
    expected = "Attach at most 2" if case == "too-many" else "no longer waiting to be sent"
    assert expected in refused.value.messages[0]
    assert (
        snapshot(world.channel),
        sorted(Attachment.objects.values_list("pk", "message")),
    ) == before


def test_a_file_taken_meanwhile_rolls_the_whole_message_back(world, monkeypatch):
    one, two = pending(world.owner, world.channel), pending(world.owner, world.channel)
    faster = say(world.owner, world.channel, "the other tab was faster")
    claim = uploads.claim

    def late_claim(**kwargs):
        found = claim(**kwargs)
        Attachment.objects.filter(pk=two.pk).update(message=faster)  # meanwhile
        return found

    monkeypatch.setattr(uploads, "claim", late_claim)
    before = snapshot(world.channel)
    with pytest.raises(ValidationError, match="just sent with another one"):
        say(world.owner, world.channel, "too late", [one, two], client_id="late")
    assert not Message.objects.filter(client_id="late").exists()
    assert Room.objects.get(pk=world.channel.pk).last_seq == before[0]
    assert Attachment.objects.get(pk=one.pk).message is None  # still waiting, not lost


def test_an_empty_message_still_needs_text_or_files(world):
    with pytest.raises(ValidationError, match="the message is empty"):
        say(world.owner, world.channel, "   ", [])


def test_a_deleted_message_takes_its_files_with_it(
    world, settings, django_capture_on_commit_callbacks
):
    image, pdf = (
        pending(world.owner, world.channel),
        pending(world.owner, world.channel, PDF, "a.pdf"),
    )
    message = say(world.owner, world.channel, "oops, wrong room", [image, pdf])
    urls = [image.get_absolute_url(), image.thumbnail_url(), pdf.get_absolute_url()]
    member = client_of(world.member)
    assert [member.get(url).status_code for url in urls] == [200, 200, 200]
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_message(actor=world.owner, message=message)
    assert [member.get(url).status_code for url in urls] == [404, 404, 404]
    assert not Attachment.objects.exists()
    assert stored(settings) == []
    assert _frame_files(Message.objects.get(pk=message.pk)) == []
