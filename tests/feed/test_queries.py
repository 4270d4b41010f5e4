"""Every feed page runs a fixed number of queries whatever the data: a test warms the
page up, counts its queries, adds 20 more rows of what the page lists (with reactions,
attachments, topics, mentions, bookmarks and comments on them), and counts again.

The bounds are the counts measured when these tests were written: a change that adds a
query to a page has to raise its bound here, on purpose."""

import difflib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feed import actions, permissions
from feed.models import Bookmark, Kind
from groups import actions as group_actions
from groups.models import Membership, PostingRule, Role, Visibility
from rse.accounts import actions as account_actions
from tests.factories import UserFactory
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"

# Measured on SQLite when these tests were written (the same code runs the same queries
# on PostgreSQL); a bound is a ceiling, so removing a query never breaks a test. Sessions
# are read from the cache: a signed-in page starts with one query, its user.
BOUNDS = {
    "home": 7,
    "home_questions": 6,
    "home_saved": 6,
    "home_aside": 4,
    "compose": 2,
    "group": 13,
    "forum": 9,
    "topic": 7,  # one more: a topic nobody here may read is a 404 first
    "unanswered": 5,
    "thread": 15,
    "question": 19,
}


def count_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries.captured_queries]


def files():
    return [
        upload(image_bytes("PNG", size=(40, 30)), "chart.png", "image/png"),
        upload(PDF, "minutes.pdf", "application/pdf"),
    ]


def new_member(group, role=Role.MEMBER):
    """Every row gets its own author, so a query per author would show."""
    person = UserFactory()
    Membership.objects.create(group=group, user=person, role=role)
    return person


@pytest.fixture
def rich_post(write_post, write_comment, group, person, owner, moderator):
    """``rich_post(kind=...)`` writes a post with everything a card can show: a title,
    topics, a mention, an image and a file, reactions from two people, a comment, and the
    reader's bookmark."""

    def write(author=None, kind=Kind.DISCUSSION, title="A thread", n=0, where=None):
        where = where or group
        author = author or new_member(where)
        post = write_post(
            author,
            where,
            kind=kind,
            title=f"{title} {n} about vpn",
            body=f"About #ops and #vpn-{n % 3}, cc @{moderator.handle}",
            files=files(),
        )
        for reader, kind_ in ((person, "like"), (owner, "thanks")):
            if reader != author and permissions.can_react(reader, post):
                actions.toggle_reaction(user=reader, post=post, kind=kind_)
        if kind != Kind.QUESTION:  # questions stay unanswered for the unanswered page
            write_comment(owner if where == group else author, post, body="Noted #ops")
        Bookmark.objects.create(user=person, post=post)
        return post

    return write


def assert_bounded(client, url, name, add_rows, *, after_warm_up=None, **headers):
    client.get(url, **headers)  # warm up: sessions, caches, the first read state
    if after_warm_up:
        after_warm_up()
    before, sql_before = count_queries(client, url, **headers)
    add_rows()
    after, sql = count_queries(client, url, **headers)
    print(f"{name}: {before} queries before, {after} after")
    assert after == before, "\n".join(difflib.unified_diff(sql_before, sql, lineterm=""))
    assert before <= BOUNDS[name], "\n".join(sql)
    return before


# --- Lists of posts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("home", "/"),
        ("home_questions", "/?show=questions"),
        ("home_saved", "/?show=saved"),
        ("home_aside", "/home/aside/"),
    ],
)
def test_home_feed(client, person, moderator, group, rich_post, name, url):
    # Followed people's posts in public groups the reader did not join come too.
    star = UserFactory()
    elsewhere = group_actions.create_group(
        by=star, fields={"name": "Star's corner", "visibility": Visibility.PUBLIC}
    )
    account_actions.follow(follower=person, followed=star)
    # Start with one of everything the page shows, so every query runs from the start.
    rich_post(kind=Kind.QUESTION)
    rich_post(author=moderator, kind=Kind.ANNOUNCEMENT, title="News")
    rich_post(author=star, where=elsewhere)
    UserFactory(department=person.department)  # a colleague to meet
    client.force_login(person)

    def add_rows():
        for n in range(20):
            rich_post(kind=Kind.QUESTION if n % 2 else Kind.DISCUSSION, n=n)
            rich_post(author=star, where=elsewhere, kind=Kind.QUESTION, n=n)
        rich_post(author=moderator, kind=Kind.ANNOUNCEMENT, title="More news")
        for n in range(5):
            UserFactory(department=person.department)
            other_group = group_actions.create_group(
                by=UserFactory(), fields={"name": f"G{n}", "visibility": Visibility.PUBLIC}
            )
            Membership.objects.create(group=other_group, user=person)

    assert_bounded(client, url, name, add_rows)


