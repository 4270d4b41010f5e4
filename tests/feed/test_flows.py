"""The flows of the feed and the forum, driven through the pages as a person would: write,
answer, accept, vote, react, save, follow, edit, delete, hide, close, reply, mention,
tag, and find what is new."""

import re

import pytest

from feed import actions
from feed.models import (
    Attachment,
    Bookmark,
    Comment,
    Dismissal,
    Kind,
    Mention,
    Post,
    ReactionMark,
    Revision,
    ThreadState,
    Topic,
    Vote,
)
from groups import actions as group_actions
from groups.models import Membership, Role, Visibility
from rse.accounts import actions as account_actions
from tests.factories import UserFactory
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def html(response):
    return response.content.decode()


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Writing posts --------------------------------------------------------------------------


def test_group_page_composer_posts_a_discussion(client, person, group):
    client.force_login(person)
    page = client.get(group.get_absolute_url())
    assert page.status_code == 200
    assert 'action="/posts/new/"' in html(page)
    assert f'name="group" value="{group.slug}"' in html(page)

    response = client.post(
        "/posts/new/", {"group": group.slug, "kind": "discussion", "body": "Coffee is **on**"}
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert (post.group, post.author, post.kind, post.title) == (group, person, Kind.DISCUSSION, "")
    assert "<strong>on</strong>" in post.body_html
    page = client.get(group.get_absolute_url())
    assert page.context["posts"] == [post]
    assert "<strong>on</strong>" in html(page)


def test_compose_page_posts_a_thread_into_the_chosen_group(client, person, group):
    client.force_login(person)
    page = client.get(f"/posts/new/?group={group.slug}")
    assert page.status_code == 200
    assert f'<option value="{group.slug}" selected>' in html(page)
    response = client.post(
        "/posts/new/",
        {"group": group.slug, "kind": "discussion", "title": "Release train", "body": "Dates"},
        follow=True,
    )
    post = Post.objects.get()
    assert post.title == "Release train"
    assert "Your post is published." in messages_of(response)
    forum = client.get(f"/groups/{group.slug}/forum/")
    assert forum.context["posts"] == [post]


def test_compose_without_a_group_asks_for_one(client, person, group):
    client.force_login(person)
    response = client.post("/posts/new/", {"kind": "discussion", "body": "Where does it go?"})
    assert response.status_code == 400
    assert "Choose the group to post in." in html(response)
    assert not Post.objects.exists()


def test_a_question_needs_a_title(client, person, group):
    client.force_login(person)
    response = client.post(
        "/posts/new/", {"group": group.slug, "kind": "question", "title": " ", "body": "How?"}
    )
    assert response.status_code == 400
    assert "A question needs a title" in html(response)
    assert not Post.objects.exists()
    client.post(
        "/posts/new/",
        {"group": group.slug, "kind": "question", "title": "How do I reset a VPN token?"},
    )
    assert not Post.objects.exists()  # and a body
    client.post(
        "/posts/new/",
        {
            "group": group.slug,
            "kind": "question",
            "title": "How do I reset a VPN token?",
            "body": "Mine expired",
        },
    )
    assert Post.objects.get().kind == Kind.QUESTION


# --- Announcements ----------------------------------------------------------------------------


def test_members_cannot_announce(client, person, group):
    client.force_login(person)
    page = client.get(f"/posts/new/?group={group.slug}")
    assert 'value="announcement"' not in html(page)
    response = client.post(
        "/posts/new/",
        {"group": group.slug, "kind": "announcement", "title": "Free pizza", "body": "Now"},
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.OWNER])
def test_announcement_is_pinned_until_each_person_dismisses_it(
    client, person, other, owner, moderator, group, write_post, role
):
    author = moderator if role == Role.MODERATOR else owner
    write_post(other, group, body="An ordinary update")
    client.force_login(author)
    page = client.get(f"/posts/new/?group={group.slug}")
    assert 'value="announcement"' in html(page)
    client.post(
        "/posts/new/",
        {
            "group": group.slug,
            "kind": "announcement",
            "title": "Office closed on Friday",
            "body": "The building is closed.",
        },
    )
    announcement = Post.objects.get(kind=Kind.ANNOUNCEMENT)
    write_post(other, group, body="A newer update")  # newer, yet the announcement stays on top

    for reader in (person, other):
        client.force_login(reader)
        for url in ("/", group.get_absolute_url()):
            page = client.get(url)
            assert page.context["pinned"] == [announcement], (reader, url)
            text = html(page)
            assert text.index("Office closed on Friday") < text.index("A newer update")

    client.force_login(person)
    response = client.post(f"/posts/{announcement.pk}/dismiss/", HTTP_REFERER="/")
    assert response.status_code == 302
    assert Dismissal.objects.filter(post=announcement, user=person).exists()
    assert client.get("/").context["pinned"] == []
    assert client.get(group.get_absolute_url()).context["pinned"] == []
    # Still in the feed, only no longer pinned.
    assert announcement in client.get("/").context["posts"]

    client.force_login(other)
    assert client.get("/").context["pinned"] == [announcement]
    assert client.get(group.get_absolute_url()).context["pinned"] == [announcement]
    response = client.post(f"/posts/{announcement.pk}/dismiss/", **HTMX)
    assert response.status_code == 200
    assert client.get("/").context["pinned"] == []


