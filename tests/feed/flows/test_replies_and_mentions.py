"""Replies that quote a comment, mentions and topics, and the editor's helpers (similar
questions, mention autocomplete, preview)."""

import re

import pytest

from feed.models import (
    Comment,
    Kind,
    Mention,
    Post,
    Topic,
)
from groups import actions as group_actions
from groups.models import Visibility
from tests.factories import UserFactory

from .helpers import html

pytestmark = pytest.mark.django_db


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
