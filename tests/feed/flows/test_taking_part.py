"""Taking part in a thread: answering, accepting and voting on questions; reactions,
bookmarks and the saved filter, following and muting a thread."""

import pytest

from feed.models import (
    Bookmark,
    Kind,
    ReactionMark,
    ThreadState,
    Vote,
)
from tests.factories import UserFactory

from .helpers import html, messages_of

pytestmark = pytest.mark.django_db


# --- Questions and answers --------------------------------------------------------------------


@pytest.fixture
def question(person, group, write_post):
    return write_post(
        person, group, kind=Kind.QUESTION, title="Which VPN client works on Linux?", body="?"
    )


def test_asker_accepts_an_answer(client, person, other, moderator, question, write_comment):
    first = write_comment(moderator, question, body="Try the web portal")
    best = write_comment(other, question, body="Use **OpenConnect**")
    client.force_login(person)
    page = client.get(question.get_absolute_url())
    assert "Accept this answer" in html(page)
    assert page.context["accepted"] is None

    response = client.post(f"/posts/{question.pk}/accept/", {"comment": best.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer == best
    assert question.is_solved

    page = client.get(question.get_absolute_url())
    assert page.context["accepted"] == best
    assert [c.pk for c in page.context["comments"]] == [first.pk]  # not listed twice
    text = html(page)
    assert "Solved" in text
    assert text.index("OpenConnect") < text.index("Try the web portal")
    assert text.index('id="accepted-heading"') < text.index('id="comments-heading"')
    forum = client.get(f"/groups/{question.group.slug}/forum/?show=solved")
    assert forum.context["posts"] == [question]

    # Unaccept: the question is open again.
    client.post(f"/posts/{question.pk}/accept/", {})
    question.refresh_from_db()
    assert question.accepted_answer is None
    assert client.get(question.get_absolute_url()).context["accepted"] is None


def test_moderator_accepts_other_members_cannot(client, other, moderator, question, write_comment):
    answer = write_comment(moderator, question, body="Use the web portal")
    client.force_login(other)
    assert "Accept this answer" not in html(client.get(question.get_absolute_url()))
    response = client.post(f"/posts/{question.pk}/accept/", {"comment": answer.pk})
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.accepted_answer is None

    client.force_login(moderator)
    client.post(f"/posts/{question.pk}/accept/", {"comment": answer.pk})
    question.refresh_from_db()
    assert question.accepted_answer == answer


def test_only_an_answer_of_this_question_can_be_accepted(
    client, person, group, question, write_post, write_comment
):
    elsewhere = write_comment(person, write_post(person, group, kind=Kind.QUESTION, title="Q2"))
    client.force_login(person)
    response = client.post(f"/posts/{question.pk}/accept/", {"comment": elsewhere.pk})
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_upvotes_toggle_and_sort_the_answers(
    client, person, other, owner, moderator, question, write_comment
):
    early = write_comment(moderator, question, body="Early answer")
    good = write_comment(other, question, body="Good answer")
    client.force_login(person)
    page = client.get(question.get_absolute_url())
    assert {c.pk for c in page.context["comments"]} == {early.pk, good.pk}

    client.post(f"/comments/{good.pk}/vote/")
    client.force_login(owner)
    client.post(f"/comments/{good.pk}/vote/")
    good.refresh_from_db()
    assert good.score == 2
    assert Vote.objects.filter(comment=good).count() == 2

    page = client.get(question.get_absolute_url())
    assert [c.pk for c in page.context["comments"]] == [good.pk, early.pk]
    assert html(page).index("Good answer") < html(page).index("Early answer")
    oldest = client.get(question.get_absolute_url() + "?sort=oldest")
    assert [c.pk for c in oldest.context["comments"]] == [early.pk, good.pk]

    client.post(f"/comments/{good.pk}/vote/")  # again: the vote is withdrawn
    good.refresh_from_db()
    assert good.score == 1
    assert not Vote.objects.filter(comment=good, user=owner).exists()


def test_no_vote_on_ones_own_answer(client, other, question, write_comment):
    mine = write_comment(other, question, body="My own answer")
    client.force_login(other)
    page = client.get(question.get_absolute_url())
    assert f'action="/comments/{mine.pk}/vote/"' not in html(page)
    response = client.post(f"/comments/{mine.pk}/vote/")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.score == 0
    assert not Vote.objects.exists()


def test_no_votes_on_discussion_comments(client, person, other, group, write_post, write_comment):
    comment = write_comment(other, write_post(person, group))
    client.force_login(person)
    assert client.post(f"/comments/{comment.pk}/vote/").status_code == 404
    assert not Vote.objects.exists()


# --- Reactions, bookmarks, subscriptions ----------------------------------------------------


def test_reactions_toggle_and_who_reacted(client, person, other, owner, group, write_post):
    post = write_post(person, group, body="We shipped!")
    client.force_login(other)
    client.post(f"/posts/{post.pk}/react/", {"kind": "celebrate"})
    client.force_login(owner)
    client.post(f"/posts/{post.pk}/react/", {"kind": "celebrate"})
    client.post(f"/posts/{post.pk}/react/", {"kind": "like"})
    assert ReactionMark.objects.filter(post=post).count() == 3

    page = client.get(post.get_absolute_url())
    summary = {
        kind: (count, mine) for kind, _e, _l, count, mine in page.context["post"].reaction_summary
    }
    assert summary == {"like": (1, True), "celebrate": (2, True)}

    client.post(f"/posts/{post.pk}/react/", {"kind": "celebrate"})  # toggled off
    assert not ReactionMark.objects.filter(user=owner, kind="celebrate").exists()

    who = client.get(f"/posts/{post.pk}/reactions/")
    assert who.status_code == 200
    text = html(who)
    assert "Oscar Other" in text
    assert "Olga Owner" in text  # for the like
    assert text.index("Like") < text.index("Celebrate")


def test_reactions_on_a_comment_and_unknown_kinds(
    client, person, other, group, write_post, write_comment
):
    post = write_post(person, group)
    comment = write_comment(other, post, body="Nice")
    client.force_login(person)
    client.post(f"/posts/{post.pk}/react/", {"kind": "thanks", "comment": comment.pk})
    assert ReactionMark.objects.get().comment == comment
    who = client.get(f"/posts/{post.pk}/reactions/?comment={comment.pk}")
    assert "Paula Person" in html(who)
    assert "Paula Person" not in html(client.get(f"/posts/{post.pk}/reactions/"))

    response = client.post(f"/posts/{post.pk}/react/", {"kind": "angry"}, follow=True)
    assert "Unknown reaction." in messages_of(response)
    assert ReactionMark.objects.count() == 1


def test_reading_is_not_taking_part(client, person, group, write_post):
    """A colleague who is not a member reads a public group but cannot react."""
    post = write_post(person, group)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.post(f"/posts/{post.pk}/react/", {"kind": "like"}).status_code == 404
    assert not ReactionMark.objects.exists()
    # Saving a post to read later is fine.
    client.post(f"/posts/{post.pk}/bookmark/")
    assert Bookmark.objects.filter(user=stranger, post=post).exists()


def test_bookmarks_and_the_saved_filter(client, person, other, group, write_post):
    kept = write_post(other, group, body="Worth keeping")
    write_post(other, group, body="Just noise")
    client.force_login(person)
    assert client.get("/?show=saved").context["posts"] == []
    response = client.post(f"/posts/{kept.pk}/bookmark/", {"next": "/?show=all"})
    assert response["Location"] == "/?show=all"
    assert client.get("/?show=saved").context["posts"] == [kept]
    page = client.get(kept.get_absolute_url())
    assert page.context["is_saved"] is True
    client.post(f"/posts/{kept.pk}/bookmark/")
    assert client.get("/?show=saved").context["posts"] == []
    assert not Bookmark.objects.exists()


def test_follow_and_mute_a_thread(client, person, other, group, write_post):
    post = write_post(person, group)
    client.force_login(other)
    assert client.get(post.get_absolute_url()).context["subscription"] == "default"
    client.post(f"/posts/{post.pk}/subscription/", {"subscription": "following"})
    assert ThreadState.objects.get(post=post, user=other).subscription == "following"
    assert client.get(post.get_absolute_url()).context["subscription"] == "following"
    client.post(f"/posts/{post.pk}/subscription/", {"subscription": "muted"})
    assert ThreadState.objects.get(post=post, user=other).subscription == "muted"
    assert 'value="muted" checked' in html(client.get(post.get_absolute_url()))
    response = client.post(f"/posts/{post.pk}/subscription/", {"subscription": "loud"})
    assert response.status_code == 400
    assert ThreadState.objects.get(post=post, user=other).subscription == "muted"
    # The author follows their own post from the start.
    assert ThreadState.objects.get(post=post, user=person).subscription == "following"


def test_commenting_follows_the_thread(client, person, other, group, write_post):
    post = write_post(person, group)
    client.force_login(other)
    client.post(f"/posts/{post.pk}/comments/", {"body": "Count me in"})
    assert ThreadState.objects.get(post=post, user=other).subscription == "following"