def test_dismissing_is_only_for_announcements(client, person, group, write_post):
    post = write_post(person, group)
    client.force_login(person)
    response = client.post(f"/posts/{post.pk}/dismiss/")
    assert response.status_code == 404
    assert not Dismissal.objects.exists()


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


# --- Replies, mentions, topics ----------------------------------------------------------------


def test_reply_quotes_the_comment(client, person, other, group, write_post, write_comment):
    post = write_post(person, group)
    original = write_comment(other, post, body="Line one\nLine two")
    client.force_login(person)
    page = client.get(f"{post.get_absolute_url()}?reply={original.pk}")
    form = page.context["comment_form"]
    assert form["body"].value() == f"> Line one\n> Line two\n\n@{other.handle} "
    assert form["reply_to"].value() == original.pk

    response = client.post(
        f"/posts/{post.pk}/comments/",
        {"body": form["body"].value() + "Agreed", "reply_to": original.pk},
    )
    reply = Comment.objects.latest("pk")
    assert response["Location"] == reply.get_absolute_url()
    assert reply.reply_to == original
    assert "<blockquote>" in reply.body_html
    page = client.get(post.get_absolute_url())
    assert "In reply to Oscar Other" in html(page)
    # The permalink lands on the comment.
    link = client.get(reply.get_absolute_url())
    assert link["Location"].endswith(f"#comment-{reply.pk}")
    assert f'id="comment-{reply.pk}"' in html(client.get(link["Location"]))


def test_reply_to_a_comment_of_another_thread_is_ignored(
    client, person, other, group, write_post, write_comment
):
    post = write_post(person, group)
    foreign = write_comment(other, write_post(other, group))
    client.force_login(person)
    client.post(f"/posts/{post.pk}/comments/", {"body": "Hm", "reply_to": foreign.pk})
    assert Comment.objects.get(post=post).reply_to is None


def test_mentions_are_recorded_and_linked(client, person, other, group):
    stranger = UserFactory()  # no member of... a public group: may read, so may be named
    secret = group_actions.create_group(
        by=person, fields={"name": "Hush", "visibility": Visibility.SECRET}
    )
    client.force_login(person)
    client.post(
        "/posts/new/",
        {"group": group.slug, "kind": "discussion", "body": f"Ask @{other.handle} please"},
    )
    post = Post.objects.get()
    assert list(Mention.objects.values_list("user", flat=True)) == [other.pk]
    assert re.search(
        rf'<a class="mention" href="/people/{other.pk}/"[^>]*>@{other.handle}</a>', post.body_html
    )
    page = client.get(post.get_absolute_url())
    assert f'href="/people/{other.pk}/"' in html(page)

    # In a secret group, only its members may be named: anyone else stays plain text.
    client.post(
        "/posts/new/",
        {"group": secret.slug, "kind": "discussion", "body": f"Hi @{stranger.handle}"},
    )
    secret_post = Post.objects.get(group=secret)
    assert not Mention.objects.filter(post=secret_post).exists()
    assert 'class="mention"' not in secret_post.body_html


def test_mentions_in_comments(client, person, other, owner, group, write_post):
    post = write_post(person, group)
    client.force_login(other)
    client.post(f"/posts/{post.pk}/comments/", {"body": f"cc @{owner.handle}"})
    mention = Mention.objects.get()
    assert (mention.user, mention.comment) == (owner, Comment.objects.get())


