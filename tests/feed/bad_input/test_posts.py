"""Bad posts refused with their reason and nothing saved: bad text, bad or too many or
too large files (one bad file saves none, every bad one is named), a write failing
after its files are stored; and the files that are accepted: text served harmless,
images re-encoded without metadata and scaled down, real documents."""

import io

import pytest
from PIL import Image

from feed.models import Attachment, Post
from tests.images import image_bytes, jpeg_with_gps, png_bomb, upload

from .helpers import EXE, PDF, assert_refused, compose, minimal_docx, pdf, snapshot, text

pytestmark = pytest.mark.django_db


# --- Posts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write something first: the text is empty."),
        ({"body": "   \n\t  "}, "Write something first: the text is empty."),
        (
            {"body": "x" * 20_001},
            "The text is too long: 20001 characters for at most 20000.",
        ),
        ({"title": "t" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
        (
            {"kind": "question", "title": ""},
            "A question needs a title: say in one line what you want to know.",
        ),
        ({"kind": "poll"}, "Select a valid choice. poll is not one of the available choices."),
    ],
    ids=["empty", "whitespace", "too-long", "long-title", "untitled-question", "unknown-kind"],
)
def test_bad_post_text_is_refused(client, person, group, settings, data, message):
    assert settings.POST_MAX_CHARS == 20_000  # the messages above name the default
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, **{"body": "About #budget, ask @" + person.handle, **data})
    assert_refused(response, message, before, settings)


def test_what_was_typed_is_kept_when_refused(client, person, group, settings):
    client.force_login(person)
    response = compose(client, group, kind="question", title="", body="My carefully typed text")
    assert response.status_code == 400
    assert "My carefully typed text" in text(response)


def test_the_action_explains_an_empty_text(person, group):
    """Callers other than the form (chat, email replies) get the action's own message."""
    from django.core.exceptions import ValidationError

    from feed import actions

    with pytest.raises(ValidationError) as refused:
        actions.create_post(author=person, group=group, body="  \n ")
    assert refused.value.messages == ["Write something first: the text is empty."]
    with pytest.raises(ValidationError) as refused:
        actions.create_post(author=person, group=group, title="t" * 201, body="Fine")
    assert refused.value.messages == ["The title is too long: at most 200 characters."]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            lambda: [pdf(f"doc{n}.pdf") for n in range(11)],
            "Attach at most 10 files at a time.",
        ),
        (
            lambda: [upload(EXE, "setup.exe", "application/octet-stream")],
            "setup.exe: this type of file cannot be attached.",
        ),
        (
            lambda: [upload(b"<svg onload=alert(1)/>", "logo.svg", "image/svg+xml")],
            "logo.svg: this type of file cannot be attached.",
        ),
        (
            lambda: [upload(EXE, "invoice.pdf", "application/pdf")],
            "invoice.pdf is not really a PDF file: its content does not match its name.",
        ),
        (
            lambda: [upload(image_bytes("PNG"), "minutes.docx", "application/msword")],
            "minutes.docx is not really a DOCX file: its content does not match its name.",
        ),
        (
            lambda: [upload(b"PK\x03\x04 not a zip at all", "sheet.xlsx")],
            "sheet.xlsx is not really a XLSX file: its content does not match its name.",
        ),
        (
            lambda: [upload(b"\x00\x01\x02binary", "notes.txt", "text/plain")],
            "notes.txt is not really a TXT file: its content does not match its name.",
        ),
        (
            lambda: [upload(png_bomb(), "bomb.png", "image/png")],
            "bomb.png: This image is too large in pixels to be processed safely.",
        ),
        (
            lambda: [upload(image_bytes("JPEG", size=(400, 400))[:600], "cut.jpg")],
            "cut.jpg: This image is damaged or incomplete.",
        ),
        (
            lambda: [upload(PDF, "cv.jpg")],
            "cv.jpg: Upload a JPEG, PNG, WebP or GIF image. This file is not one of them.",
        ),
    ],
    ids=[
        "too-many",
        "exe",
        "svg",
        "exe-as-pdf",
        "png-as-docx",
        "broken-zip-as-xlsx",
        "binary-as-txt",
        "image-bomb",
        "damaged-image",
        "pdf-as-jpg",
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(
    client, person, group, settings, files, message
):
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, body=f"See attached #budget @{person.handle}", files=files())
    assert_refused(response, message, before, settings)
    assert "See attached #budget" in text(response)


def test_too_large_files_are_refused(client, person, group, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, files=[upload(PDF + b"0" * 2000, "big.pdf")])
    assert_refused(
        response, "big.pdf is too large (2.0\xa0KB). The limit is 1000\xa0bytes.", before, settings
    )
    response = compose(
        client, group, files=[upload(image_bytes("PNG", size=(600, 600)), "big.png")]
    )
    assert_refused(response, "big.png: This file is too large", before, settings)


