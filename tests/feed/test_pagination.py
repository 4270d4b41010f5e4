"""Cursor pagination: walking a list page by page while people keep writing neither
repeats an item nor skips one; a cursor that does not parse starts from the top; rows
with the same timestamp are told apart by their id."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from feed.models import Comment, Kind, Post
from feed.queries import PAGE_SIZE
from feed.views.threads import COMMENTS_PER_PAGE
from rse.keyset import keyset_page, parse_cursor

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# Cursors that do not parse: the list starts from the top.
GARBAGE = ["garbage", "12", ".", "1.2.3", "abc.def", "1e9.5", "NaN.1", "%00", "1.2\x00", "💥.1"]
# Cursors that parse but lie outside every range a database or a datetime holds: no error.
OUT_OF_RANGE = [
    "99999999999999999999999999.1",
    "-99999999999999999999999999.1",
    "5.99999999999999999999999999",
    "253402300799999999.1",
]


def walk(client, url, *, items="posts", between=None, params=None, limit=20):
    """Follow ``next_cursor`` from the first page to the last; ``between(n)`` runs after
    page ``n`` is read. Returns the pages as lists of primary keys."""
    pages, cursor = [], ""
    for number in range(limit):
        query = dict(params or {})
        if cursor:
            query["cursor"] = cursor
        response = client.get(url, query)
        assert response.status_code == 200
        pages.append([item.pk for item in response.context[items]])
        cursor = response.context["page"].next_cursor
        if not cursor:
            return pages
        if between:
            between(number)
    raise AssertionError("the walk never ended")


def flat(pages):
    return [pk for page in pages for pk in page]


# --- rse.keyset itself ----------------------------------------------------------------------


def test_cursor_round_trips_microseconds(person, group, write_post):
    posts = [write_post(person, group), write_post(person, group)]
    exact = (timezone.now() + timedelta(hours=1)).replace(microsecond=123_457)
    Post.objects.filter(pk=posts[1].pk).update(created_at=exact)
    first = keyset_page(Post.objects.all(), key="created_at", cursor="", size=1)
    assert [p.pk for p in first.items] == [posts[1].pk]
    assert parse_cursor(first.next_cursor, is_date=True) == (exact, posts[1].pk)
    last = keyset_page(Post.objects.all(), key="created_at", cursor=first.next_cursor, size=1)
    assert [p.pk for p in last.items] == [posts[0].pk]
    assert not last.has_next


@pytest.mark.parametrize("cursor", GARBAGE)
def test_parse_cursor_refuses_garbage(cursor):
    assert parse_cursor(cursor, is_date=True) is None
    assert parse_cursor(cursor, is_date=False) is None


def test_identical_timestamps_are_ordered_by_id(person, group, write_post):
    posts = [write_post(person, group, body=f"Same instant {n}") for n in range(7)]
    instant = timezone.now() - timedelta(hours=1)
    Post.objects.update(created_at=instant, last_activity_at=instant)
    seen, cursor = [], ""
    while True:
        page = keyset_page(Post.objects.all(), key="created_at", cursor=cursor, size=3)
        seen.append([p.pk for p in page.items])
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == [
        [posts[6].pk, posts[5].pk, posts[4].pk],
        [posts[3].pk, posts[2].pk, posts[1].pk],
        [posts[0].pk],
    ]
    ascending = keyset_page(
        Post.objects.all(), key="created_at", cursor=cursor, size=3, descending=False
    )
    # Ascending from the cursor of the second page's last row: the rows after it.
    assert [p.pk for p in ascending.items] == [posts[2].pk, posts[3].pk, posts[4].pk]


def test_identical_timestamps_in_the_home_feed(client, person, other, group, write_post):
    posts = [write_post(other, group, body=f"Batch {n}") for n in range(PAGE_SIZE * 2 + 5)]
    instant = timezone.now() - timedelta(minutes=5)
    Post.objects.update(created_at=instant)
    client.force_login(person)
    pages = walk(client, "/")
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert flat(pages) == [p.pk for p in reversed(posts)]


def test_a_cursor_on_a_deleted_row_still_continues(client, person, other, group, write_post):
    posts = [write_post(other, group, body=f"P{n}") for n in range(PAGE_SIZE + 5)]
    client.force_login(person)
    first = client.get("/")
    last_shown = first.context["posts"][-1]
    Post.objects.filter(pk=last_shown.pk).delete()
    rest = client.get("/", {"cursor": first.context["page"].next_cursor})
    assert [p.pk for p in rest.context["posts"]] == [p.pk for p in reversed(posts[:5])]


# --- Walking lists while people write ---------------------------------------------------------


def test_home_feed_walk_while_posts_arrive(client, person, other, group, write_post):
    initial = [write_post(other, group, body=f"Initial {n}").pk for n in range(PAGE_SIZE * 3 + 7)]
    arrived = []

    def more_posts(_page):
        arrived.extend(write_post(other, group, body=f"New {n}").pk for n in range(5))

    client.force_login(person)
    pages = walk(client, "/", between=more_posts)
    assert len(pages) == 4
    seen = flat(pages)
    assert len(seen) == len(set(seen)), "a post was shown twice"
    assert seen == list(reversed(initial)), "a post was skipped or out of order"
    assert not set(arrived) & set(seen)  # new posts wait for the banner / the next visit
    assert client.get("/").context["posts"][0].pk == arrived[-1]


def test_group_feed_walk_while_posts_arrive(client, person, other, group, write_post):
    initial = [write_post(other, group, body=f"Initial {n}").pk for n in range(PAGE_SIZE * 2 + 3)]

    def more_posts(_page):
        write_post(person, group, body="Interrupting")

    client.force_login(person)
    pages = walk(client, group.get_absolute_url(), between=more_posts)
    assert flat(pages) == list(reversed(initial))


def test_home_feed_filters_keep_their_walk(client, person, other, group, write_post):
    questions = [
        write_post(other, group, kind=Kind.QUESTION, title=f"Q{n}", body="?").pk
        for n in range(PAGE_SIZE + 4)
    ]
    for n in range(10):
        write_post(other, group, body=f"Chatter {n}")
    client.force_login(person)
    pages = walk(client, "/", params={"show": "questions"})
    assert flat(pages) == list(reversed(questions))


def test_forum_walk_while_threads_move(
    client, person, other, moderator, group, write_post, write_comment
):
    """The forum is ordered by last activity. A thread that gets a comment during the walk
    jumps to the top: it is not shown again if it was already seen, and is left for the
    next visit if it was not yet reached (the live banner tells the reader). Every thread
    that nobody touched is shown exactly once, in order, and nothing is shown twice."""
    threads = [
        write_post(other, group, title=f"Thread {n}", body="Let us talk").pk
        for n in range(PAGE_SIZE * 3 + 5)
    ]
    write_post(other, group, body="Not a thread: no title")
    touched, created = set(), []
    newest_first = list(reversed(threads))

    def activity(page):
        seen_so_far = newest_first[: (page + 1) * PAGE_SIZE]
        not_yet = newest_first[(page + 1) * PAGE_SIZE :]
        for pk in (seen_so_far[3], not_yet[-1 - page]):
            write_comment(moderator, Post.objects.get(pk=pk), body="Bump")
            touched.add(pk)
        created.append(write_post(other, group, title=f"Fresh {page}", body="New").pk)

    client.force_login(person)
    url = f"/groups/{group.slug}/forum/"
    pages = walk(client, url, between=activity)
    seen = flat(pages)
    assert len(seen) == len(set(seen)), "a thread was shown twice"
    untouched = [pk for pk in newest_first if pk not in touched]
    assert [pk for pk in seen if pk not in touched] == untouched
    assert not set(created) & set(seen)

    # A fresh visit shows everything once, latest activity first.
    fresh = flat(walk(client, url))
    assert sorted(fresh) == sorted(threads + created)
    activity_order = list(
        Post.objects.filter(pk__in=fresh)
        .order_by("-last_activity_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert fresh == activity_order


def test_forum_htmx_pages_are_rows_only(client, person, other, group, write_post):
    for n in range(PAGE_SIZE + 2):
        write_post(other, group, title=f"Thread {n}", body="x")
    client.force_login(person)
    url = f"/groups/{group.slug}/forum/"
    cursor = client.get(url).context["page"].next_cursor
    response = client.get(url, {"cursor": cursor}, **HTMX)
    text = response.content.decode()
    assert "<html" not in text
    assert text.count('class="thread-row') == 2


def test_thread_comments_walk_while_comments_arrive(
    client, person, other, group, write_post, write_comment
):
    post = write_post(person, group, title="Busy thread", body="Go")
    initial = [
        write_comment(other, post, body=f"C{n}").pk for n in range(COMMENTS_PER_PAGE * 2 + 7)
    ]
    arrived = []

    def more(_page):
        arrived.extend(write_comment(person, post, body=f"Late {n}").pk for n in range(3))

    client.force_login(person)
    pages = walk(
        client, post.get_absolute_url(), items="comments", between=more, params={"sort": "oldest"}
    )
    seen = flat(pages)
    assert len(seen) == len(set(seen))
    # Oldest first: comments written during the walk come at its end; nothing is lost.
    assert seen == sorted(initial + arrived)
    assert len(pages) == 3


def test_thread_comments_htmx_pages_are_the_list_only(
    client, person, other, group, write_post, write_comment
):
    post = write_post(person, group, title="Busy thread", body="Go")
    comments = [write_comment(other, post, body=f"C{n}") for n in range(COMMENTS_PER_PAGE + 1)]
    client.force_login(person)
    cursor = client.get(post.get_absolute_url()).context["page"].next_cursor
    response = client.get(post.get_absolute_url(), {"cursor": cursor}, **HTMX)
    text = response.content.decode()
    assert "<html" not in text
    assert f'id="comment-{comments[-1].pk}"' in text
    assert f'id="comment-{comments[0].pk}"' not in text


def test_accepted_answer_is_not_repeated_in_the_pages(
    client, person, other, group, write_post, write_comment
):
    question = write_post(person, group, kind=Kind.QUESTION, title="Why?", body="?")
    answers = [write_comment(other, question, body=f"A{n}") for n in range(COMMENTS_PER_PAGE + 5)]
    client.force_login(person)
    client.post(f"/posts/{question.pk}/accept/", {"comment": answers[10].pk})
    for sort in ("oldest", "votes"):
        seen = flat(
            walk(client, question.get_absolute_url(), items="comments", params={"sort": sort})
        )
        assert sorted(seen) == sorted(a.pk for a in answers if a != answers[10])


def test_answers_by_votes_walk(client, person, other, owner, group, write_post, write_comment):
    question = write_post(person, group, kind=Kind.QUESTION, title="Why?", body="?")
    answers = [write_comment(other, question, body=f"A{n}") for n in range(COMMENTS_PER_PAGE + 5)]
    Comment.objects.filter(pk__in=[a.pk for a in answers[:30]]).update(score=2)
    Comment.objects.filter(pk__in=[a.pk for a in answers[30:40]]).update(score=1)
    client.force_login(person)
    pages = walk(client, question.get_absolute_url(), items="comments", params={"sort": "votes"})
    seen = flat(pages)
    assert len(seen) == len(set(seen)) == len(answers)
    scores = dict(Comment.objects.values_list("pk", "score"))
    assert [scores[pk] for pk in seen] == sorted((scores[pk] for pk in seen), reverse=True)


# --- Garbage cursors ----------------------------------------------------------------------------


@pytest.fixture
def every_list(person, other, group, write_post, write_comment):
    for n in range(3):
        write_post(other, group, kind=Kind.QUESTION, title=f"Q{n} #ops", body="?")
    thread = write_post(other, group, title="Thread", body="#ops")
    for n in range(3):
        write_comment(person, thread, body=f"C{n}")
    return [
        ("/", "posts"),
        ("/?show=questions", "posts"),
        (group.get_absolute_url(), "posts"),
        (f"/groups/{group.slug}/forum/", "posts"),
        ("/topics/ops/", "posts"),
        ("/unanswered/", "posts"),
        (thread.get_absolute_url(), "comments"),
        (thread.get_absolute_url() + "?sort=oldest", "comments"),
        (thread.get_absolute_url() + "?sort=votes", "comments"),
    ]


def with_cursor(url, cursor):
    return f"{url}{'&' if '?' in url else '?'}cursor={quote(cursor)}"


def test_garbage_cursor_is_the_first_page(client, person, every_list):
    client.force_login(person)
    for url, items in every_list:
        first = [item.pk for item in client.get(url).context[items]]
        assert first, url
        for cursor in GARBAGE:
            response = client.get(with_cursor(url, cursor))
            assert response.status_code == 200, (url, cursor)
            assert [item.pk for item in response.context[items]] == first, (url, cursor)
        assert client.get(with_cursor(url, GARBAGE[0]), **HTMX).status_code == 200, url


def test_out_of_range_cursor_is_no_error(client, person, every_list):
    client.force_login(person)
    for url, _items in every_list:
        for cursor in OUT_OF_RANGE:
            assert client.get(with_cursor(url, cursor)).status_code == 200, (url, cursor)
