"""Changing what was written: edits with their revisions and stale edits refused; deleting
posts and comments with their files, hiding with a reason, closing a thread."""

import pytest

from feed.models import (
    Attachment,
    Comment,
    Post,
    Revision,
)
from tests.images import image_bytes, upload

from .helpers import html, media_files, messages_of

pytestmark = pytest.mark.django_db


# --- Editing, history, stale edits ------------------------------------------------------------


def test_edit_keeps_a_revision_and_shows_edited(client, person, group, write_post):
    post = write_post(person, group, title="Sprint review", body="First text")
    client.force_login(person)
    assert "· edited" not in html(client.get(post.get_absolute_url()))
    page = client.get(f"/posts/{post.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"]["version"].value() == 1
    response = client.post(
        f"/posts/{post.pk}/edit/",
        {"title": "Sprint review, moved", "body": "Second text", "version": 1},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body, post.version) == ("Sprint review, moved", "Second text", 2)
    assert post.edited_at is not None
    revision = Revision.objects.get()
    assert (revision.title, revision.body, revision.replaced_by) == (
        "Sprint review",
        "First text",
        person,
    )

    page = client.get(post.get_absolute_url())
    assert "· edited" in html(page)
    assert "1 earlier version" in html(page)
    history = client.get(f"/posts/{post.pk}/history/")
    assert history.status_code == 200
    assert "First text" in html(history)
    assert "Second text" not in html(history)

    client.post(f"/posts/{post.pk}/edit/", {"title": post.title, "body": "Third", "version": 2})
    history = client.get(f"/posts/{post.pk}/history/")
    assert list(history.context["revisions"].values_list("body", flat=True)) == [
        "Second text",
        "First text",
    ]


def test_moderator_corrects_a_post_other_members_cannot(
    client, person, other, moderator, group, write_post
):
    post = write_post(person, group, body="Typo teh")
    client.force_login(other)
    assert client.get(f"/posts/{post.pk}/edit/").status_code == 404
    assert (
        client.post(f"/posts/{post.pk}/edit/", {"body": "Hacked", "version": 1}).status_code == 404
    )
    client.force_login(moderator)
    client.post(f"/posts/{post.pk}/edit/", {"title": "", "body": "Typo the", "version": 1})
    post.refresh_from_db()
    assert post.body == "Typo the"
    assert Revision.objects.get().replaced_by == moderator


def test_stale_edit_is_refused_and_saves_nothing(client, person, moderator, group, write_post):
    post = write_post(person, group, title="Budget", body="Original")
    client.force_login(person)
    form_a = client.get(f"/posts/{post.pk}/edit/").context["form"]
    client.force_login(moderator)
    form_b = client.get(f"/posts/{post.pk}/edit/").context["form"]
    assert form_a["version"].value() == form_b["version"].value() == 1

    client.post(f"/posts/{post.pk}/edit/", {"title": "Budget", "body": "Mod's fix", "version": 1})
    client.force_login(person)
    response = client.post(
        f"/posts/{post.pk}/edit/", {"title": "Budget", "body": "Author's change", "version": 1}
    )
    assert response.status_code == 400
    assert "Someone else changed this post" in html(response)
    assert "Author&#x27;s change" in html(response)  # what was typed is kept on the page
    post.refresh_from_db()
    assert (post.body, post.version) == ("Mod's fix", 2)
    assert Revision.objects.count() == 1


def test_stale_comment_edit_is_refused(client, person, other, group, write_post, write_comment):
    comment = write_comment(other, write_post(person, group), body="First")
    client.force_login(other)
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Second", "version": 1})
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Third", "version": 1})
    assert response.status_code == 400
    assert "Someone else changed this comment" in html(response)
    comment.refresh_from_db()
    assert comment.body == "Second"
    history = client.get(f"/posts/{comment.post_id}/history/?comment={comment.pk}")
    assert "First" in html(history)


# --- Deleting, hiding, closing ----------------------------------------------------------------


