"""Avatars: real images only, by content; nothing saved on bad input; metadata stripped."""

import io

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from rse.accounts.models import User
from tests.factories import UserFactory
from tests.images import (
    BOMB,
    DAMAGED,
    HOSTILE,
    PAYLOAD_MARK,
    POLYGLOTS,
    UNUSUAL,
    animated_gif,
    assert_only_reencoded,
    assert_shows,
    image_bytes,
    jpeg_with_gps,
    media_files,
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db


def post_avatar(client, person, file, **extra):
    data = {
        "display_name": person.display_name,
        "job_title": person.job_title,
        "department": person.department,
        "location": person.location,
        "phone": "",
        "bio": "",
        "skills_text": "",
        "language": person.language,
        "time_zone": person.time_zone,
        "avatar": file,
        **extra,
    }
    return client.post("/people/me/edit/", data)


def stored(field):
    with field.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_jpeg_becomes_square_thumbnails_without_metadata(person_client, person):
    response = post_avatar(person_client, person, upload(jpeg_with_gps()))
    assert response.status_code == 302
    person.refresh_from_db()
    small, large = stored(person.avatar_small), stored(person.avatar_large)
    assert small.size == (64, 64) and large.size == (256, 256)
    assert small.format == "WEBP"
    assert not large.getexif() and "exif" not in large.info
    # Server-made names: nothing of the uploaded name survives.
    assert "photo" not in person.avatar_large.name
    assert person.avatar_large.name.endswith("-256.webp")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (image_bytes("PNG"), "a.png"),
        (image_bytes("WEBP"), "a.webp"),
        (animated_gif(), "a.gif"),
        (image_bytes("JPEG"), "no-extension"),
    ],
)
def test_accepted_formats(person_client, person, data, name):
    assert post_avatar(person_client, person, upload(data, name)).status_code == 302
    person.refresh_from_db()
    assert stored(person.avatar_small).size == (64, 64)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 not an image", "cv.jpg", "This file is not one of them"),
        (image_bytes("BMP"), "old.bmp", "This file is not one of them"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.png", "not one of them"),
        (image_bytes("JPEG", size=(400, 400))[:600], "cut.jpg", "damaged or incomplete"),
        (png_bomb(), "bomb.png", "too large in pixels"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(person_client, person, data, name, message):
    person.job_title = "Before"
    person.save()
    response = post_avatar(person_client, person, upload(data, name), job_title="After")
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.job_title == "Before"
    assert not person.avatar_small and not person.avatar_large


def test_too_large_file_is_refused(person_client, person, settings):
    settings.AVATAR_MAX_BYTES = 1000
    response = post_avatar(person_client, person, upload(image_bytes("PNG", size=(600, 600))))
    assert "This file is too large" in response.content.decode()
    person.refresh_from_db()
    assert not person.avatar_small


def test_replacing_an_avatar_deletes_the_old_files(
    person_client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_avatar(person_client, person, upload(image_bytes("PNG")))
    person.refresh_from_db()
    old = person.avatar_large
    storage, old_name = old.storage, old.name
    with django_capture_on_commit_callbacks(execute=True):
        post_avatar(person_client, person, upload(image_bytes("JPEG")))
    person.refresh_from_db()
    assert person.avatar_large.name != old_name
    assert not storage.exists(old_name)


def test_remove_avatar(person_client, person, django_capture_on_commit_callbacks):
    post_avatar(person_client, person, upload(image_bytes("PNG")))
    with django_capture_on_commit_callbacks(execute=True):
        post_avatar(person_client, person, "", remove_avatar="on")
    person.refresh_from_db()
    assert not person.avatar_small


def test_avatar_is_served_to_colleagues_only(client, person, other):
    client.force_login(person)
    post_avatar(client, person, upload(image_bytes("PNG")))
    person.refresh_from_db()
    url = person.avatar_url(256)
    client.force_login(other)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_initials_disc_when_no_avatar(person_client):
    person = UserFactory(display_name="Zoé Lemaire")
    response = person_client.get(f"/people/{person.pk}/")
    assert 'class="avatar avatar-initials size-128 hue-' in response.content.decode()
    assert ">ZL<" in response.content.decode()
    assert User.objects.get(pk=person.pk).initials == "ZL"


# --- Hostile files (tests/images.py) ---------------------------------------------------------

EMPTY = ("empty", b"", "empty.jpg", "The submitted file is empty.")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [c[1:] for c in [*HOSTILE, EMPTY]],
    ids=[c[0] for c in [*HOSTILE, EMPTY]],
)
def test_hostile_files_are_refused_and_leave_nothing_on_disk(
    person_client, person, settings, data, name, message
):
    person.job_title = "Before"
    person.save()
    before = media_files(settings.MEDIA_ROOT)
    response = post_avatar(person_client, person, upload(data, name), job_title="After")
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    person.refresh_from_db()
    assert person.job_title == "Before"
    assert not person.avatar_small and not person.avatar_large
    assert media_files(settings.MEDIA_ROOT) == before


def test_hostile_files_are_refused_in_french(person_client, person):
    person.language = "fr"
    person.save()
    response = post_avatar(
        person_client, person, upload(png_bomb(), "bomb.png"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    with translation.override("fr"):
        assert escape(gettext(BOMB)) in response.content.decode()
    assert gettext(BOMB) != BOMB


@pytest.mark.parametrize(
    ("data", "name"), [c[1:] for c in POLYGLOTS], ids=[c[0] for c in POLYGLOTS]
)
def test_a_polyglot_image_is_stored_reencoded_without_its_payload(
    person_client, person, settings, data, name
):
    assert PAYLOAD_MARK in data
    assert post_avatar(person_client, person, upload(data, name)).status_code == 302
    person.refresh_from_db()
    assert_only_reencoded(settings.MEDIA_ROOT, person.avatar_small, person.avatar_large)


@pytest.mark.parametrize(
    ("data", "name", "check", "transparent"), [c[1:] for c in UNUSUAL], ids=[c[0] for c in UNUSUAL]
)
def test_unusual_real_images_are_accepted_and_reencoded_right(
    person_client, person, data, name, check, transparent
):
    assert post_avatar(person_client, person, upload(data, name)).status_code == 302
    person.refresh_from_db()
    for field in (person.avatar_small, person.avatar_large):
        with field.open("rb") as handle:
            assert_shows(handle.read(), check, transparent)


@pytest.mark.parametrize(("limit", "refused"), [(30_000, True), (150_000_000, False)])
def test_the_pixel_limit_setting_is_honoured(person_client, person, settings, limit, refused):
    """RSE_IMAGE_MAX_PIXELS, below and above Pillow's own default (89 megapixels): a 300 x
    200 image over a low limit is refused; a 100-megapixel header under a high one is
    decoded (and found incomplete), not refused for its size."""
    settings.IMAGE_MAX_PIXELS = limit
    data = image_bytes("PNG") if refused else png_bomb(10_000, 10_000)
    content = post_avatar(person_client, person, upload(data, "a.png")).content.decode()
    assert (BOMB in content) is refused
    assert (DAMAGED in content) is not refused


def test_a_profile_write_that_fails_leaves_no_avatar_file(person, settings):
    """A good image, but the profile does not validate once its files are stored (a caller
    other than the form, with a job title too long): the files go with the write."""
    from django.core.exceptions import ValidationError

    from rse.accounts import actions

    files = media_files(settings.MEDIA_ROOT)
    with pytest.raises(ValidationError):
        actions.update_profile(
            person=person,
            by=person,
            fields={"job_title": "x" * 1000},
            avatar=upload(image_bytes("PNG"), "a.png"),
        )
    assert media_files(settings.MEDIA_ROOT) == files
