"""The announcements strip above the home and group feeds: one line naming the newest
announcement pinned for the person, how many there are, a list of the others that opens,
and dismissing one (htmx or a plain form) or all of them; never a word of a group the
person may not read, nor of one they left."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feed import actions
from feed.models import Dismissal, Kind
from feed.queries import PINNED_LISTED
from groups import actions as group_actions
from groups.models import Membership, Role, Visibility
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response):
    return response.content.decode()


def strip_of(response):
    """The strip's HTML, its one line (up to the list of others) and that list."""
    text = html(response)
    match = re.search(r'<section id="pinned".*?</section>', text, re.S)
    if not match:
        return None, None, None
    strip = match.group(0)
    line, _, others = strip.partition('<div class="pinned-panel">')
    return strip, line, others


def is_open(strip):
    return '<details class="pinned-more" open>' in strip


@pytest.fixture
def announce(write_post, moderator):
    def write(group, title, author=None):
        return write_post(
            author or moderator, group, kind=Kind.ANNOUNCEMENT, title=title, body="Details."
        )

    return write


@pytest.fixture
def three(announce, group):
    """Three announcements in ``group``, oldest first."""
    return [announce(group, f"Notice {n}") for n in (1, 2, 3)]


@pytest.mark.parametrize("where", ["home", "group"])
def test_strip_names_the_newest_and_counts_them_all(client, person, group, three, where):
    client.force_login(person)
    url = "/" if where == "home" else group.get_absolute_url()
    response = client.get(url)
    strip, line, others = strip_of(response)
    assert strip.count("<section") == 1, "one strip, not a card per announcement"
    assert "Notice 3" in line and "Notice 2" not in line and "Notice 1" not in line
    assert "Notice 2" in others and "Notice 1" in others
    assert ">Read<" in line and ">Got it<" in line
    assert "+2 more" in line
    assert "3 announcements" in strip
    assert f'href="/posts/{three[2].pk}/"' in line
    # The group is named on the home page; on the group's own page it goes without saying.
    assert ("Support escalations" in line) == (where == "home")
    # The feed comes after the strip, and the announcements stay in it.
    text = html(response)
    assert text.index('id="pinned"') < text.index('id="feed"')


def test_opening_the_strip_lists_the_others_each_with_its_own_buttons(client, person, group, three):
    client.force_login(person)
    _strip, _line, others = strip_of(client.get("/"))
    assert "<summary" in _line
    for post in three[:2]:
        assert f'href="/posts/{post.pk}/"' in others
        assert f'action="/posts/{post.pk}/dismiss/"' in others
    assert f'action="/posts/{three[2].pk}/dismiss/"' not in others
    assert others.index("Notice 2") < others.index("Notice 1"), "newest first"
    assert 'action="/posts/dismiss-all/"' in others
    assert not is_open(_strip), "closed until opened"


def test_one_announcement_needs_no_list(client, person, group, announce):
    announce(group, "Only notice")
    client.force_login(person)
    strip, line, _others = strip_of(client.get("/"))
    assert "Only notice" in line
    assert "more" not in strip and "<details" not in strip
    assert "1 announcement" in strip


def test_no_announcement_no_strip(client, person, group, write_post):
    write_post(person, group, body="Just a post")
    client.force_login(person)
    response = client.get("/")
    assert strip_of(response) == (None, None, None)
    assert response.context["pinned_total"] == 0


def test_headline_is_the_first_line_when_there_is_no_title(
    client, person, group, write_post, moderator
):
    write_post(
        moderator, group, kind=Kind.ANNOUNCEMENT, body="\n## Lifts stopped **today**\nMore text"
    )
    client.force_login(person)
    _strip, line, _others = strip_of(client.get("/"))
    assert "Lifts stopped **today**" in line and "More text" not in line


def test_dismissing_with_htmx_puts_the_next_in_the_strip(client, person, group, three):
    client.force_login(person)
    response = client.post(f"/posts/{three[2].pk}/dismiss/", {"next": "/"}, **HTMX)
    assert response.status_code == 200
    strip, line, others = strip_of(response)
    assert "Notice 2" in line and "+1 more" in line and "Notice 1" in others
    assert "Notice 3" not in strip
    # The new strip's forms still send a person without JavaScript back to the page.
    assert 'name="next" value="/"' in strip
    assert not is_open(strip)

    # From the opened list, the list stays open.
    response = client.post(f"/posts/{three[0].pk}/dismiss/", {"next": "/", "expanded": "1"}, **HTMX)
    strip, line, others = strip_of(response)
    assert "Notice 2" in line and "more" not in strip

    response = client.post(f"/posts/{three[1].pk}/dismiss/", **HTMX)
    assert response.status_code == 200
    assert html(response).strip() == "", "the last one dismissed: the strip goes"
    assert Dismissal.objects.filter(user=person).count() == 3


