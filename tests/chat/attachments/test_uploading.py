"""Uploading a file or an image to a room: re-encoded and kept pending, private to its
uploader; bad files refused by name with nothing stored; the caps, the rate limit, the
uploader's discard and the clearing of uploads never sent."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from chat.models import Attachment
from tests.images import image_bytes, png_bomb, upload

from .helpers import EXE, PDF, client_of, pending, post_file, say, stored

pytestmark = pytest.mark.django_db


# --- Uploading -----------------------------------------------------------------------------


def test_an_image_is_reencoded_stored_pending_and_shown_to_its_uploader_only(world, settings):
    owner = client_of(world.owner)
    response = post_file(owner, world.channel, image_bytes("JPEG", size=(2400, 1200)), "cat.jpg")
    assert response.status_code == 201, response.content
    data = response.json()
    attachment = Attachment.objects.get(pk=data["id"])
    assert data == {
        "id": attachment.pk,
        "type": "image",
        "name": "cat.webp",
        "size": attachment.size,
        "url": f"/chat/{world.channel.pk}/files/{attachment.pk}/file/",
        "thumbnail": f"/chat/{world.channel.pk}/files/{attachment.pk}/thumbnail/",
        "width": 1600,
        "height": 800,
    }
    assert attachment.message is None and attachment.uploader == world.owner
    assert len(stored(settings)) == 2  # the display size and the thumbnail
    for url in (data["url"], data["thumbnail"]):
        served = owner.get(url)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/webp"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in served["Content-Security-Policy"]
        assert "attachment" not in served.get("Content-Disposition", "")
        assert b"".join(served.streaming_content)[:4] == b"RIFF"
    # A colleague of the room sees nothing of it before it is sent.
    assert client_of(world.member).get(data["url"]).status_code == 404


def test_a_file_is_served_as_a_download_once_sent(world):
    response = post_file(client_of(world.owner), world.direct, PDF, "Q3 report.pdf")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["type"] == "file" and data["name"] == "Q3_report.pdf" and data["thumbnail"] is None
    message = say(world.owner, world.direct, "", [Attachment.objects.get(pk=data["id"])])
    assert message.body == ""  # files alone make a message
    served = client_of(world.member).get(data["url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")
    assert "Q3_report.pdf" in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF
    thumbnail = reverse("chat:file", args=[world.direct.pk, data["id"], "thumbnail"])
    assert client_of(world.member).get(thumbnail).status_code == 404  # a file has none


@pytest.mark.parametrize(
    "data, name, error",
    [
        (EXE, "invoice.pdf", "invoice.pdf is not really a PDF file"),
        (EXE, "tool.exe", "tool.exe: this type of file cannot be attached"),
        (png_bomb(), "bomb.png", "bomb.png: This image is too large in pixels"),
        (image_bytes("JPEG")[:300], "cut.jpg", "cut.jpg: This image is damaged"),
        (b"x" * 2048, "big.txt", "big.txt is too large"),
    ],
    ids=["disguised", "forbidden-type", "bomb", "damaged", "too-big"],
)
def test_a_bad_file_is_refused_by_name_and_nothing_is_stored(world, settings, data, name, error):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = post_file(client_of(world.owner), world.channel, data, name)
    assert response.status_code == 400
    assert response.json()["error"].startswith(error)
    assert not Attachment.objects.exists()
    assert stored(settings) == []


def test_uploads_waiting_in_a_room_are_capped_at_a_message_worth(world, settings):
    settings.ATTACHMENTS_MAX_COUNT = 2
    owner = client_of(world.owner)
    for n in range(2):
        assert post_file(owner, world.channel, PDF, f"{n}.pdf").status_code == 201
    response = post_file(owner, world.channel, PDF, "third.pdf")
    assert response.status_code == 400
    assert response.json()["error"] == "Attach at most 2 files to a message."
    assert Attachment.objects.count() == 2
    assert len(stored(settings)) == 2
    # Another room has its own allowance.
    assert post_file(owner, world.direct, PDF, "elsewhere.pdf").status_code == 201


def test_one_file_per_upload_and_french_errors(world):
    owner = client_of(world.owner)
    url = reverse("chat:upload", args=[world.channel.pk])
    assert owner.post(url, {}).status_code == 400
    two = owner.post(url, {"file": [upload(PDF, "a.pdf"), upload(PDF, "b.pdf")]})
    assert two.json() == {"error": "Choose one file to attach."}
    world.owner.language = "fr"
    world.owner.save()
    french = post_file(client_of(world.owner), world.channel, EXE, "outil.exe")
    assert "ce type de fichier" in french.json()["error"].lower()


@pytest.mark.usefixtures("one_rate_window")
def test_uploads_are_rate_limited(world, settings):
    settings.CHAT_UPLOADS_PER_MINUTE = 1
    owner = client_of(world.owner)
    assert post_file(owner, world.channel, PDF, "a.pdf").status_code == 201
    refused = post_file(owner, world.channel, PDF, "b.pdf")
    assert refused.status_code == 400 and "too fast" in refused.json()["error"]


def test_a_failed_row_write_leaves_no_file_behind(world, settings, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Attachment, "save", broken)
    with pytest.raises(RuntimeError):
        pending(world.owner, world.channel)
    assert stored(settings) == []


def test_the_uploader_removes_a_pending_upload_and_nobody_else_can(
    world, settings, django_capture_on_commit_callbacks
):
    mine = pending(world.owner, world.channel)
    sent = pending(world.owner, world.channel)
    say(world.owner, world.channel, "with a file", [sent])
    url = reverse("chat:discard", args=[world.channel.pk, mine.pk])
    assert client_of(world.member).post(url).status_code == 404
    assert client_of(world.owner).get(url).status_code == 405
    sent_url = reverse("chat:discard", args=[world.channel.pk, sent.pk])
    assert client_of(world.owner).post(sent_url).status_code == 404  # sent: for good
    with django_capture_on_commit_callbacks(execute=True):
        assert client_of(world.owner).post(url).status_code == 204
    assert list(Attachment.objects.values_list("pk", flat=True)) == [sent.pk]
    assert len(stored(settings)) == 2  # the sent image's two sizes


def test_uploads_never_sent_are_deleted_a_day_later(
    world, settings, django_capture_on_commit_callbacks
):
    old = pending(world.owner, world.channel)
    others_old = pending(world.member, world.channel)
    fresh = pending(world.owner, world.direct)
    sent = pending(world.owner, world.channel)
    say(world.owner, world.channel, "kept", [sent])
    a_day_ago = timezone.now() - timedelta(days=1, minutes=1)
    Attachment.objects.filter(pk__in=[old.pk, others_old.pk, sent.pk]).update(created_at=a_day_ago)
    with django_capture_on_commit_callbacks(execute=True):
        pending(world.owner, world.direct)  # uploading again clears one's own stale uploads
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert Attachment.objects.filter(pk__in=[others_old.pk, fresh.pk, sent.pk]).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        call_command("chat_discard_stale_uploads", stdout=io.StringIO())
    assert not Attachment.objects.filter(pk=others_old.pk).exists()
    assert Attachment.objects.filter(pk__in=[fresh.pk, sent.pk]).count() == 2
    assert len(stored(settings)) == 2 * 3  # fresh, sent and the new one, two sizes each
