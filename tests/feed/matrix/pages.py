"""The table of every feed page the matrix asks: for each, its address in a group of each
kind, the status each kind of person must get, and what the page must (or must not)
show them. Asked by test_pages.py, and by the secret group's checks."""

import json
from urllib.parse import quote

from tests.groups.matrix.helpers import text_of

from .rules import assert_no_leak, can_list, can_read, manages_content, mentionable, moderates
from .world import GROUPS, KINDS, MEMBER_ROLES, MODERATING_ROLES


def _has(response, text):
    return text in text_of(response)


def check_thread(w, role, kind, r):
    assert _has(r, w.question[kind].title)
    assert _has(r, f"{GROUPS[kind].marker} answer")
    assert _has(r, "Shrouded") == moderates(role, kind)
    # Attachments are linked only through their door.
    assert _has(r, f"/attachments/{w.pdf[kind].pk}/file/")
    assert _has(r, f"/attachments/{w.hidden_pdf[kind].pk}/file/") == moderates(role, kind)


def check_hidden_post(w, role, kind, r):
    assert _has(r, "Off-topic")  # moderators see why


def check_history(w, role, kind, r):
    assert _has(r, "(first draft)")


def check_reactions(w, role, kind, r):
    assert _has(r, "Walt Writer")


def check_forum(w, role, kind, r):
    assert _has(r, w.question[kind].title)
    assert _has(r, "Veiled") == moderates(role, kind)


def check_group(w, role, kind, r):
    assert _has(r, GROUPS[kind].name)
    assert _has(r, w.question[kind].title) == can_read(role, kind)
    assert _has(r, "Veiled") == moderates(role, kind)


def check_shared_topic(w, role, r):
    for kind in KINDS:
        assert _has(r, w.question[kind].title) == can_read(role, kind), kind
    assert _has(r, "Veiled") == (role in MODERATING_ROLES)


def check_home(w, role, r):
    # The writer's posts, followed by everyone, wherever the person may read them; the
    # owner's announcements only to the groups' members.
    for kind in KINDS:
        assert _has(r, w.question[kind].title) == can_read(role, kind), kind
        assert _has(r, w.announcement[kind].title) == (role in MEMBER_ROLES), kind


def check_home_aside(w, role, r):
    # The home page's side column: up to four questions waiting for an answer, each one
    # the person may read; secret names are checked for by assert_no_leak.
    shown = [kind for kind in KINDS if _has(r, w.unanswered[kind].title)]
    assert shown
    assert all(can_read(role, kind) for kind in shown), shown


def check_questions(w, role, r):
    for kind in KINDS:
        assert _has(r, w.question[kind].title) == can_read(role, kind), kind
        assert not _has(r, f'id="post-{w.announcement[kind].pk}"'), kind


def check_saved(w, role, r):
    for kind in KINDS:
        assert _has(r, w.question[kind].title) == can_read(role, kind), kind
        assert not _has(r, f'id="post-{w.unanswered[kind].pk}"'), kind


def check_unanswered(w, role, r):
    for kind in KINDS:
        assert _has(r, w.unanswered[kind].title) == can_read(role, kind), kind
        assert not _has(r, w.question[kind].title), kind


def check_similar(w, role, kind, r):
    # Asked with the exact title: only a reader gets it back.
    assert _has(r, w.question[kind].title) == can_read(role, kind)


def check_people(w, role, kind, client, path):
    me = w.people[role]
    members = {"owner", "moderator", "member", "writer"}

    def handles(query=""):
        response = client.get(path + (f"&q={query}" if query else ""))
        assert response.status_code == 200
        assert_no_leak(response, role)
        return {person["handle"] for person in json.loads(response.content)["people"]}

    suggested = handles()
    assert me.handle not in suggested
    assert "deactivated" not in suggested
    if GROUPS[kind].visibility != "public":
        assert suggested == (members | {"staff"}) - {role}
    for other_role, name in [("outsider", "Otto"), ("member", "Mia"), ("staff", "Sid")]:
        expected = mentionable(other_role, kind) and other_role != role
        assert (other_role in handles(name)) == expected, other_role
    assert handles("Dora") == set()


def check_preview(w, role, kind, r):
    outsider, member = w.people["outsider"], w.people["member"]
    assert _has(r, f'href="/people/{member.pk}/"')
    assert _has(r, f'href="/people/{outsider.pk}/"') == mentionable("outsider", kind)
    assert not _has(r, f'href="/people/{w.people["deactivated"].pk}/"')


def check_inline_image(w, role, kind, r):
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in r.get("Content-Disposition", "")
    assert r["Content-Type"] == "image/webp"


def check_download(w, role, kind, r):
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment")
    assert "sandbox" in r["Content-Security-Policy"]
    assert "private" in r["Cache-Control"]