def test_author_deletes_a_post_with_its_comments_and_files(
    client,
    person,
    other,
    group,
    settings,
    write_post,
    write_comment,
    django_capture_on_commit_callbacks,
):
    post = write_post(
        person, group, body="With a photo", files=[upload(image_bytes(), "photo.jpg")]
    )
    write_comment(
        other,
        post,
        body="And a file",
        files=[upload(b"%PDF-1.4 minimal", "notes.pdf", "application/pdf")],
    )
    assert Attachment.objects.count() == 2
    assert len(media_files(settings)) == 3  # image, its thumbnail, the PDF

    client.force_login(other)
    assert client.post(f"/posts/{post.pk}/delete/").status_code == 404  # not theirs
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/posts/{post.pk}/delete/")
    assert response["Location"] == group.get_absolute_url()
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files(settings) == []
    assert client.get(post.get_absolute_url()).status_code == 404


def test_author_deletes_a_comment_and_its_file(
    client,
    person,
    other,
    group,
    settings,
    write_post,
    write_comment,
    django_capture_on_commit_callbacks,
):
    post = write_post(person, group)
    kept = write_comment(person, post, body="Staying")
    gone = write_comment(other, post, body="Going", files=[upload(image_bytes(), "x.png")])
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/comments/{gone.pk}/delete/")
    assert list(Comment.objects.all()) == [kept]
    assert media_files(settings) == []
    post.refresh_from_db()
    assert (post.comment_count, post.last_comment_id) == (1, kept.pk)


def test_moderator_hides_with_a_reason_and_unhides(
    client, person, other, moderator, group, write_post
):
    post = write_post(person, group, title="Rant", body="Something rude")
    client.force_login(moderator)
    response = client.post(f"/posts/{post.pk}/hide/", {"hidden": "1", "reason": ""}, follow=True)
    assert any("Say why you are hiding this post" in m for m in messages_of(response))
    post.refresh_from_db()
    assert not post.is_hidden

    client.post(f"/posts/{post.pk}/hide/", {"hidden": "1", "reason": "Keep it civil"})
    post.refresh_from_db()
    assert post.is_hidden
    assert (post.hidden_by, post.hidden_reason) == (moderator, "Keep it civil")

    client.force_login(person)
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "Keep it civil" in html(page)
    client.force_login(other)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert post not in client.get("/").context["posts"]
    assert client.get(f"/groups/{group.slug}/forum/").context["posts"] == []

    client.force_login(moderator)
    assert "Keep it civil" in html(client.get(post.get_absolute_url()))
    client.post(f"/posts/{post.pk}/hide/", {"hidden": "0"})
    client.force_login(other)
    assert client.get(post.get_absolute_url()).status_code == 200


def test_members_cannot_hide(client, person, other, group, write_post):
    post = write_post(person, group)
    client.force_login(other)
    assert client.post(f"/posts/{post.pk}/hide/", {"hidden": "1", "reason": "x"}).status_code == 404
    post.refresh_from_db()
    assert not post.is_hidden


def test_hidden_comment_shows_its_reason_to_its_author_only(
    client, person, other, moderator, group, write_post, write_comment
):
    post = write_post(person, group)
    comment = write_comment(other, post, body="Off-topic ad")
    client.force_login(moderator)
    client.post(f"/comments/{comment.pk}/hide/", {"hidden": "1", "reason": "Advertising"})
    client.force_login(other)
    assert "Advertising" in html(client.get(post.get_absolute_url()))
    client.force_login(person)
    page = client.get(post.get_absolute_url())
    assert "Off-topic ad" not in html(page)
    assert client.get(f"/comments/{comment.pk}/").status_code == 404


def test_closed_thread_refuses_comments(client, person, other, group, write_post):
    post = write_post(person, group, title="Parking", body="Where?")
    client.force_login(other)
    assert client.post(f"/posts/{post.pk}/close/", {"closed": "1"}).status_code == 404
    client.force_login(person)
    client.post(f"/posts/{post.pk}/close/", {"closed": "1"})
    post.refresh_from_db()
    assert post.is_closed

    client.force_login(other)
    page = client.get(post.get_absolute_url())
    assert 'id="comment-form"' not in html(page)
    assert "This thread is closed to new comments." in html(page)
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "But wait"})
    assert response.status_code == 400
    assert "This thread is closed to new comments." in html(response)
    assert not Comment.objects.exists()

    client.force_login(person)
    client.post(f"/posts/{post.pk}/close/", {"closed": "0"})
    client.force_login(other)
    client.post(f"/posts/{post.pk}/comments/", {"body": "But wait"})
    assert Comment.objects.count() == 1
