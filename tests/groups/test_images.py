"""A group's picture: hostile files (tests/images.py) are refused with a clear message,
whether the group is being created or edited, and leave no file and no row behind; real
images that hide a payload, or are in unusual modes, are stored re-encoded and right."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from groups import actions
from groups.models import AuditEntry, Group, Membership, Visibility
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
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db

EMPTY = ("empty", b"", "empty.png", "The submitted file is empty.")
REFUSED = [*HOSTILE, EMPTY]


def rows():
    return (Group.objects.count(), Membership.objects.count(), AuditEntry.objects.count())


def form(name="Design", **extra):
    return {
        "name": name,
        "slug": "",
        "description": "",
        "visibility": "public",
        "posting_rule": "everyone",
        **extra,
    }


@pytest.fixture
def group(person):
    return actions.create_group(
        by=person, fields={"name": "Design", "visibility": Visibility.PUBLIC}
    )


def edit(client, group, data, name, **extra):
    return client.post(
        f"/groups/{group.slug}/settings/",
        form(name="Renamed", slug=group.slug, image=upload(data, name)),
        **extra,
    )


@pytest.mark.parametrize(
    ("data", "name", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_creating_with_a_hostile_image_creates_nothing(
    person_client, settings, data, name, message
):
    before, files = rows(), media_files(settings.MEDIA_ROOT)
    response = person_client.post("/groups/new/", form(image=upload(data, name)))
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert rows() == before
    assert media_files(settings.MEDIA_ROOT) == files


@pytest.mark.parametrize(
    ("data", "name", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_editing_with_a_hostile_image_changes_nothing(
    person_client, group, settings, data, name, message
):
    before, files = rows(), media_files(settings.MEDIA_ROOT)
    response = edit(person_client, group, data, name)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    group.refresh_from_db()
    assert group.name == "Design" and not group.image_small and not group.image_large
    assert rows() == before
    assert media_files(settings.MEDIA_ROOT) == files


def test_a_hostile_image_is_refused_in_french(person_client, person, group):
    person.language = "fr"
    person.save()
    response = edit(person_client, group, png_bomb(), "bomb.png", HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override("fr"):
        french = gettext(BOMB)
    assert french != BOMB and escape(french) in response.content.decode()


@pytest.mark.parametrize(
    ("data", "name"), [c[1:] for c in POLYGLOTS], ids=[c[0] for c in POLYGLOTS]
)
def test_a_polyglot_is_stored_reencoded_without_its_payload(
    person_client, group, settings, data, name
):
    assert PAYLOAD_MARK in data
    assert edit(person_client, group, data, name).status_code == 302
    group.refresh_from_db()
    assert_only_reencoded(settings.MEDIA_ROOT, group.image_small, group.image_large)


@pytest.mark.parametrize(
    ("data", "name", "check", "transparent"), [c[1:] for c in UNUSUAL], ids=[c[0] for c in UNUSUAL]
)
def test_unusual_real_images_are_accepted_and_reencoded_right(
    person_client, group, data, name, check, transparent
):
    assert edit(person_client, group, data, name).status_code == 302
    group.refresh_from_db()
    for field in (group.image_small, group.image_large):
        with field.open("rb") as handle:
            assert_shows(handle.read(), check, transparent)


def test_a_refused_group_write_leaves_no_image_file(person, group, settings):
    """A good image, but the write fails after its files were stored (here: the web
    address is taken, as when two people create groups at once): the files go too."""
    files = media_files(settings.MEDIA_ROOT)
    with pytest.raises(ValidationError):
        actions.create_group(
            by=person,
            fields={"name": "Other", "slug": group.slug, "visibility": Visibility.PUBLIC},
            image=upload(image_bytes("PNG"), "a.png"),
        )
    assert media_files(settings.MEDIA_ROOT) == files