def _status(allowed, ok=200):
    return ok if allowed else 404


PAGES = {
    # name: (path from (world, kind), expected status from (role, kind), check or None)
    "thread": (  # asking to reply to the hidden comment quotes it to moderators only
        lambda w, k: f"/posts/{w.question[k].pk}/?reply={w.hidden_comment[k].pk}",
        lambda r, k: _status(can_read(r, k)),
        check_thread,
    ),
    "unread": (
        lambda w, k: f"/posts/{w.question[k].pk}/unread/",
        lambda r, k: _status(can_read(r, k), 302),
        None,
    ),
    "comment_link": (
        lambda w, k: f"/comments/{w.answer[k].pk}/",
        lambda r, k: _status(can_read(r, k), 302),
        None,
    ),
    "hidden_comment_link": (
        lambda w, k: f"/comments/{w.hidden_comment[k].pk}/",
        lambda r, k: _status(moderates(r, k), 302),
        None,
    ),
    "hidden_post": (
        lambda w, k: f"/posts/{w.hidden_post[k].pk}/",
        lambda r, k: _status(moderates(r, k)),
        check_hidden_post,
    ),
    "history": (
        lambda w, k: f"/posts/{w.question[k].pk}/history/",
        lambda r, k: _status(can_read(r, k)),
        check_history,
    ),
    "hidden_comment_history": (
        lambda w, k: f"/posts/{w.question[k].pk}/history/?comment={w.hidden_comment[k].pk}",
        lambda r, k: _status(moderates(r, k)),
        None,
    ),
    "reactions": (
        lambda w, k: f"/posts/{w.question[k].pk}/reactions/",
        lambda r, k: _status(can_read(r, k)),
        check_reactions,
    ),
    "hidden_comment_reactions": (
        lambda w, k: f"/posts/{w.question[k].pk}/reactions/?comment={w.hidden_comment[k].pk}",
        lambda r, k: _status(moderates(r, k)),
        None,
    ),
    "forum": (
        lambda w, k: f"/groups/{w.groups[k].slug}/forum/",
        lambda r, k: _status(can_read(r, k)),
        check_forum,
    ),
    "group": (
        lambda w, k: f"/groups/{w.groups[k].slug}/",
        lambda r, k: _status(can_list(r, k)),
        check_group,
    ),
    "own_topic": (
        lambda w, k: f"/topics/{GROUPS[k].marker.lower()}topic/",
        lambda r, k: _status(can_read(r, k)),
        None,
    ),
    "hidden_post_topic": (
        lambda w, k: f"/topics/veiled{GROUPS[k].marker.lower()}/",
        lambda r, k: _status(moderates(r, k)),
        None,
    ),
    "similar": (
        lambda w, k: f"/posts/similar/?title={quote(w.question[k].title)}",
        lambda r, k: 200,
        check_similar,
    ),
    "people": (
        lambda w, k: f"/posts/people/?group={w.groups[k].slug}",
        lambda r, k: _status(can_read(r, k)),
        None,  # checked by check_people, with several questions
    ),
    "preview": (
        lambda w, k: "/posts/preview/",
        lambda r, k: _status(can_read(r, k)),
        check_preview,
    ),
    "compose": (
        lambda w, k: f"/posts/new/?group={w.groups[k].slug}",
        lambda r, k: _status(can_read(r, k)),
        None,
    ),
    "edit": (
        lambda w, k: f"/posts/{w.question[k].pk}/edit/",
        lambda r, k: _status(manages_content(r, k)),
        None,
    ),
    "edit_comment": (
        lambda w, k: f"/comments/{w.answer[k].pk}/edit/",
        lambda r, k: _status(manages_content(r, k)),
        None,
    ),
    "image": (
        lambda w, k: f"/attachments/{w.image[k].pk}/file/",
        lambda r, k: _status(can_read(r, k)),
        check_inline_image,
    ),
    "thumbnail": (
        lambda w, k: f"/attachments/{w.image[k].pk}/thumbnail/",
        lambda r, k: _status(can_read(r, k)),
        check_inline_image,
    ),
    "pdf": (
        lambda w, k: f"/attachments/{w.pdf[k].pk}/file/",
        lambda r, k: _status(can_read(r, k)),
        check_download,
    ),
    "pdf_thumbnail": (  # a file has no thumbnail
        lambda w, k: f"/attachments/{w.pdf[k].pk}/thumbnail/",
        lambda r, k: 404,
        None,
    ),
    "hidden_comment_pdf": (
        lambda w, k: f"/attachments/{w.hidden_pdf[k].pk}/file/",
        lambda r, k: _status(moderates(r, k)),
        check_download,
    ),
}