def test_topics_are_created_and_listed(client, person, other, group):
    client.force_login(person)
    client.post(
        "/posts/new/",
        {
            "group": group.slug,
            "kind": "discussion",
            "title": "Invoices",
            "body": "About #Billing and #tax-2025, not #42",
        },
    )
    post = Post.objects.get()
    assert sorted(Topic.objects.values_list("name", flat=True)) == ["billing", "tax-2025"]
    assert sorted(post.topics.values_list("name", flat=True)) == ["billing", "tax-2025"]
    client.force_login(other)
    page = client.get("/topics/billing/")
    assert page.status_code == 200
    assert page.context["posts"] == [post]
    assert "Invoices" in html(page)
    assert client.get("/topics/nothing-here/").status_code == 404
    forum = client.get(f"/groups/{group.slug}/forum/?topic=billing")
    assert forum.context["posts"] == [post]
    assert client.get(f"/groups/{group.slug}/forum/?topic=tax").context["posts"] == []


def test_topic_of_a_secret_group_is_not_revealed(client, person, other, write_post):
    secret = group_actions.create_group(
        by=person, fields={"name": "Hush", "visibility": Visibility.SECRET}
    )
    write_post(person, secret, body="Plans for #acquisition")
    client.force_login(other)
    assert client.get("/topics/acquisition/").status_code == 404
    client.force_login(person)
    assert client.get("/topics/acquisition/").status_code == 200


# --- Unread -----------------------------------------------------------------------------------


def thread_row(response, post):
    """The forum row of ``post``, as HTML."""
    rows = re.findall(r'<li class="thread-row[^"]*">.*?</li>', html(response), flags=re.S)
    matching = [row for row in rows if f"/posts/{post.pk}/" in row]
    assert len(matching) == 1, rows
    return matching[0]


def test_unread_mark_in_the_forum_and_landing_on_the_first_unread(
    client, person, other, group, write_post, write_comment
):
    post = write_post(person, group, title="Printer on floor 3", body="Broken again")
    seen = write_comment(person, post, body="Tried turning it off and on")
    forum_url = f"/groups/{group.slug}/forum/"
    client.force_login(person)
    row = thread_row(client.get(forum_url), post)
    assert "thread-unread" not in row

    first_new = write_comment(other, post, body="A technician comes at 3")
    write_comment(other, post, body="He is here")
    row = thread_row(client.get(forum_url), post)
    assert "thread-unread" in row
    assert f'href="/posts/{post.pk}/unread/"' in row

    response = client.get(f"/posts/{post.pk}/unread/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{first_new.pk}")
    landing = client.get(response["Location"])
    assert landing.context["comments"][0].pk == first_new.pk
    assert seen.pk not in [c.pk for c in landing.context["comments"]]

    row = thread_row(client.get(forum_url), post)
    assert "thread-unread" not in row
    # Nothing new: the unread link opens the thread itself.
    assert client.get(f"/posts/{post.pk}/unread/")["Location"] == post.get_absolute_url()


def test_a_thread_never_opened_is_unread_for_others_not_its_author(
    client, person, other, group, write_post
):
    post = write_post(person, group, title="Fresh", body="New thread")
    client.force_login(other)
    assert "thread-unread" in thread_row(client.get(f"/groups/{group.slug}/forum/"), post)
    client.get(post.get_absolute_url())
    assert "thread-unread" not in thread_row(client.get(f"/groups/{group.slug}/forum/"), post)
    client.force_login(person)
    assert "thread-unread" not in thread_row(client.get(f"/groups/{group.slug}/forum/"), post)


def test_unread_in_a_thread_of_several_pages(
    client, person, other, group, write_post, write_comment
):
    from feed.views.threads import COMMENTS_PER_PAGE

    post = write_post(person, group, title="Long thread", body="Let us talk")
    old = [write_comment(other, post, body=f"Old {n}") for n in range(5)]
    client.force_login(person)
    client.get(post.get_absolute_url())  # read everything so far
    assert ThreadState.objects.get(post=post, user=person).last_read_comment_id == old[-1].pk

    new = [write_comment(other, post, body=f"New {n}") for n in range(COMMENTS_PER_PAGE + 10)]
    forum_url = f"/groups/{group.slug}/forum/"
    assert "thread-unread" in thread_row(client.get(forum_url), post)

    # The first page (oldest first) does not mark the thread read beyond what it shows.
    first = client.get(post.get_absolute_url())
    assert first.context["page"].has_next
    shown = [c.pk for c in first.context["comments"]]
    assert len(shown) == COMMENTS_PER_PAGE
    assert ThreadState.objects.get(post=post, user=person).last_read_comment_id == shown[-1]
    assert "thread-unread" in thread_row(client.get(forum_url), post)

    # The unread link lands after what was read; its page shows the first unread comment.
    location = client.get(f"/posts/{post.pk}/unread/")["Location"]
    first_unread = next(c for c in new if c.pk > shown[-1])
    assert location.endswith(f"#comment-{first_unread.pk}")
    landing = client.get(location)
    assert landing.context["comments"][0].pk == first_unread.pk
    assert not landing.context["page"].has_next  # the rest fits: everything is read now
    assert ThreadState.objects.get(post=post, user=person).last_read_comment_id == new[-1].pk
    assert "thread-unread" not in thread_row(client.get(forum_url), post)


