"""Writing posts through the pages (the group page's composer, the compose page, questions
that need a title) and announcements, pinned until each person dismisses them."""

import pytest

from feed.models import (
    Dismissal,
    Kind,
    Post,
)
from groups.models import Role

from .helpers import HTMX, html, messages_of

pytestmark = pytest.mark.django_db


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
