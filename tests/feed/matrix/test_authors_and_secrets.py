"""Beyond the matrix's grid: what authors may do with their own posts, mentions that name
only people who can read, and the secret group answering as if it did not exist (also
through ids in parameters)."""

import json
import re

import pytest

from feed.models import (
    Comment,
    Mention,
    Post,
)
from rse.realtime import publish
from tests.groups.matrix.helpers import normalized, sign_in, text_of

from .pages import PAGES
from .rules import assert_no_leak, body_of, mentionable
from .world import KINDS, MODERATING_ROLES, World
from .writes import ACTIONS, row_counts, snapshot

pytestmark = pytest.mark.django_db


# --- Authors, hidden posts, mentions -------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_author_reads_their_hidden_post_with_the_reason(client, world, kind):
    sign_in(client, world.people["writer"])
    response = client.get(f"/posts/{world.hidden_post[kind].pk}/")
    assert response.status_code == 200
    assert "Off-topic" in text_of(response)
    thread = text_of(client.get(f"/posts/{world.question[kind].pk}/"))
    assert "Shrouded" in thread  # their own hidden comment
    assert "Rude" in thread


@pytest.mark.parametrize("kind", ["public", "private", "secret", "modonly"])
def test_author_edits_accepts_and_deletes_their_own_post(client, world, kind):
    writer = world.people["writer"]
    question = world.question[kind]
    sign_in(client, writer)
    response = client.post(
        f"/posts/{question.pk}/edit/", {"title": "Quarterly rewrite", "body": "New", "version": 2}
    )
    assert response.status_code == 302
    response = client.post(f"/posts/{question.pk}/accept/", {"comment": world.answer[kind].pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.title, question.accepted_answer_id) == (
        "Quarterly rewrite",
        world.answer[kind].pk,
    )
    # The author cannot hide their own post (moderators' tool) nor vote for their answer.
    before = snapshot()
    assert (
        client.post(f"/posts/{question.pk}/hide/", {"hidden": "1", "reason": "x"}).status_code
        == 404
    )
    assert client.post(f"/comments/{world.answer[kind].pk}/vote/").status_code == 404
    assert snapshot() == before
    assert client.post(f"/posts/{question.pk}/delete/").status_code == 302
    assert not Post.objects.filter(pk=question.pk).exists()


def test_author_cannot_edit_in_an_archived_group(client, world):
    sign_in(client, world.people["writer"])
    before = snapshot()
    question = world.question["archived"]
    assert client.get(f"/posts/{question.pk}/edit/").status_code == 404
    response = client.post(
        f"/posts/{question.pk}/edit/", {"title": "Too late", "body": "New", "version": 2}
    )
    assert response.status_code == 404
    assert snapshot() == before


@pytest.fixture
def frames(monkeypatch):
    """Frames handed to the channel layer (after commit), as (audience, frame)."""
    sent = []

    def record(audiences, message):
        if message["type"] == publish.FRAME_EVENT:
            sent.extend((audience, json.loads(message["text"])) for audience in audiences)

    monkeypatch.setattr(publish, "_send", record)
    return sent


MENTION_KINDS = ["public", "private", "secret", "modonly"]
MENTIONED = ["outsider", "pending", "invited", "banned", "member", "staff", "deactivated"]


@pytest.mark.parametrize("where", ["post", "comment", "edit"])
@pytest.mark.parametrize("mentioned", MENTIONED)
@pytest.mark.parametrize("kind", MENTION_KINDS)
def test_a_mention_names_only_people_who_can_read(
    client, world, frames, django_capture_on_commit_callbacks, kind, mentioned, where
):
    """A mention of someone who cannot read the group is plain text: no link, no Mention,
    no ``feed.mention`` frame; a reader gets all three."""
    person = world.people[mentioned]
    body = f"Look at this, @{person.handle}!"
    sign_in(client, world.people["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        if where == "post":
            response = client.post(
                "/posts/new/",
                {"group": world.groups[kind].slug, "kind": "discussion", "body": body},
            )
        elif where == "comment":
            response = client.post(f"/posts/{world.question[kind].pk}/comments/", {"body": body})
        else:
            response = client.post(
                f"/posts/{world.question[kind].pk}/edit/",
                {"title": "Quarterly edit", "body": body, "version": 2},
            )
    assert response.status_code == 302, text_of(response)[:300]
    if where == "post":
        item = Post.objects.get(group=world.groups[kind], body=body)
    elif where == "comment":
        item = Comment.objects.get(post=world.question[kind], body=body)
    else:
        item = Post.objects.get(pk=world.question[kind].pk)
    expected = mentionable(mentioned, kind)
    assert (f'href="/people/{person.pk}/"' in item.body_html) == expected
    assert f"@{person.handle}" in item.body_html  # still there, as text
    assert Mention.objects.filter(user=person).exists() == expected
    assert [a for a, f in frames if f["type"] == "feed.mention"] == (
        [f"user.{person.pk}"] if expected else []
    )


class _Nothing:
    pk = 999_999
    slug = "no-such-group-here"


class _AllMissing(dict):
    def __missing__(self, kind):
        return _Nothing()


# The world as it would be if the secret group and its content did not exist.
NOWHERE = World(
    people={},
    groups=_AllMissing(),
    **{
        name: _AllMissing()
        for name in World.__dataclass_fields__
        if name not in ("people", "groups")
    },
)
# Pages whose address names the content rather than an id (checked by test_page).
NAMED_BY_CONTENT = {"own_topic", "hidden_post_topic", "similar"}


TIME = re.compile(r"(<time[^>]*>)[^<]*(</time>)")


def assert_same_answer(response, missing, echoes=("", "")):
    """Same status, same redirect, same page (CSRF tokens, "n seconds ago" and the echo
    of what was asked aside: ``echoes`` holds it, as asked in each request)."""
    assert response.status_code == missing.status_code
    assert response.get("Location") == missing.get("Location")

    def page(answer, echo):
        text = TIME.sub(r"\1\2", normalized(body_of(answer)))
        return text.replace(echo, "<asked>") if echo else text

    assert page(response, echoes[0]) == page(missing, echoes[1])


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", page) for page in PAGES if page not in NAMED_BY_CONTENT]
    + [("post", action) for action in ACTIONS],
)
@pytest.mark.parametrize("role", ["outsider", "invited", "banned"])
def test_the_secret_group_answers_as_if_it_did_not_exist(client, world, role, method, name):
    """Missing and forbidden look the same, byte for byte: each address of the secret
    group's content, asked by someone outside it, answers what the same address with ids
    and a group that do not exist answers."""
    sign_in(client, world.people[role])
    answers = []
    for w in (world, NOWHERE):
        if method == "get":
            path = PAGES[name][0](w, "secret")
            if name == "preview":
                answers.append(client.post(path, {"group": w.groups["secret"].slug, "body": "@x"}))
            else:
                answers.append(client.get(path))
        else:
            path_of, data_of, *_ = ACTIONS[name]
            answers.append(client.post(path_of(w, "secret"), data_of(w, "secret")))
    assert_same_answer(*answers)
    assert_no_leak(answers[0], role)


SECRET_IDS_IN_PARAMETERS = [
    # (method, path, data) about the public group's question, naming the secret answer
    ("get", "/posts/{question}/reactions/?comment={id}", None),
    ("get", "/posts/{question}/history/?comment={id}", None),
    ("get", "/posts/{question}/?reply={id}", None),
    ("post", "/posts/{question}/react/", {"kind": "like", "comment": "{id}"}),
    ("post", "/posts/{question}/accept/", {"comment": "{id}"}),
    ("post", "/posts/{question}/comments/", {"body": "Hi", "reply_to": "{id}"}),
]


@pytest.mark.parametrize(("method", "path", "data"), SECRET_IDS_IN_PARAMETERS)
def test_secret_ids_in_parameters_answer_as_missing_ones(client, world, method, path, data):
    """An id of the secret group's content slipped into a parameter of a page the
    outsider may read is answered as an id that does not exist, and changes nothing."""
    sign_in(client, world.people["outsider"])
    question = world.question["public"].pk
    answers = []
    for answer_id in (world.answer["secret"].pk, _Nothing.pk):
        url = path.format(question=question, id=answer_id)
        values = {k: v.format(id=answer_id) for k, v in (data or {}).items()}
        before = row_counts()
        answers.append(client.get(url) if method == "get" else client.post(url, values))
        assert row_counts() == before
    assert_no_leak(answers[0], "outsider")
    assert_same_answer(*answers, echoes=(f"={world.answer['secret'].pk}", f"={_Nothing.pk}"))


@pytest.mark.parametrize("mentioned", ["member", "outsider", "moderator", "staff"])
def test_a_mention_added_to_a_hidden_post_names_only_who_may_see_it(
    client, world, frames, django_capture_on_commit_callbacks, mentioned
):
    """The writer edits their post after the moderators hid it: naming someone who can
    read the group but not the hidden post records nothing and tells them nothing."""
    person = world.people[mentioned]
    post = world.hidden_post["public"]
    sign_in(client, world.people["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/posts/{post.pk}/edit/",
            {"title": post.title, "body": f"Still here, @{person.handle}", "version": 1},
        )
    assert response.status_code == 302
    may_see = mentioned in MODERATING_ROLES
    assert Mention.objects.filter(post=post, user=person).exists() == may_see
    assert [a for a, f in frames if f["type"] == "feed.mention"] == (
        [f"user.{person.pk}"] if may_see else []
    )


def test_forum_topics_name_only_readable_posts(client, world):
    """The forum's topic chips come from the posts the reader may see: the topic of a
    hidden post is not offered to members."""
    sign_in(client, world.people["member"])
    text = text_of(client.get(f"/groups/{world.groups['public'].slug}/forum/"))
    assert "#ambergristopic" in text
    assert re.search(r"#veiled", text) is None