def test_compose_page_lists_postable_groups(client, person, group):
    """The composer offers every group the person may post in: one query for all."""
    client.force_login(person)

    def add_rows():
        for n in range(20):
            joined = group_actions.create_group(
                by=UserFactory(), fields={"name": f"Joined {n}", "visibility": Visibility.PUBLIC}
            )
            if n % 2:
                joined.posting_rule = PostingRule.MODERATORS
                joined.save()
            Membership.objects.create(group=joined, user=person)

    assert_bounded(client, "/posts/new/", "compose", add_rows)
    offered = client.get("/posts/new/").context["composer_groups"]
    assert len(offered) == 11  # the moderators-only groups are not offered


def test_group_page(client, person, other, moderator, group, rich_post):
    rich_post(kind=Kind.QUESTION)
    rich_post(author=moderator, kind=Kind.ANNOUNCEMENT, title="News")
    client.force_login(person)

    def add_rows():
        for n in range(20):
            rich_post(n=n)
        rich_post(author=moderator, kind=Kind.ANNOUNCEMENT, title="More news")

    assert_bounded(client, group.get_absolute_url(), "group", add_rows)


def test_forum(client, person, other, moderator, group, rich_post, write_comment):
    first = rich_post(kind=Kind.QUESTION)
    write_comment(moderator, first, body="An answer")
    client.force_login(person)

    def add_rows():
        for n in range(20):
            post = rich_post(kind=Kind.QUESTION if n % 2 else Kind.DISCUSSION, n=n)
            write_comment(moderator, post, body="An answer")

    assert_bounded(client, f"/groups/{group.slug}/forum/", "forum", add_rows)


def test_topic_page(client, person, group, rich_post):
    rich_post()
    client.force_login(person)

    def add_rows():
        for n in range(20):
            rich_post(n=n)

    assert_bounded(client, "/topics/ops/", "topic", add_rows)


def test_unanswered_page(client, person, group, rich_post):
    rich_post(kind=Kind.QUESTION)
    client.force_login(person)

    def add_rows():
        for n in range(20):
            rich_post(kind=Kind.QUESTION, n=n)

    assert_bounded(client, "/unanswered/", "unanswered", add_rows)


# --- One thread ----------------------------------------------------------------------------------


def comment_with_everything(write_comment, post, author, replied, readers, n):
    comment = write_comment(
        author,
        post,
        body=f"Answer {n} #ops, see @{readers[0].handle}",
        reply_to=replied,
        files=files(),
    )
    for reader in readers:
        if reader != author:
            actions.toggle_reaction(user=reader, post=post, comment=comment, kind="insightful")
            if post.kind == Kind.QUESTION:
                actions.toggle_vote(user=reader, comment=comment)
    return comment


@pytest.mark.parametrize(
    ("name", "kind"), [("thread", Kind.DISCUSSION), ("question", Kind.QUESTION)]
)
def test_thread_page(
    client, person, other, owner, moderator, group, rich_post, write_comment, name, kind
):
    post = rich_post(author=person, kind=kind)
    readers = [owner, moderator]
    first = comment_with_everything(write_comment, post, other, None, readers, 0)
    comment_with_everything(write_comment, post, moderator, first, readers, 1)
    if kind == Kind.QUESTION:
        actions.accept_answer(actor=person, post=post, comment=first)
    actions.edit_post(actor=person, post=post, title=post.title, body="Edited #ops", version=1)
    client.force_login(person)

    def one_more():
        # The reader is behind by one comment in both counts, so both record what they read.
        comment_with_everything(write_comment, post, other, first, readers, 2)

    def add_rows():
        for n in range(20):
            replied = first if n % 2 else None
            author = new_member(group)
            comment_with_everything(write_comment, post, author, replied, readers, n + 3)

    assert_bounded(client, post.get_absolute_url(), name, add_rows, after_warm_up=one_more)


def test_thread_comment_pages_by_cursor(
    client, person, other, owner, group, rich_post, write_comment
):
    from feed.views.threads import COMMENTS_PER_PAGE

    post = rich_post(author=person)
    for n in range(COMMENTS_PER_PAGE + 5):
        write_comment(new_member(group), post, body=f"C{n}")
    client.force_login(person)
    cursor = client.get(post.get_absolute_url()).context["page"].next_cursor
    url = f"{post.get_absolute_url()}?cursor={cursor}"
    headers = {"HTTP_HX_REQUEST": "true"}
    client.get(url, **headers)
    write_comment(other, post, body="One more: the reader is behind in both counts")
    before, _sql = count_queries(client, url, **headers)
    for n in range(20):
        comment_with_everything(write_comment, post, new_member(group), None, [owner], n)
    after, sql = count_queries(client, url, **headers)
    assert after == before, "\n".join(sql)
