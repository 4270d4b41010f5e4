"""Finding what is new: unread marks and landing on the first unread comment, the home
feed and its filters, unanswered questions, and the htmx partials (load more, fragments)."""

import re

import pytest

from feed import actions
from feed.models import (
    Bookmark,
    Comment,
    Kind,
    ThreadState,
)
from groups import actions as group_actions
from groups.models import Membership, Role, Visibility
from rse.accounts import actions as account_actions
from tests.factories import UserFactory

from .helpers import HTMX, html

pytestmark = pytest.mark.django_db


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
    assert '<meter class="meter"' in text  # the person's profile is not complete


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
