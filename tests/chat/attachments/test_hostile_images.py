"""Hostile images (tests/images.py) uploaded to a room: refused by name leaving nothing,
in French too; polyglots stored re-encoded without their payload; unusual real images
accepted; the pixel limit setting honoured."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from chat.models import Attachment
from tests.images import (
    BOMB,
    HOSTILE,
    PAYLOAD_MARK,
    POLYGLOTS,
    UNUSUAL,
    assert_only_reencoded,
    assert_shows,
    image_bytes,
    media_files,
    webp_bomb,
)

from .helpers import client_of, post_file

pytestmark = pytest.mark.django_db


# --- Hostile images (tests/images.py) ---------------------------------------------------------

EMPTY = ("empty", b"", "empty.png", "empty.png is empty: there is nothing in it to attach.")
REFUSED = [(i, d, n, f"{n}: {m}") for i, d, n, m in HOSTILE] + [EMPTY]


@pytest.mark.parametrize(
    ("data", "name", "error"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_a_hostile_image_is_refused_by_name_and_leaves_nothing(world, settings, data, name, error):
    before, files = Attachment.objects.count(), media_files(settings.MEDIA_ROOT)
    response = post_file(client_of(world.owner), world.channel, data, name, "image/png")
    assert response.status_code == 400
    assert response.json()["error"].startswith(error)
    assert Attachment.objects.count() == before
    assert media_files(settings.MEDIA_ROOT) == files


def test_a_hostile_image_is_refused_in_french(world):
    world.owner.language = "fr"
    world.owner.save()
    response = post_file(client_of(world.owner), world.channel, webp_bomb(), "bomb.webp")
    with translation.override("fr"):
        message = gettext(BOMB)
    assert message != BOMB
    assert response.json()["error"] == f"bomb.webp : {message}"


@pytest.mark.parametrize(
    ("data", "name"), [c[1:] for c in POLYGLOTS], ids=[c[0] for c in POLYGLOTS]
)
def test_a_polyglot_is_stored_reencoded_without_its_payload(world, settings, data, name):
    assert PAYLOAD_MARK in data
    response = post_file(client_of(world.owner), world.channel, data, name)
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert_only_reencoded(settings.MEDIA_ROOT, attachment.file, attachment.thumbnail)


@pytest.mark.parametrize(
    ("data", "name", "check", "transparent"), [c[1:] for c in UNUSUAL], ids=[c[0] for c in UNUSUAL]
)
def test_unusual_real_images_are_accepted_and_reencoded_right(
    world, data, name, check, transparent
):
    response = post_file(client_of(world.owner), world.channel, data, name)
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get(pk=response.json()["id"])
    for field in (attachment.file, attachment.thumbnail):
        with field.open("rb") as handle:
            assert_shows(handle.read(), check, transparent)


def test_the_pixel_limit_setting_is_honoured(world, settings):
    settings.IMAGE_MAX_PIXELS = 30_000
    response = post_file(client_of(world.owner), world.channel, image_bytes("PNG"), "a.png")
    assert response.json()["error"] == f"a.png: {BOMB}"
    assert media_files(settings.MEDIA_ROOT) == []