def test_the_list_stays_open_after_dismissing_from_it(client, person, group, three):
    client.force_login(person)
    response = client.post(f"/posts/{three[0].pk}/dismiss/", {"next": "/", "expanded": "1"}, **HTMX)
    strip, line, _others = strip_of(response)
    assert "Notice 3" in line and "+1 more" in line
    assert is_open(strip)


def test_dismissing_on_a_group_page_shows_that_groups_next(client, person, group, announce, three):
    elsewhere = group_actions.create_group(
        by=UserFactory(), fields={"name": "Canteen", "visibility": Visibility.PUBLIC}
    )
    Membership.objects.create(group=elsewhere, user=person)
    announce(elsewhere, "Canteen notice", author=elsewhere.memberships.get(role=Role.OWNER).user)
    client.force_login(person)
    page = client.get(group.get_absolute_url())
    assert "Canteen notice" not in html(page)
    assert f'name="group" value="{group.slug}"' in strip_of(page)[0]

    response = client.post(f"/posts/{three[2].pk}/dismiss/", {"group": group.slug}, **HTMX)
    strip, line, _others = strip_of(response)
    assert "Notice 2" in line and "+1 more" in line
    assert "Canteen" not in strip


def test_dismissing_without_javascript_goes_back_to_the_page(client, person, group, three):
    client.force_login(person)
    url = group.get_absolute_url()
    response = client.post(f"/posts/{three[2].pk}/dismiss/", {"next": url, "group": group.slug})
    assert response.status_code == 302 and response["Location"] == url
    _strip, line, _others = strip_of(client.get(url))
    assert "Notice 2" in line and "+1 more" in line


@pytest.mark.parametrize("htmx", [True, False])
def test_dismiss_all(client, person, other, group, three, htmx):
    client.force_login(person)
    headers = HTMX if htmx else {}
    response = client.post("/posts/dismiss-all/", {"next": "/", "up_to": three[2].pk}, **headers)
    if htmx:
        assert response.status_code == 200 and html(response).strip() == ""
    else:
        assert response.status_code == 302 and response["Location"] == "/"
    assert set(Dismissal.objects.filter(user=person).values_list("post", flat=True)) == {
        p.pk for p in three
    }
    assert strip_of(client.get("/")) == (None, None, None)
    # Each person's own: the others still have them pinned, and they stay in the feed.
    assert Dismissal.objects.filter(user=other).count() == 0
    assert three[0] in client.get("/").context["posts"]


def test_dismiss_all_leaves_what_was_published_since(client, person, group, three, announce):
    client.force_login(person)
    up_to = client.get("/").context["pinned_up_to"]
    late = announce(group, "Just published")
    response = client.post("/posts/dismiss-all/", {"up_to": up_to}, **HTMX)
    strip, line, _others = strip_of(response)
    assert "Just published" in line and "more" not in strip
    assert not Dismissal.objects.filter(user=person, post=late).exists()


def test_dismiss_all_on_a_group_page_is_that_groups_only(client, person, group, three, announce):
    elsewhere = group_actions.create_group(
        by=UserFactory(), fields={"name": "Canteen", "visibility": Visibility.PUBLIC}
    )
    Membership.objects.create(group=elsewhere, user=person)
    kept = announce(
        elsewhere, "Canteen notice", author=elsewhere.memberships.get(role=Role.OWNER).user
    )
    client.force_login(person)
    response = client.post("/posts/dismiss-all/", {"group": group.slug}, **HTMX)
    assert html(response).strip() == ""
    _strip, line, _others = strip_of(client.get("/"))
    assert "Canteen notice" in line
    assert not Dismissal.objects.filter(post=kept).exists()


def test_dismiss_all_action(person, other, group, three, announce, moderator):
    # One dismissed already: the others are, and that one stays as it was.
    actions.dismiss_announcement(user=person, post=three[0])
    assert actions.dismiss_all_announcements(user=person) == 2
    assert Dismissal.objects.filter(user=person).count() == 3
    assert actions.dismiss_all_announcements(user=person) == 0
    # With a group, that group's only; with up_to, none newer.
    newer = announce(group, "Newer")
    assert actions.dismiss_all_announcements(user=other, group=group, up_to=three[1].pk) == 2
    assert not Dismissal.objects.filter(user=other, post__in=[three[2], newer]).exists()
    other.is_active = False
    with pytest.raises(PermissionDenied):
        actions.dismiss_all_announcements(user=other)


def test_dismiss_all_is_one_transaction(person, group, three, monkeypatch):
    """A failure half way leaves nothing dismissed."""
    write = Dismissal.objects.bulk_create

    def half(objs, **kwargs):
        write(objs[:1], **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Dismissal.objects, "bulk_create", half)
    with pytest.raises(RuntimeError):
        actions.dismiss_all_announcements(user=person)
    assert not Dismissal.objects.exists()


