"""Helpers of the chat attachment tests: the files they send, a logged-in client, an
upload through the page, the stored files, a pending upload and a message carrying
files."""

import itertools

from django.test import Client
from django.urls import reverse

from chat import actions
from chat import attachments as uploads
from tests.images import image_bytes, upload

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
PDF = b"%PDF-1.4\n% chat test\n"
SECRET = "Project Aurora"
_ids = itertools.count(1)


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post_file(client, room, data, name, content_type="application/octet-stream", **extra):
    return client.post(
        reverse("chat:upload", args=[room.pk]), {"file": upload(data, name, content_type)}, **extra
    )


def stored(settings):
    """Every file under the chat's media folder."""
    folder = settings.MEDIA_ROOT / "chat"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def pending(user, room, data=None, name="photo.png"):
    """A pending upload made through the action (setup, not under test)."""
    data = image_bytes("PNG") if data is None else data
    return uploads.upload(uploader=user, room=room, file=upload(data, name, "image/png"))


def say(author, room, body="hello", files=(), client_id=None):
    return actions.send_message(
        author=author,
        room=room,
        body=body,
        client_id=client_id or f"a-{next(_ids)}",
        attachments=[f.pk for f in files],
    )[0]