# --- Home feed, unanswered --------------------------------------------------------------------


def test_home_side_column_comes_after_the_feed(client, person, other, group, write_post):
    """The home page asks for its side column once it shows; the column then has the
    person's groups, a question waiting for them, and their profile to complete."""
    question = write_post(other, group, kind=Kind.QUESTION, title="Who has the VPN key?")
    client.force_login(person)
    home = client.get("/").content.decode()
    assert 'hx-get="/home/aside/" hx-trigger="intersect once"' in home
    assert question.title in home  # the feed itself is in the page
    assert 'id="groups-heading"' not in home
    aside = client.get("/home/aside/", headers={"HX-Request": "true"})
    assert aside.status_code == 200
    text = aside.content.decode()
    assert "<html" not in text
    assert group.name in text
    assert question.title in text
    assert 'role="meter"' in text  # the person's profile is not complete


def test_home_feed_filters(client, person, other, moderator, group, write_post, write_comment):
    discussion = write_post(other, group, body="Just sharing")
    answered = write_post(other, group, kind=Kind.QUESTION, title="Answered?", body="?")
    write_comment(moderator, answered, body="Yes")
    open_question = write_post(other, group, kind=Kind.QUESTION, title="Open?", body="?")
    announcement = write_post(moderator, group, kind=Kind.ANNOUNCEMENT, title="News", body="!")
    elsewhere = group_actions.create_group(
        by=other, fields={"name": "Not mine", "visibility": Visibility.PUBLIC}
    )
    write_post(other, elsewhere, body="In a group person did not join")
    Bookmark.objects.create(user=person, post=answered)

    client.force_login(person)

    def shown(show):
        return client.get(f"/?show={show}").context["posts"]

    assert shown("all") == [announcement, open_question, answered, discussion]
    assert shown("questions") == [open_question, answered]
    assert shown("unanswered") == [open_question]
    assert shown("announcements") == [announcement]
    assert shown("saved") == [answered]
    assert shown("nonsense") == shown("all")
    assert client.get("/home/aside/").context["unanswered"] == [open_question]


def test_home_feed_shows_followed_people_in_public_groups_only(client, person, other, write_post):
    star = UserFactory(display_name="Stella Star")
    public = group_actions.create_group(
        by=star, fields={"name": "Star's public", "visibility": Visibility.PUBLIC}
    )
    private = group_actions.create_group(
        by=star, fields={"name": "Star's private", "visibility": Visibility.PRIVATE}
    )
    in_public = write_post(star, public, body="Public thoughts")
    write_post(star, private, body="Private thoughts")
    client.force_login(person)
    assert client.get("/").context["posts"] == []
    account_actions.follow(follower=person, followed=star)
    page = client.get("/")
    assert page.context["posts"] == [in_public]
    assert "Private thoughts" not in html(page)


def test_unanswered_questions_in_my_groups(client, person, other, moderator, group, write_post):
    waiting = write_post(other, group, kind=Kind.QUESTION, title="Who owns the wiki?", body="?")
    write_post(person, group, kind=Kind.QUESTION, title="My own question", body="?")
    answered = write_post(other, group, kind=Kind.QUESTION, title="Answered one", body="?")
    actions.create_comment(author=moderator, post=answered, body="Me")
    elsewhere = group_actions.create_group(
        by=other, fields={"name": "Elsewhere", "visibility": Visibility.PUBLIC}
    )
    write_post(other, elsewhere, kind=Kind.QUESTION, title="Not in my groups", body="?")

    client.force_login(person)
    page = client.get("/unanswered/")
    assert page.status_code == 200
    assert page.context["posts"] == [waiting]
    assert "Who owns the wiki?" in html(page)


# --- The editor's helpers ---------------------------------------------------------------------


