"""Bad comments save nothing: bad text or files, a closed thread (the text kept), and a
stale comment edit."""

import pytest

from tests.images import png_bomb, upload

from .helpers import EXE, assert_refused, pdf, snapshot, text

pytestmark = pytest.mark.django_db


# --- Comments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write something first: the text is empty."),
        ({"body": "   "}, "Write something first: the text is empty."),
        ({"body": "y" * 10_001}, "The text is too long: 10001 characters for at most 10000."),
        (
            {"files": lambda: [upload(EXE, "virus.pdf")]},
            "virus.pdf is not really a PDF file",
        ),
        (
            {"files": lambda: [upload(png_bomb(), "bomb.png")]},
            "bomb.png: This image is too large in pixels",
        ),
        ({"files": lambda: [pdf(f"f{n}.pdf") for n in range(11)]}, "Attach at most 10 files"),
    ],
    ids=["empty", "whitespace", "too-long", "disguised", "bomb", "too-many"],
)
def test_bad_comments_save_nothing(
    client, person, other, group, write_post, settings, data, message
):
    post = write_post(person, group)
    client.force_login(other)
    before = snapshot(settings)
    payload = {"body": f"Answer #topic @{person.handle}", **data}
    if callable(payload.get("files")):
        payload["files"] = payload["files"]()
    response = client.post(f"/posts/{post.pk}/comments/", payload)
    assert_refused(response, message, before, settings)
    post.refresh_from_db()
    assert (post.comment_count, post.last_comment_id) == (0, 0)


def test_comment_on_a_closed_thread(client, person, other, group, write_post, settings):
    post = write_post(person, group, title="Closed", body="Done")
    client.force_login(person)
    client.post(f"/posts/{post.pk}/close/", {"closed": "1"})
    client.force_login(other)
    before = snapshot(settings)
    response = client.post(
        f"/posts/{post.pk}/comments/", {"body": "One more thing", "files": [pdf()]}
    )
    assert_refused(response, "This thread is closed to new comments.", before, settings)


def test_comment_refused_on_a_closed_thread_keeps_the_text(
    client, person, other, group, write_post
):
    post = write_post(person, group, title="Closed", body="Done")
    client.force_login(person)
    client.post(f"/posts/{post.pk}/close/", {"closed": "1"})
    client.force_login(other)
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "One more thing"})
    assert response.status_code == 400
    assert "One more thing" in text(response)


def test_stale_comment_edit_saves_nothing(
    client, person, other, group, write_post, write_comment, settings
):
    comment = write_comment(other, write_post(person, group), body="First")
    client.force_login(other)
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Second", "version": 1})
    before = snapshot(settings)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Third", "version": 1})
    assert_refused(response, "Someone else changed this comment", before, settings)
