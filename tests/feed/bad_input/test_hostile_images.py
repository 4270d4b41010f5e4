"""Hostile images (tests/images.py) in posts and comments: refused by name with nothing
saved, in French too; polyglots stored re-encoded without their payload; unusual real
images accepted; the pixel limit setting honoured."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from feed.models import Attachment
from tests.images import (
    BOMB,
    HOSTILE,
    PAYLOAD_MARK,
    POLYGLOTS,
    UNUSUAL,
    assert_only_reencoded,
    assert_shows,
    gif_bomb,
    image_bytes,
    upload,
)

from .helpers import assert_refused, compose, snapshot

pytestmark = pytest.mark.django_db


# --- Hostile images (tests/images.py) ---------------------------------------------------------

EMPTY = ("empty", b"", "empty.png", "is empty: there is nothing in it to attach.")
REFUSED = [*HOSTILE, EMPTY]


def send_files(client, where, group, post, files):
    body = f"See attached #budget @{post.author.handle}"
    if where == "post":
        return compose(client, group, body=body, files=files)
    return client.post(f"/posts/{post.pk}/comments/", {"body": body, "files": files})


@pytest.mark.parametrize("where", ["post", "comment"])
@pytest.mark.parametrize(
    ("data", "name", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_hostile_images_are_refused_by_name_and_nothing_is_saved(
    client, person, other, group, write_post, settings, where, data, name, message
):
    post = write_post(person, group)
    client.force_login(other)
    before = snapshot(settings)
    response = send_files(client, where, group, post, [upload(data, name)])
    separator = " " if message.startswith("is ") else ": "
    assert_refused(response, f"{name}{separator}{message}", before, settings)
    post.refresh_from_db()
    assert post.comment_count == 0


def test_a_hostile_image_is_refused_in_french(client, person, group, settings):
    person.language = "fr"
    person.save()
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, files=[upload(gif_bomb(), "bomb.gif")])
    with translation.override("fr"):
        french = gettext(BOMB)
    assert french != BOMB
    assert_refused(response, f"bomb.gif : {french}", before, settings)


@pytest.mark.parametrize("where", ["post", "comment"])
@pytest.mark.parametrize(
    ("data", "name"), [c[1:] for c in POLYGLOTS], ids=[c[0] for c in POLYGLOTS]
)
def test_a_polyglot_is_stored_reencoded_without_its_payload(
    client, person, other, group, write_post, settings, where, data, name
):
    assert PAYLOAD_MARK in data
    post = write_post(person, group)
    client.force_login(other)
    assert send_files(client, where, group, post, [upload(data, name)]).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/webp" and attachment.name.endswith(".webp")
    assert_only_reencoded(settings.MEDIA_ROOT, attachment.file, attachment.thumbnail)


@pytest.mark.parametrize(
    ("data", "name", "check", "transparent"), [c[1:] for c in UNUSUAL], ids=[c[0] for c in UNUSUAL]
)
def test_unusual_real_images_are_accepted_and_reencoded_right(
    client, person, group, data, name, check, transparent
):
    client.force_login(person)
    assert compose(client, group, files=[upload(data, name)]).status_code == 302
    attachment = Attachment.objects.get()
    for field in (attachment.file, attachment.thumbnail):
        with field.open("rb") as handle:
            assert_shows(handle.read(), check, transparent)


def test_the_pixel_limit_setting_is_honoured(client, person, group, settings):
    settings.IMAGE_MAX_PIXELS = 30_000
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, files=[upload(image_bytes("PNG"), "a.png")])
    assert_refused(response, f"a.png: {BOMB}", before, settings)
