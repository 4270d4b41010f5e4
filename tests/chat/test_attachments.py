"""Files and images in chat messages: checked like the feed's when chosen, kept pending
and private to their uploader until a message carries them, served only through the
chat's door (404 for anyone who may not read the room, the same as a file that does not
exist), gone with a deleted message, and never half-stored."""

import io
import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from chat import actions
from chat import attachments as uploads
from chat.models import Attachment, Message, Room
from chat.serializers import message_data
from groups.models import Membership, Visibility
from tests.factories import UserFactory
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
    webp_bomb,
)
from tests.realtime.sockets import run

from .conftest import cookie_of, make_channel, open_tab, send, snapshot
from .test_pages import BOUNDS

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
PDF = b"%PDF-1.4\n% chat test\n"
SECRET = "Project Aurora"
_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 100_000
    settings.CHAT_UPLOADS_PER_MINUTE = 100_000


@pytest.fixture
def world(db, person, other):
    """Paula owns Ops (public: Oscar is a member), the private Legal and the secret Project
    Aurora; she and Oscar share a direct message. Nina is in none of it; Rémi was in Ops
    and in Legal, and was removed from both."""
    remi = UserFactory(display_name="Rémi Removed")
    nina = UserFactory(display_name="Nina Outsider")
    tess = UserFactory(display_name="Tess Third")
    ops, channel = make_channel("Ops", owners=[person], members=[other, remi])
    _secret, secret_channel = make_channel(SECRET, owners=[person], visibility=Visibility.SECRET)
    legal, private_channel = make_channel(
        "Legal", owners=[person], members=[remi], visibility=Visibility.PRIVATE
    )
    direct = actions.open_direct(actor=person, other=other)
    others_direct = actions.open_direct(actor=other, other=tess)
    return SimpleNamespace(
        owner=person,
        member=other,
        remi=remi,
        nina=nina,
        tess=tess,
        ops=ops,
        channel=channel,
        legal=legal,
        private_channel=private_channel,
        secret_channel=secret_channel,
        direct=direct,
        others_direct=others_direct,
    )


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


# --- Mentions in every kind of room ----------------------------------------------------


def _suggested(user, room, q=""):
    response = client_of(user).get(reverse("chat:mentions", args=[room.pk]), {"q": q})
    assert response.status_code == 200
    return [p["name"] for p in response.json()["people"]]


def test_mentions_suggest_the_people_of_the_room(world):
    conversation = actions.create_conversation(
        actor=world.owner, people=[world.member, world.tess], name="Trio"
    )
    assert _suggested(world.owner, world.direct) == ["Oscar Other"]
    assert _suggested(world.owner, conversation) == ["Oscar Other", "Tess Third"]
    assert _suggested(world.owner, conversation, "te") == ["Tess Third"]
    assert _suggested(world.owner, world.channel) == ["Oscar Other", "Rémi Removed"]
    # Someone who cannot be mentioned in the room is never suggested.
    assert _suggested(world.owner, world.channel, "nina") == []
    handle = (
        client_of(world.owner)
        .get(reverse("chat:mentions", args=[world.direct.pk]), {"q": "osc"})
        .json()["people"][0]["handle"]
    )
    assert handle == world.member.handle


# --- Pages -----------------------------------------------------------------------------


def test_the_room_shows_images_inline_and_files_as_downloads(world):
    image, pdf = (
        pending(world.owner, world.channel),
        pending(world.owner, world.channel, PDF, "plan.pdf"),
    )
    say(world.owner, world.channel, "", [image, pdf])
    page = client_of(world.member).get(world.channel.get_absolute_url()).content.decode()
    assert f'href="{image.get_absolute_url()}" data-lightbox="photo.webp"' in page
    assert f'src="{image.thumbnail_url()}"' in page
    assert f'href="{pdf.get_absolute_url()}"' in page and "plan.pdf" in page
    assert 'data-upload-url="' in page and "data-mentions-url" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_room_page_reads_files_in_one_query_whatever_their_number(world):
    member = client_of(world.member)
    url = world.channel.get_absolute_url()

    def more(n):
        for _ in range(n):
            files = [pending(world.owner, world.channel, PDF, "a.pdf") for _ in range(2)]
            message = say(world.owner, world.channel, "files", files)
            say(world.member, world.channel, "reply", [pending(world.member, world.channel)])
            actions.send_message(
                author=world.owner,
                room=world.channel,
                body="in a thread",
                client_id=f"t-{next(_ids)}",
                parent=message,
                attachments=[pending(world.owner, world.channel).pk],
            )

    more(1)
    thread = Message.objects.filter(room=world.channel, parent=None, reply_count=1).first()
    thread_url = reverse("chat:thread", args=[world.channel.pk, thread.pk])
    count_queries(member, url)
    before = count_queries(member, url), count_queries(member, thread_url)
    more(20)
    for n in range(20):  # more replies with files in the same thread
        actions.send_message(
            author=world.member,
            room=world.channel,
            body="",
            client_id=f"r-{n}",
            parent=thread,
            attachments=[pending(world.member, world.channel).pk],
        )
    assert (count_queries(member, url), count_queries(member, thread_url)) == before
    assert before[0] <= BOUNDS["room"] and before[1] <= BOUNDS["thread"], before


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
