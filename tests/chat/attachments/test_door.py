"""The chat's door to its files: the 404 of a missing file for anyone who may not read the
room, a public channel's previewer reading and writing nothing, an anonymous visitor
sent to sign in, and a read-only room taking no upload."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat.models import Attachment, Room
from groups.models import Membership
from tests.images import upload

from .helpers import PDF, SECRET, client_of, pending, post_file, say, stored

pytestmark = pytest.mark.django_db


# --- The door --------------------------------------------------------------------------


def _urls(room_id, attachment_id):
    return {
        "upload": ("post", reverse("chat:upload", args=[room_id])),
        "file": ("get", reverse("chat:file", args=[room_id, attachment_id, "file"])),
        "thumbnail": ("get", reverse("chat:file", args=[room_id, attachment_id, "thumbnail"])),
        "discard": ("post", reverse("chat:discard", args=[room_id, attachment_id])),
        "mentions": ("get", reverse("chat:mentions", args=[room_id]) + "?q="),
    }


def _ask(client, method, url):
    if method == "post" and "/files/" in url and url.endswith("/files/"):
        return client.post(url, {"file": upload(PDF, "probe.pdf")})
    return getattr(client, method)(url)


@pytest.mark.parametrize(
    "who, where",
    [
        ("nina", "private_channel"),  # an outsider
        ("remi", "private_channel"),  # removed from the group
        ("member", "secret_channel"),  # a secret group's channel, not a member
        ("owner", "others_direct"),  # someone else's direct message
        ("nina", "direct"),
    ],
)
def test_who_may_not_read_the_room_gets_the_404_of_a_missing_file(world, settings, who, where):
    room = getattr(world, where)
    insider = world.owner if where != "others_direct" else world.member
    image = pending(insider, room)
    say(insider, room, f"{SECRET} plans", [image])
    spare = pending(insider, room)  # pending, for the discard URL
    Membership.objects.filter(group__in=[world.ops, world.legal], user=world.remi).delete()
    asker = client_of(getattr(world, who))
    files_before = stored(settings)
    missing_room = Room.objects.order_by("-pk").first().pk + 1000
    missing_file = Attachment.objects.order_by("-pk").first().pk + 1000
    for name, (method, url) in _urls(room.pk, image.pk).items():
        if name == "discard":
            url = reverse("chat:discard", args=[room.pk, spare.pk])
        refused = _ask(asker, method, url)
        assert refused.status_code == 404, (name, refused.status_code)
        assert SECRET.encode() not in refused.content
        for other_room, other_file in [(missing_room, image.pk), (room.pk, missing_file)]:
            reference = _ask(asker, method, _urls(other_room, other_file)[name][1])
            assert (reference.status_code, reference.content) == (404, refused.content), name
    assert stored(settings) == files_before
    assert Attachment.objects.filter(pk=spare.pk, message=None).exists()
    assert Attachment.objects.filter(room=room).count() == 2


@pytest.mark.parametrize("who", ["nina", "remi"])
def test_a_previewer_of_a_public_channel_downloads_its_files_and_writes_nothing(
    world, settings, who
):
    """As a public group's forum files are readable by every employee, so are its
    channels' files; uploading, discarding and mention suggestions stay the members'."""
    image = pending(world.owner, world.channel)
    pdf = pending(world.owner, world.channel, PDF, "plan.pdf")
    say(world.owner, world.channel, "The plan", [image, pdf])
    spare = pending(world.owner, world.channel)
    remis = pending(world.remi, world.channel)  # uploaded while a member, never sent
    Membership.objects.filter(group=world.ops, user=world.remi).delete()
    asker = client_of(getattr(world, who))
    for url in (image.get_absolute_url(), image.thumbnail_url(), pdf.get_absolute_url()):
        assert asker.get(url).status_code == 200, url
    files_before = stored(settings)
    urls = _urls(world.channel.pk, image.pk)
    for name in ("upload", "mentions"):
        assert _ask(asker, *urls[name]).status_code == 404, name
    for attachment in (spare, remis, image):
        url = reverse("chat:discard", args=[world.channel.pk, attachment.pk])
        assert asker.post(url).status_code == 404
    # A preview reads messages, not uploads waiting to be sent, even one's own.
    assert asker.get(remis.get_absolute_url()).status_code == 404
    assert stored(settings) == files_before
    assert Attachment.objects.filter(room=world.channel).count() == 4


def test_an_anonymous_visitor_is_sent_to_sign_in_and_gets_no_bytes(world):
    image = pending(world.owner, world.channel)
    say(world.owner, world.channel, "", [image])
    anonymous = Client()
    for name, (method, url) in _urls(world.channel.pk, image.pk).items():
        response = _ask(anonymous, method, url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
    assert Attachment.objects.count() == 1


def test_a_read_only_room_takes_no_upload(world):
    world.ops.archived_at = timezone.now()
    world.ops.save()
    response = post_file(client_of(world.owner), world.channel, PDF, "late.pdf")
    assert response.status_code == 404
    assert not Attachment.objects.exists()