def test_dismiss_all_of_a_group_one_cannot_read_is_404(client, person, group, three):
    secret = group_actions.create_group(
        by=UserFactory(), fields={"name": "Board room", "visibility": Visibility.SECRET}
    )
    client.force_login(person)
    for slug in (secret.slug, "no-such-group"):
        response = client.post("/posts/dismiss-all/", {"group": slug}, **HTMX)
        assert response.status_code == 404
        response = client.post(f"/posts/{three[2].pk}/dismiss/", {"group": slug}, **HTMX)
        assert response.status_code == 404
    assert not Dismissal.objects.exists()


# --- What a person may not know -----------------------------------------------------------------


@pytest.fixture
def secret(announce):
    """A secret group with two announcements; ``person`` is not a member."""
    boss = UserFactory()
    created = group_actions.create_group(
        by=boss, fields={"name": "Project Nightingale", "visibility": Visibility.SECRET}
    )
    posts = [announce(created, f"Layoffs plan {n}", author=boss) for n in (1, 2)]
    return created, posts


def test_a_secret_groups_announcements_never_reach_a_non_member(
    client, person, group, announce, secret
):
    secret_group, secret_posts = secret
    own = announce(group, "Printer moved")
    client.force_login(person)

    def assert_clean(response):
        text = html(response)
        assert "Layoffs" not in text and "Nightingale" not in text
        assert secret_group.slug not in text
        for post in secret_posts:
            assert f"/posts/{post.pk}/" not in text

    page = client.get("/")
    assert_clean(page)
    strip, line, _others = strip_of(page)
    assert "Printer moved" in line and f'href="{own.get_absolute_url()}"' in line
    assert "1 announcement" in strip and "more" not in strip, "the count leaves them out"
    assert page.context["pinned_total"] == 1
    assert_clean(client.get("/?show=announcements"))
    # Nor through the strip the dismiss views send back.
    for post in secret_posts:
        assert client.post(f"/posts/{post.pk}/dismiss/", **HTMX).status_code == 404
    response = client.post("/posts/dismiss-all/", {"up_to": 10**9}, **HTMX)
    assert_clean(response)
    assert not Dismissal.objects.filter(post__in=secret_posts).exists()
    # Members see them.
    member = secret_group.memberships.get().user
    client.force_login(member)
    assert "Layoffs plan 2" in strip_of(client.get("/"))[1]


def test_announcements_of_a_group_one_left_disappear(client, person, group, three, announce):
    elsewhere = group_actions.create_group(
        by=UserFactory(), fields={"name": "Canteen", "visibility": Visibility.PRIVATE}
    )
    Membership.objects.create(group=elsewhere, user=person)
    announce(elsewhere, "Canteen notice", author=elsewhere.memberships.get(role=Role.OWNER).user)
    client.force_login(person)
    _strip, line, _others = strip_of(client.get("/"))
    assert "Canteen notice" in line and "+3 more" in line

    group_actions.leave_group(group=elsewhere, user=person)
    page = client.get("/")
    strip, line, _others = strip_of(page)
    assert "Canteen" not in html(page)
    assert "Notice 3" in line and "+2 more" in line and "3 announcements" in strip
    # And dismissing all leaves that group's alone: nothing of it is pinned any more.
    client.post("/posts/dismiss-all/", {"up_to": 10**9})
    assert not Dismissal.objects.filter(post__group=elsewhere).exists()


# --- Bounded -----------------------------------------------------------------------------------


def _count(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("where", ["home", "group", "dismiss"])
def test_the_strip_costs_the_same_however_many_are_pinned(
    client, person, group, announce, write_post, where
):
    """Past the ones it lists, the strip only counts: one query however many there are."""
    for n in range(2):
        announce(group, f"Early {n}")
    write_post(person, group, body="A post")
    client.force_login(person)
    if where == "dismiss":
        spare = [announce(group, f"Spare {n}") for n in range(3)]

        def ask(n):
            return _count(
                client,
                "post",
                f"/posts/{spare[n].pk}/dismiss/",
                data={"next": "/"},
                **HTMX,
            )
    else:
        url = "/" if where == "home" else group.get_absolute_url()

        def ask(n):
            return _count(client, "get", url)

    ask(0)
    before = ask(1)
    for n in range(PINNED_LISTED + 10):
        announce(group, f"Later {n}")
    after = ask(2)
    assert after == before
    if where != "dismiss":
        page = client.get(url)
        assert len(page.context["pinned"]) == PINNED_LISTED
        assert page.context["pinned_total"] == PINNED_LISTED + 12
        assert "and 12 older ones" in html(page)