def test_similar_questions_are_visible_questions_sharing_title_words(
    client, person, other, group, write_post
):
    match = write_post(other, group, kind=Kind.QUESTION, title="Reset my VPN password", body="?")
    write_post(other, group, title="VPN password policy", body="A discussion, not a question")
    write_post(other, group, kind=Kind.QUESTION, title="Expense reports", body="?")
    secret = group_actions.create_group(
        by=other, fields={"name": "Hush", "visibility": Visibility.SECRET}
    )
    write_post(other, secret, kind=Kind.QUESTION, title="Secret VPN password", body="?")

    client.force_login(person)
    response = client.get("/posts/similar/", {"title": "forgot vpn password"})
    assert response.status_code == 200
    assert response.context["questions"] == [match]
    assert "Reset my VPN password" in html(response)
    assert "Secret" not in html(response)
    assert client.get("/posts/similar/", {"title": "a b"}).context["questions"] == []


def test_mention_autocomplete(client, person, other, group):
    client.force_login(person)
    response = client.get("/posts/people/", {"group": group.slug, "q": "osc"})
    assert response.status_code == 200
    assert response.json() == {
        "people": [{"handle": other.handle, "name": "Oscar Other", "title": other.job_title}]
    }
    everyone = client.get("/posts/people/", {"group": group.slug}).json()["people"]
    assert person.handle not in [p["handle"] for p in everyone]
    assert client.get("/posts/people/", {"q": "osc"}).status_code == 404
    secret = group_actions.create_group(
        by=other, fields={"name": "Hush", "visibility": Visibility.SECRET}
    )
    assert client.get("/posts/people/", {"group": secret.slug}).status_code == 404


def test_preview_renders_markdown(client, person, other, group):
    client.force_login(person)
    response = client.post("/posts/preview/", {"body": "**bold** <script>x</script>"})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html(response)
    assert "<script>" not in html(response)
    with_group = client.post(
        "/posts/preview/", {"body": f"hi @{other.handle} #ops", "group": group.slug}
    )
    assert 'class="mention"' in html(with_group)
    assert 'href="/topics/ops/"' in html(with_group)
    assert not Post.objects.exists()
    assert not Topic.objects.exists()


# --- htmx partials ----------------------------------------------------------------------------


def test_htmx_load_more_returns_only_the_next_posts(client, person, other, group, write_post):
    from feed.queries import PAGE_SIZE

    posts = [write_post(other, group, body=f"Post number {n}") for n in range(PAGE_SIZE + 3)]
    client.force_login(person)
    first = client.get("/")
    cursor = first.context["page"].next_cursor
    assert cursor
    more = client.get("/", {"cursor": cursor}, **HTMX)
    text = html(more)
    assert "<html" not in text
    assert [p.pk for p in more.context["posts"]] == [p.pk for p in reversed(posts[:3])]
    assert "Post number 0" in text
    # The group page and the forum answer htmx the same way.
    group_more = client.get(group.get_absolute_url(), {"cursor": cursor}, **HTMX)
    assert "<html" not in html(group_more)
    assert "Post number 0" in html(group_more)


def test_htmx_react_bookmark_vote_return_fragments(
    client, person, other, group, write_post, write_comment
):
    post = write_post(other, group, kind=Kind.QUESTION, title="Lunch?", body="Where?")
    answer = write_comment(other, post, body="Canteen")
    client.force_login(person)

    reacted = client.post(f"/posts/{post.pk}/react/", {"kind": "like"}, **HTMX)
    assert reacted.status_code == 200
    assert "<html" not in html(reacted)
    assert html(reacted).lstrip().startswith('<div class="reactions"')
    assert 'aria-pressed="true"' in html(reacted)

    saved = client.post(f"/posts/{post.pk}/bookmark/", **HTMX)
    assert "<html" not in html(saved)
    assert "bookmark-on" in html(saved)
    unsaved = client.post(f"/posts/{post.pk}/bookmark/", **HTMX)
    assert "bookmark-on" not in html(unsaved)

    voted = client.post(f"/comments/{answer.pk}/vote/", **HTMX)
    assert "<html" not in html(voted)
    assert 'class="vote-score"' in html(voted)
    assert re.search(r'class="vote-score"[^>]*>1<', html(voted))
    assert "vote-on" in html(voted)


def test_membership_needed_to_comment(client, person, group, write_post):
    post = write_post(person, group)
    stranger = UserFactory()
    client.force_login(stranger)
    page = client.get(post.get_absolute_url())
    assert "to take part in the conversation" in html(page)
    assert client.post(f"/posts/{post.pk}/comments/", {"body": "Hi"}).status_code == 404
    assert not Comment.objects.exists()
    Membership.objects.create(group=group, user=stranger, role=Role.MEMBER)
    client.post(f"/posts/{post.pk}/comments/", {"body": "Hi"})
    assert Comment.objects.count() == 1
