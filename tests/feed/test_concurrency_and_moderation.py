"""What a double click, two tabs or a ban must not break: counters that move once,
moderation that an author cannot undo, and texts whose mentions stay bounded."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from feed import actions, permissions
from feed.models import Comment, Kind, Post, Vote
from groups import actions as group_actions

pytestmark = pytest.mark.django_db


def test_a_vote_that_loses_a_race_does_not_count_twice(
    person, other, group, write_post, write_comment, monkeypatch
):
    """Two clicks at once: the first one's vote is counted (score 1); the second finds
    no row to delete, then hits the unique constraint on insert. It must not add +1."""
    question = write_post(person, group, kind=Kind.QUESTION, title="Why?", body="Why so slow?")
    answer = write_comment(other, question, body="Because of the index.")
    actions.toggle_vote(user=person, comment=answer)
    Vote.objects.filter(comment=answer).delete()  # not yet visible to the second click

    def insert_conflicts(**fields):
        raise IntegrityError("duplicate key value violates unique constraint vote_once")

    monkeypatch.setattr(Vote.objects, "create", insert_conflicts)
    assert actions.toggle_vote(user=person, comment=answer) is True  # voted, as wanted
    answer.refresh_from_db()
    assert answer.score == 1


def test_deleting_a_comment_twice_counts_it_once(person, other, group, write_post, write_comment):
    post = write_post(person, group)
    first = write_comment(other, post, body="One")
    write_comment(other, post, body="Two")
    stale_copy = Comment.objects.get(pk=first.pk)
    actions.delete_comment(actor=other, comment=first)
    actions.delete_comment(actor=other, comment=stale_copy)
    post.refresh_from_db()
    assert post.comment_count == post.comments.count() == 1


def test_a_banned_author_can_no_longer_edit(owner, person, group, write_post, write_comment):
    post = write_post(person, group, body="Original")
    comment = write_comment(person, post, body="Original comment")
    group_actions.ban(by=owner, group=group, user=person, reason="Spam")
    post.refresh_from_db()
    assert not permissions.can_edit_post(person, post)
    assert not permissions.can_edit_comment(person, Comment.objects.get(pk=comment.pk))
    with pytest.raises(PermissionDenied):
        actions.edit_post(actor=person, post=post, title="", body="Spam link", version=1)
    assert Post.objects.get(pk=post.pk).body == "Original"


def test_a_thread_closed_by_moderators_stays_closed_for_its_author(
    person, moderator, group, write_post
):
    post = write_post(person, group, title="Heated", body="Tabs or spaces?")
    actions.close_post(actor=moderator, post=post, closed=True)
    assert not permissions.can_close(person, post)
    with pytest.raises(PermissionDenied):
        actions.close_post(actor=person, post=post, closed=False)
    assert Post.objects.get(pk=post.pk).is_closed
    # An author who closed their own thread may reopen it.
    own = write_post(person, group, title="Done", body="Solved offline")
    actions.close_post(actor=person, post=own, closed=True)
    actions.close_post(actor=person, post=own, closed=False)
    assert not Post.objects.get(pk=own.pk).is_closed


def test_a_thousand_mentions_are_bounded_not_a_crash(person, group, write_post, client):
    body = " ".join(f"@h{n}" for n in range(1_100))
    post = write_post(person, group, body=body)
    assert post.pk
    client.force_login(person)
    response = client.post("/posts/preview/", {"group": group.slug, "body": body})
    assert response.status_code == 200


def test_a_topic_only_used_where_one_cannot_read_is_a_404_even_with_a_cursor(
    person, other, write_post, client
):
    from groups.models import Visibility

    hidden = group_actions.create_group(
        by=person, fields={"name": "Acquisition Zeta", "visibility": Visibility.SECRET}
    )
    write_post(person, hidden, body="Kick-off #acquisitionzeta")
    client.force_login(other)
    for url in ("/topics/acquisitionzeta/", "/topics/acquisitionzeta/?cursor=x"):
        assert client.get(url).status_code == 404