def test_one_bad_file_among_good_ones_saves_none(client, person, group, settings):
    client.force_login(person)
    before = snapshot(settings)
    response = compose(
        client,
        group,
        body="Three files #quarterly",
        files=[
            upload(image_bytes(), "good.jpg"),
            pdf("good.pdf"),
            upload(EXE, "bad.pdf", "application/pdf"),
            upload(minimal_docx(), "good.docx"),
        ],
    )
    assert_refused(response, "bad.pdf is not really a PDF file", before, settings)
    assert "good.pdf" not in text(response)  # only the bad one is named


@pytest.mark.parametrize("where", ["post", "comment"])
def test_a_write_that_fails_after_the_files_are_stored_leaves_no_file(
    person, group, settings, monkeypatch, where
):
    """Files reach storage before the transaction; if it rolls back, they are deleted."""
    from feed import actions
    from feed.actions import comments, posts

    post = actions.create_post(author=person, group=group, body="Before")
    before = snapshot(settings)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(posts if where == "post" else comments, "record_mentions", fail)
    files = [upload(image_bytes(), "photo.jpg"), pdf()]
    with pytest.raises(RuntimeError):
        if where == "post":
            actions.create_post(author=person, group=group, body="Files", files=files)
        else:
            actions.create_comment(author=person, post=post, body="Files", files=files)
    assert snapshot(settings) == before


def test_every_bad_file_is_named(client, person, group, settings):
    client.force_login(person)
    before = snapshot(settings)
    response = compose(
        client,
        group,
        files=[upload(EXE, "one.exe"), upload(EXE, "two.pdf"), upload(png_bomb(), "three.png")],
    )
    assert_refused(response, "one.exe: this type of file cannot be attached", before, settings)
    assert "two.pdf is not really a PDF file" in text(response)
    assert "three.png: This image is too large in pixels" in text(response)


def test_html_renamed_txt_is_text_and_served_harmless(client, person, group, settings):
    """A .txt file only has to be text: HTML inside is accepted, then served as plain text
    in a sandbox, so it can never run on our origin."""
    client.force_login(person)
    response = compose(
        client, group, files=[upload(b"<script>alert(1)</script>", "page.txt", "text/html")]
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.type, attachment.name) == ("file", "page.txt")
    assert attachment.content_type == "text/plain; charset=utf-8"
    served = client.get(f"/attachments/{attachment.pk}/file/")
    assert served["Content-Type"].startswith("text/plain")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert served["Content-Disposition"].startswith("attachment")


def test_image_is_reencoded_to_webp_without_metadata(client, person, group, settings):
    client.force_login(person)
    response = compose(client, group, files=[upload(jpeg_with_gps(), "holiday.jpg")])
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.type, attachment.name, attachment.content_type) == (
        "image",
        "holiday.webp",
        "image/webp",
    )
    assert "holiday" not in attachment.file.name  # a name we made
    assert attachment.file.name.endswith(".webp")
    assert attachment.thumbnail.name.endswith("-thumb.webp")
    for field in (attachment.file, attachment.thumbnail):
        with field.open("rb") as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        assert image.format == "WEBP"
        assert not image.getexif()
        assert "exif" not in image.info
        assert b"SpyCam" not in data
    assert (attachment.width, attachment.height) == (300, 200)
    served = client.get(f"/attachments/{attachment.pk}/file/")
    assert served["Content-Type"] == "image/webp"
    assert client.get(f"/attachments/{attachment.pk}/thumbnail/").status_code == 200


def test_large_images_are_scaled_down(client, person, group):
    client.force_login(person)
    compose(client, group, files=[upload(image_bytes("PNG", size=(3200, 1000)), "wide.png")])
    attachment = Attachment.objects.get()
    assert (attachment.width, attachment.height) == (1600, 500)


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (minimal_docx(), "minutes.docx", "application/vnd.openxmlformats-officedocument."),
        (PDF, "report.pdf", "application/pdf"),
        (b"a,b\n1,2\n", "numbers.csv", "text/csv"),
        (b"R\xc3\xa9sum\xc3\xa9 \xe2\x82\xac", "notes.txt", "text/plain"),
    ],
)
def test_real_documents_are_accepted(client, person, group, data, name, content_type):
    client.force_login(person)
    response = compose(client, group, files=[upload(data, name, "application/octet-stream")])
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.type, attachment.name, attachment.size) == ("file", name, len(data))
    assert attachment.content_type.startswith(content_type)
    served = client.get(f"/attachments/{attachment.pk}/file/")
    assert b"".join(served.streaming_content) == data
    assert name in served["Content-Disposition"]
