"""Where and when one may post: an archived group, a group where only moderators post,
commenting in an archived group, and edits (stale, bad, a question left untitled) that
save nothing."""

import pytest

from feed.models import Kind
from groups import actions as group_actions
from groups.models import PostingRule

from .helpers import assert_refused, compose, pdf, snapshot, text

pytestmark = pytest.mark.django_db


# --- Where and when one may post ---------------------------------------------------------------


def test_posting_into_an_archived_group(client, person, owner, group, settings):
    group_actions.archive_group(group=group, by=owner)
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, files=[pdf()])
    assert_refused(response, "This group is archived: it takes no new posts.", before, settings)


def test_posting_where_only_moderators_may(client, person, moderator, group, settings):
    group.posting_rule = PostingRule.MODERATORS
    group.save()
    client.force_login(person)
    assert "composer-form" not in text(client.get(group.get_absolute_url()))
    before = snapshot(settings)
    response = compose(client, group, files=[pdf()])
    assert_refused(response, "You cannot post in this group.", before, settings)
    client.force_login(moderator)
    assert compose(client, group).status_code == 302


def test_commenting_in_an_archived_group(client, person, other, owner, group, write_post, settings):
    post = write_post(person, group)
    group_actions.archive_group(group=group, by=owner)
    client.force_login(other)
    before = snapshot(settings)
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "Late"})
    assert_refused(response, "This group is archived: it takes no new comments.", before, settings)


def test_stale_edit_saves_nothing(client, person, moderator, group, write_post, settings):
    post = write_post(person, group, title="Plan", body="Version one #roadmap")
    client.force_login(moderator)
    client.post(f"/posts/{post.pk}/edit/", {"title": "Plan", "body": "Version two", "version": 1})
    client.force_login(person)
    before = snapshot(settings)
    response = client.post(
        f"/posts/{post.pk}/edit/",
        {"title": "Plan", "body": f"Version three #other @{moderator.handle}", "version": 1},
    )
    assert_refused(
        response,
        "Someone else changed this post while you were editing it. Your text is below: copy "
        "it, reload the page, and apply your change again.",
        before,
        settings,
    )
    assert "Version three #other" in text(response)
    post.refresh_from_db()
    assert post.body == "Version two"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write something first: the text is empty."),
        ({"body": "x" * 20_001}, "The text is too long: 20001 characters for at most 20000."),
        ({"title": "t" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
        # Only a tampered form sends a bad version: a general message is enough.
        ({"version": "abc"}, "Please correct the errors below."),
    ],
)
def test_bad_edits_save_nothing(client, person, group, write_post, settings, data, message):
    post = write_post(person, group, title="Plan", body="Version one")
    client.force_login(person)
    before = snapshot(settings)
    response = client.post(
        f"/posts/{post.pk}/edit/", {"title": "Plan", "body": "New", "version": 1, **data}
    )
    assert_refused(response, message, before, settings)
    post.refresh_from_db()
    assert (post.body, post.version) == ("Version one", 1)


def test_editing_a_question_to_no_title(client, person, group, write_post, settings):
    post = write_post(person, group, kind=Kind.QUESTION, title="Why?", body="Because")
    client.force_login(person)
    before = snapshot(settings)
    response = client.post(f"/posts/{post.pk}/edit/", {"title": "", "body": "B", "version": 1})
    assert_refused(response, "A question needs a title", before, settings)
