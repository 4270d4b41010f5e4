"""The permission matrix of the feed: every feed URL, asked by every kind of person about
every kind of group, and every write refused where it must be, leaving nothing behind.

Built like the groups matrix (tests/groups/test_matrix.py), whose sign-in helper it
reuses, with two differences for speed: the world is built once per module with the ORM
only (no actions, so that a broken action cannot hide a broken door), inside a
transaction that each test nests in a savepoint of its own and that is rolled back at
the end; and a test asks one URL. Expected answers come from the rules of
``feed/permissions.py`` written out again here, independently of the code:

* a group's content is *read* by everyone in a public group (archived or not), by
  members otherwise, and by site admins; missing and forbidden look the same: 404;
* taking part (comment, react, vote) needs membership (or staff) in a group that is not
  archived; posting follows the group's posting rule; announcements are for moderators;
* moderators (owners, site admins) hide, close, edit and accept; authors and site admins
  delete; a hidden post or comment is seen by its author and the moderators only;
* pending requesters, invited people and banned people are outsiders; a deactivated
  account is signed out, as is the anonymous visitor, and sent to sign in.

Every response, to anyone, is searched for what that person may not read: the marker
word in every text of a group they cannot read, the secret group's name, address and
description, and the hidden post's and comment's words for non-moderators.
"""

import json
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.template.base import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, _TestState, override_settings
from django.utils import timezone

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
from groups.models import Ban, Group, GroupInvitation, JoinRequest, Membership, Role
from rse.accounts.models import Follow, User
from rse.markup import render_rich
from rse.realtime import publish
from tests.groups.test_matrix import assert_sent_to_sign_in, normalized, sign_in, text_of
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


# --- The world ---------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "outsider",
    "pending",
    "invited",
    "banned",
    "member",
    "moderator",
    "owner",
    "staff",
    "deactivated",
]
SIGNED_OUT = {"anonymous", "deactivated"}
MEMBER_ROLES = {"member", "moderator", "owner"}
MODERATING_ROLES = {"moderator", "owner", "staff"}

PEOPLE = {
    # role: display name; each person's address is <role>@example.com, so @<role> names them
    "outsider": "Otto Outsider",
    "pending": "Pam Pending",
    "invited": "Ivy Invited",
    "banned": "Bert Banned",
    "member": "Mia Member",
    "moderator": "Moe Moderator",
    "owner": "Olga Owner",
    "staff": "Sid Staff",
    "deactivated": "Dora Deactivated",  # a member of every group, whose account is closed
    "writer": "Walt Writer",  # a member who wrote the posts; everyone follows him
}


@dataclass(frozen=True)
class Spec:
    name: str
    slug: str
    description: str
    visibility: str
    archived: bool
    posting_rule: str
    marker: str  # in every text of the group's content: never shown to a non-reader


GROUPS = {
    "public": Spec(
        "Aardvark Open Square", "aardvark-open-square", "Open talk", "public", False,
        "everyone", "Ambergris",
    ),
    "private": Spec(
        "Beaver Closed Lodge", "beaver-closed-lodge", "Lodge plans", "private", False,
        "everyone", "Bergamotte",
    ),
    "secret": Spec(
        "Narwhal Hush Cell", "narwhal-hush-cell", "Marzipanconfidential merger roadmap",
        "secret", False, "everyone", "Xylophonic",
    ),
    "archived": Spec(
        "Condor Dusty Hall", "condor-dusty-hall", "Old memories", "public", True,
        "everyone", "Cobaltine",
    ),
    "modonly": Spec(
        "Dingo Notice Board", "dingo-notice-board", "Official notices", "public", False,
        "moderators", "Dahlianna",
    ),
}  # fmt: skip
KINDS = list(GROUPS)
HIDDEN_WORDS = ["veiled", "shrouded"]  # the hidden post's and the hidden comment's


@dataclass
class World:
    people: dict
    groups: dict
    question: dict = field(default_factory=dict)  # kind -> Post (question, with answers)
    answer: dict = field(default_factory=dict)  # kind -> Comment (visible answer)
    hidden_comment: dict = field(default_factory=dict)  # kind -> Comment (hidden answer)
    unanswered: dict = field(default_factory=dict)  # kind -> Post (question, no answer)
    announcement: dict = field(default_factory=dict)  # kind -> Post (by the owner)
    hidden_post: dict = field(default_factory=dict)  # kind -> Post (hidden by a moderator)
    image: dict = field(default_factory=dict)  # kind -> Attachment on the question
    pdf: dict = field(default_factory=dict)  # kind -> Attachment on the question
    hidden_pdf: dict = field(default_factory=dict)  # kind -> Attachment on the hidden comment

    def user(self, role):
        return None if role == "anonymous" else self.people[role]


def _html(text):
    return render_rich(text, find_people=lambda handles: {}).html


def _topics(*names):
    return [Topic.objects.get_or_create(name=name)[0] for name in names]


def build_world():
    people = dict(
        zip(
            PEOPLE,
            User.objects.bulk_create(
                User(
                    email=f"{role}@example.com",
                    display_name=name,
                    department="Quality",
                    is_staff=role == "staff",
                    is_active=role != "deactivated",
                    password="!",
                )
                for role, name in PEOPLE.items()
            ),
            strict=True,
        )
    )
    writer, owner, moderator = people["writer"], people["owner"], people["moderator"]
    # Everybody follows the writer: his posts reach every home feed where they may be read.
    Follow.objects.bulk_create(
        Follow(follower=person, followed=writer) for person in people.values() if person != writer
    )
    now = timezone.now()
    world = World(people=people, groups={})
    for kind, spec in GROUPS.items():
        group = Group.objects.create(
            name=spec.name,
            slug=spec.slug,
            description=spec.description,
            description_html=f"<p>{spec.description}</p>",
            visibility=spec.visibility,
            posting_rule=spec.posting_rule,
            archived_at=now if spec.archived else None,
            created_by=owner,
        )
        world.groups[kind] = group
        Membership.objects.bulk_create(
            [
                Membership(group=group, user=owner, role=Role.OWNER),
                Membership(group=group, user=moderator, role=Role.MODERATOR),
                Membership(group=group, user=people["member"], role=Role.MEMBER),
                Membership(group=group, user=writer, role=Role.MEMBER),
                Membership(group=group, user=people["deactivated"], role=Role.MEMBER),
            ]
        )
        JoinRequest.objects.create(group=group, user=people["pending"], message="Please")
        GroupInvitation.objects.create(
            group=group, email=people["invited"].email, user=people["invited"], invited_by=owner
        )
        Ban.objects.create(group=group, user=people["banned"], banned_by=owner)

        m, low = spec.marker, spec.marker.lower()
        body = f"What are the {m} figures? #roadmap #{low}topic"
        question = Post.objects.create(
            group=group,
            author=writer,
            kind=Kind.QUESTION,
            title=f"Quarterly {m} question",
            body=body,
            body_html=_html(body),
            comment_count=2,
            edited_at=now,
            version=2,
        )
        question.topics.set(_topics("roadmap", f"{low}topic"))
        Revision.objects.create(
            post=question,
            title=f"Quarterly {m} question (first draft)",
            body=f"{m} draft",
            body_html=f"<p>{m} draft</p>",
            written_at=now,
            replaced_by=writer,
        )
        answer = Comment.objects.create(
            post=question, author=writer, body=f"{m} answer", body_html=f"<p>{m} answer</p>"
        )
        hidden_comment = Comment.objects.create(
            post=question,
            author=writer,
            body=f"Shrouded {m} reply",
            body_html=f"<p>Shrouded {m} reply</p>",
            hidden_at=now,
            hidden_by=moderator,
            hidden_reason="Rude",
        )
        question.last_comment_id = hidden_comment.pk
        question.save(update_fields=["last_comment_id"])
        unanswered = Post.objects.create(
            group=group,
            author=writer,
            kind=Kind.QUESTION,
            title=f"Quarterly {m} unanswered",
            body=f"{m} waiting",
            body_html=f"<p>{m} waiting</p>",
        )
        announcement = Post.objects.create(
            group=group,
            author=owner,
            kind=Kind.ANNOUNCEMENT,
            title=f"{m} bulletin",
            body=f"{m} news",
            body_html=f"<p>{m} news</p>",
        )
        hidden_post = Post.objects.create(
            group=group,
            author=writer,
            title=f"Veiled {m} thread",
            body=f"Veiled {m} words #roadmap #veiled{low}",
            body_html=_html(f"Veiled {m} words #roadmap #veiled{low}"),
            hidden_at=now,
            hidden_by=moderator,
            hidden_reason="Off-topic",
        )
        hidden_post.topics.set(_topics("roadmap", f"veiled{low}"))
        ReactionMark.objects.create(post=question, user=writer, kind="like")
        ReactionMark.objects.create(post=question, comment=hidden_comment, user=owner, kind="like")
        world.image[kind] = Attachment.objects.create(
            post=question,
            type=Attachment.Type.IMAGE,
            file=f"attachments/{kind}-image.webp",
            thumbnail=f"attachments/{kind}-image-thumb.webp",
            name=f"{low}-photo.webp",
            content_type="image/webp",
            size=100,
            width=30,
            height=20,
        )
        world.pdf[kind] = Attachment.objects.create(
            post=question,
            type=Attachment.Type.FILE,
            file=f"attachments/{kind}-ledger.pdf",
            name=f"{low}-ledger.pdf",
            content_type="application/pdf",
            size=100,
        )
        world.hidden_pdf[kind] = Attachment.objects.create(
            post=question,
            comment=hidden_comment,
            type=Attachment.Type.FILE,
            file=f"attachments/{kind}-shrouded.pdf",
            name=f"shrouded-{low}.pdf",
            content_type="application/pdf",
            size=100,
        )
        world.question[kind] = question
        world.answer[kind] = answer
        world.hidden_comment[kind] = hidden_comment
        world.unanswered[kind] = unanswered
        world.announcement[kind] = announcement
        world.hidden_post[kind] = hidden_post
        # Everyone saved the question (while they could read it, or not): the saved list
        # must show only what they can read now.
        Bookmark.objects.bulk_create(
            Bookmark(post=question, user=person)
            for role, person in people.items()
            if role != "writer"
        )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; every test runs in a savepoint of this transaction, rolled back after
    it (what TestCase.setUpTestData does), so that writes never reach the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _media(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("feed-matrix-media")):
        yield


@pytest.fixture(autouse=True)
def _isolated(_media):
    """Overrides tests/conftest.py's for this module: one private media folder for all its
    tests (a fresh folder for each of its some 1,700 tests costs time) and, as
    there, a clean cache (rate limits) for each test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def stored_files(_media, world):
    """The attachments' bytes, in the module's private media folder."""
    pdf = b"%PDF-1.4\n% test\n"
    webp = image_bytes("WEBP", size=(30, 20))
    for kind in KINDS:
        for attachment in (world.image[kind], world.pdf[kind], world.hidden_pdf[kind]):
            data = webp if attachment.is_image else pdf
            for name in (attachment.file.name, attachment.thumbnail.name):
                if name:
                    assert default_storage.save(name, ContentFile(data)) == name


@pytest.fixture(scope="module", autouse=True)
def _plain_template_rendering():
    """The test client records a copy of the context of every template rendered (each
    post card, each avatar); this module never reads them, and rendering without the
    recording makes its 1,700 requests a fifth faster."""
    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render
    yield
    Template._render = instrumented


@pytest.fixture(scope="module")
def _shared_client():
    return Client()


@pytest.fixture
def client(_shared_client):
    _shared_client.cookies = SimpleCookie()
    return _shared_client


def as_role(client, world, role):
    return client if role == "anonymous" else sign_in(client, world.user(role))


# --- The rules, written out again ------------------------------------------------------------


def signed_in(role):
    return role not in SIGNED_OUT


def can_list(role, kind):
    if not signed_in(role):
        return False
    return role == "staff" or GROUPS[kind].visibility != "secret" or role in MEMBER_ROLES


def can_read(role, kind):
    if not signed_in(role):
        return False
    return role == "staff" or GROUPS[kind].visibility == "public" or role in MEMBER_ROLES


def moderates(role, kind):
    return can_read(role, kind) and role in MODERATING_ROLES


def takes_part(role, kind):
    return (
        can_read(role, kind)
        and not GROUPS[kind].archived
        and (role == "staff" or role in MEMBER_ROLES)
    )


def can_post(role, kind):
    spec = GROUPS[kind]
    if spec.archived or not can_read(role, kind):
        return False
    if role == "staff":
        return True
    if spec.posting_rule == "moderators":
        return role in {"moderator", "owner"}
    return role in MEMBER_ROLES


def manages_content(role, kind):
    """Edit, close, hide, accept: moderators of a group that is not archived."""
    return moderates(role, kind) and not GROUPS[kind].archived


def mentionable(role, kind):
    """Who an @mention in a group of this kind names (a link, a Mention, a frame)."""
    return role not in SIGNED_OUT and (
        GROUPS[kind].visibility == "public" or role in MEMBER_ROLES or role == "staff"
    )


# Who asks about which group. The signed-out (sent to sign in before any door is asked)
# ask about the secret group; people with a request, an invitation or a ban, outsiders
# to the door, about the three visibilities (archiving and the posting rule change
# nothing for an outsider, as the plain outsider's rows show); everyone else about all.
OUTSIDERS_WITH_A_PAST = {"pending", "invited", "banned"}


def _kinds_asked_by(role):
    if not signed_in(role):
        return ["secret"]
    if role in OUTSIDERS_WITH_A_PAST:
        return ["public", "private", "secret"]
    return KINDS


VIEWERS = [
    pytest.param(role, kind, id=f"{role}-{kind}")
    for role in ROLES
    for kind in _kinds_asked_by(role)
]


# --- Looking for what may not be seen ------------------------------------------------------------


def forbidden_words(role):
    """Words the person may not meet on any page, whatever they asked."""
    words = []
    for kind, spec in GROUPS.items():
        if not can_read(role, kind):
            words.append(spec.marker)
        if spec.visibility == "secret" and not can_list(role, kind):
            words += [spec.name, spec.slug, spec.description.split()[0]]
    if role not in MODERATING_ROLES:
        words += HIDDEN_WORDS
    return words


def body_of(response):
    return "" if response.streaming else text_of(response)


def assert_no_leak(response, role, asked=""):
    """Nothing the person may not read, in the body or the headers (a file's bytes are
    only ever sent to readers, and are not searched)."""
    text = body_of(response)
    for echo in (asked, quote(asked, safe=""), quote(asked, safe="/")):
        if echo:
            text = text.replace(echo, "")  # what the person typed comes back to them
    headers = "\n".join(f"{k}: {v}" for k, v in response.items() if k != "Location")
    lowered = (text + headers).lower()
    for word in forbidden_words(role):
        assert word.lower() not in lowered, f"{word!r} reached {role}"


# --- GET: every page, every person, every group ------------------------------------------------


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


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(("role", "kind"), VIEWERS)
def test_page(request, client, world, role, kind, page):
    path_of, status_of, check = PAGES[page]
    path = path_of(world, kind)
    if "attachments" in path:
        request.getfixturevalue("stored_files")
    as_role(client, world, role)
    if page == "preview":
        data = {"group": world.groups[kind].slug, "body": "Hi @outsider, @member, @deactivated"}
        response = client.post(path, data)
    else:
        response = client.get(path)

    if not signed_in(role):
        assert_sent_to_sign_in(response)
        assert_no_leak(response, role)
        return
    expected = status_of(role, kind)
    assert response.status_code == expected, body_of(response)[:300]
    assert_no_leak(response, role, asked=path)
    if expected == 404:
        return
    if page == "people":
        check_people(world, role, kind, client, path)
    elif check is not None:
        check(world, role, kind, response)


LISTS = {
    # Lists across groups: asked once per person, checked for every kind of group.
    "home": ("/", check_home),
    "home_questions": ("/?show=questions", check_questions),
    "home_aside": ("/home/aside/", check_home_aside),
    "saved": ("/?show=saved", check_saved),
    "unanswered": ("/unanswered/", check_unanswered),
    "shared_topic": ("/topics/roadmap/", check_shared_topic),
}


@pytest.mark.parametrize("page", list(LISTS))
@pytest.mark.parametrize("role", ROLES)
def test_list(client, world, role, page):
    path, check = LISTS[page]
    response = as_role(client, world, role).get(path)
    assert_no_leak(response, role, asked=path)
    if not signed_in(role):
        assert_sent_to_sign_in(response)
        return
    assert response.status_code == 200
    check(world, role, response)


def test_the_matrix_asks_every_feed_url(world):
    """A new feed URL cannot be added without a row here."""
    from django.urls import resolve

    from feed.urls import urlpatterns

    paths = [path(world, "public") for path, *_ in PAGES.values()] + [p for p, _ in LISTS.values()]
    asked = {resolve(path.split("?")[0]).url_name for path in paths}
    asked |= {resolve(path(world, "public")).url_name for path, *_ in ACTIONS.values()}
    assert {pattern.name for pattern in urlpatterns} <= asked


# --- POST: every write, every person, every group ----------------------------------------------

OK = "ok"  # 302, the write took effect
DENIED = "denied"  # 404, nothing changed
INVALID = "invalid"  # 400 with the form and its message, nothing changed
REFUSED = "refused"  # 302 back with an error message, nothing changed
LOGIN = "login"  # sent to sign in, nothing changed


def snapshot():
    """Every row the feed's writes could touch, as comparable values. Read state is left
    out: showing a refused comment form again records how far the thread was read."""
    return {
        "posts": set(
            Post.objects.values_list(
                "pk",
                "group_id",
                "kind",
                "title",
                "body",
                "hidden_at",
                "is_closed",
                "accepted_answer_id",
                "version",
                "comment_count",
                "last_comment_id",
                "last_activity_at",
            )
        ),
        "comments": set(
            Comment.objects.values_list("pk", "post_id", "body", "hidden_at", "score", "version")
        ),
        "reactions": set(ReactionMark.objects.values_list("post_id", "comment_id", "user_id")),
        "votes": set(Vote.objects.values_list("comment_id", "user_id")),
        "bookmarks": set(Bookmark.objects.values_list("post_id", "user_id")),
        "dismissals": set(Dismissal.objects.values_list("post_id", "user_id")),
        "mentions": set(Mention.objects.values_list("post_id", "comment_id", "user_id")),
        "revisions": set(Revision.objects.values_list("pk", "post_id", "comment_id")),
        "attachments": set(Attachment.objects.values_list("pk", "post_id", "comment_id")),
        "topics": set(Topic.objects.values_list("name", flat=True)),
        "post_topics": set(Post.topics.through.objects.values_list("post_id", "topic_id")),
        "subscriptions": set(
            ThreadState.objects.exclude(subscription="default").values_list(
                "post_id", "user_id", "subscription"
            )
        ),
        "groups": set(Group.objects.values_list("pk", "last_activity_at")),
    }


def _effect_comment(w, kind, user):
    assert Comment.objects.filter(post=w.question[kind], author=user, body="My answer").exists()


def _effect_react(w, kind, user):
    assert ReactionMark.objects.filter(
        post=w.question[kind], comment=None, user=user, kind="thanks"
    ).exists()


def _effect_react_comment(w, kind, user):
    assert ReactionMark.objects.filter(comment=w.answer[kind], user=user, kind="thanks").exists()


def _effect_vote(w, kind, user):
    assert Vote.objects.filter(comment=w.answer[kind], user=user).exists()
    assert Comment.objects.get(pk=w.answer[kind].pk).score == 1


def _effect_unbookmark(w, kind, user):
    assert not Bookmark.objects.filter(post=w.question[kind], user=user).exists()


def _effect_bookmark_hidden(w, kind, user):
    assert Bookmark.objects.filter(post=w.hidden_post[kind], user=user).exists()


def _effect_accept(w, kind, user):
    assert Post.objects.get(pk=w.question[kind].pk).accepted_answer_id == w.answer[kind].pk


def _effect_edit(w, kind, user):
    post = Post.objects.get(pk=w.question[kind].pk)
    assert post.title == "Edited title"
    assert post.revisions.count() == 2


def _effect_delete(w, kind, user):
    assert not Post.objects.filter(pk=w.question[kind].pk).exists()


def _effect_hide(w, kind, user):
    post = Post.objects.get(pk=w.question[kind].pk)
    assert post.hidden_at is not None
    assert post.hidden_by == user


def _effect_close(w, kind, user):
    assert Post.objects.get(pk=w.question[kind].pk).is_closed


def _effect_subscription(w, kind, user):
    assert ThreadState.objects.get(post=w.question[kind], user=user).subscription == "muted"


def _effect_dismiss(w, kind, user):
    assert Dismissal.objects.filter(post=w.announcement[kind], user=user).exists()


def _effect_dismiss_all(w, kind, user):
    # The group's announcements pinned for this person, and none of another group's.
    dismissed = Dismissal.objects.filter(user=user)
    assert dismissed.filter(post=w.announcement[kind]).exists()
    assert not dismissed.exclude(post__group=w.groups[kind]).exists()


def _effect_compose(w, kind, user):
    assert Post.objects.filter(group=w.groups[kind], author=user, title="Fresh thread").exists()


def _effect_announce(w, kind, user):
    assert Post.objects.filter(
        group=w.groups[kind], author=user, kind=Kind.ANNOUNCEMENT, title="Fresh notice"
    ).exists()


def _effect_edit_comment(w, kind, user):
    assert Comment.objects.get(pk=w.answer[kind].pk).body == "Edited answer"


def _effect_delete_comment(w, kind, user):
    assert not Comment.objects.filter(pk=w.answer[kind].pk).exists()
    assert Post.objects.get(pk=w.question[kind].pk).comment_count == 1


def _effect_hide_comment(w, kind, user):
    assert Comment.objects.get(pk=w.answer[kind].pk).hidden_at is not None


def _signed(rule):
    """Signed-out people go to sign in; the others get what ``rule`` says."""
    return lambda role, kind: LOGIN if not signed_in(role) else rule(role, kind)


def _ok_if(predicate):
    return _signed(lambda r, k: OK if predicate(r, k) else DENIED)


def _comment_rule(role, kind):
    if not can_read(role, kind):
        return DENIED
    if GROUPS[kind].archived:
        return INVALID  # "This group is archived": said to whoever may read it
    return OK if takes_part(role, kind) else DENIED


def _compose_rule(announce):
    def rule(role, kind):
        if not can_read(role, kind):
            return DENIED  # listed or not, a group one cannot read takes nothing
        if announce:
            allowed = can_post(role, kind) and role in MODERATING_ROLES
        else:
            allowed = can_post(role, kind)
        return OK if allowed else INVALID

    return _signed(rule)


def _hidden_comment_rule(role, kind):
    if not moderates(role, kind):
        return DENIED
    # A moderator reads the hidden post but nobody comments on it (archived: said so).
    return INVALID if GROUPS[kind].archived else DENIED


ACTIONS = {
    # name: (path from (world, kind), data from (world, kind), outcome from (role, kind),
    #        effect check (world, kind, user))
    "comment": (
        lambda w, k: f"/posts/{w.question[k].pk}/comments/",
        lambda w, k: {"body": "My answer"},
        _signed(_comment_rule),
        _effect_comment,
    ),
    "comment_on_hidden_post": (
        lambda w, k: f"/posts/{w.hidden_post[k].pk}/comments/",
        lambda w, k: {"body": "My answer"},
        _signed(_hidden_comment_rule),
        None,
    ),
    "react": (
        lambda w, k: f"/posts/{w.question[k].pk}/react/",
        lambda w, k: {"kind": "thanks"},
        _ok_if(takes_part),
        _effect_react,
    ),
    "react_to_comment": (
        lambda w, k: f"/posts/{w.question[k].pk}/react/",
        lambda w, k: {"kind": "thanks", "comment": w.answer[k].pk},
        _ok_if(takes_part),
        _effect_react_comment,
    ),
    "react_to_hidden_comment": (
        lambda w, k: f"/posts/{w.question[k].pk}/react/",
        lambda w, k: {"kind": "thanks", "comment": w.hidden_comment[k].pk},
        # Moderators see it but a hidden comment takes no reaction: an error message.
        _signed(lambda r, k: DENIED if not takes_part(r, k) or not moderates(r, k) else REFUSED),
        None,
    ),
    "react_to_hidden_post": (
        lambda w, k: f"/posts/{w.hidden_post[k].pk}/react/",
        lambda w, k: {"kind": "thanks"},
        _ok_if(lambda r, k: False),
        None,
    ),
    "vote": (
        lambda w, k: f"/comments/{w.answer[k].pk}/vote/",
        lambda w, k: {},
        _ok_if(takes_part),
        _effect_vote,
    ),
    "bookmark": (
        lambda w, k: f"/posts/{w.question[k].pk}/bookmark/",
        lambda w, k: {},
        _ok_if(can_read),
        _effect_unbookmark,
    ),
    "bookmark_hidden_post": (
        lambda w, k: f"/posts/{w.hidden_post[k].pk}/bookmark/",
        lambda w, k: {},
        _ok_if(moderates),
        _effect_bookmark_hidden,
    ),
    "accept": (
        lambda w, k: f"/posts/{w.question[k].pk}/accept/",
        lambda w, k: {"comment": w.answer[k].pk},
        _ok_if(manages_content),
        _effect_accept,
    ),
    "edit": (
        lambda w, k: f"/posts/{w.question[k].pk}/edit/",
        lambda w, k: {"title": "Edited title", "body": "Edited body", "version": 2},
        _ok_if(manages_content),
        _effect_edit,
    ),
    "delete": (
        lambda w, k: f"/posts/{w.question[k].pk}/delete/",
        lambda w, k: {},
        _ok_if(lambda r, k: r == "staff"),
        _effect_delete,
    ),
    "hide": (
        lambda w, k: f"/posts/{w.question[k].pk}/hide/",
        lambda w, k: {"hidden": "1", "reason": "Spam"},
        _ok_if(manages_content),
        _effect_hide,
    ),
    "close": (
        lambda w, k: f"/posts/{w.question[k].pk}/close/",
        lambda w, k: {"closed": "1"},
        _ok_if(manages_content),
        _effect_close,
    ),
    "subscription": (
        lambda w, k: f"/posts/{w.question[k].pk}/subscription/",
        lambda w, k: {"subscription": "muted"},
        _ok_if(can_read),
        _effect_subscription,
    ),
    "dismiss": (
        lambda w, k: f"/posts/{w.announcement[k].pk}/dismiss/",
        lambda w, k: {},
        _ok_if(can_read),
        _effect_dismiss,
    ),
    "dismiss_all": (
        lambda w, k: "/posts/dismiss-all/",
        lambda w, k: {"group": w.groups[k].slug},
        _ok_if(can_read),
        _effect_dismiss_all,
    ),
    "compose": (
        lambda w, k: "/posts/new/",
        lambda w, k: {
            "group": w.groups[k].slug,
            "kind": "discussion",
            "title": "Fresh thread",
            "body": "Fresh body",
        },
        _compose_rule(announce=False),
        _effect_compose,
    ),
    "compose_announcement": (
        lambda w, k: "/posts/new/",
        lambda w, k: {
            "group": w.groups[k].slug,
            "kind": "announcement",
            "title": "Fresh notice",
            "body": "Fresh body",
        },
        _compose_rule(announce=True),
        _effect_announce,
    ),
    "edit_comment": (
        lambda w, k: f"/comments/{w.answer[k].pk}/edit/",
        lambda w, k: {"body": "Edited answer", "version": 1},
        _ok_if(manages_content),
        _effect_edit_comment,
    ),
    "delete_comment": (
        lambda w, k: f"/comments/{w.answer[k].pk}/delete/",
        lambda w, k: {},
        _ok_if(lambda r, k: r == "staff"),
        _effect_delete_comment,
    ),
    "hide_comment": (
        lambda w, k: f"/comments/{w.answer[k].pk}/hide/",
        lambda w, k: {"hidden": "1", "reason": "Spam"},
        _ok_if(manages_content),
        _effect_hide_comment,
    ),
}


COUNTED = [
    Post,
    Comment,
    ReactionMark,
    Vote,
    Bookmark,
    Dismissal,
    Mention,
    Revision,
    Attachment,
    Topic,
    Post.topics.through,
    Group,
    Membership,
]
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def row_counts():
    """The number of rows of every table a feed write could add to or take from, in one
    query (the matrix asks this twice in each of some 900 tests)."""
    counts = ", ".join(f'(SELECT COUNT(*) FROM "{m._meta.db_table}")' for m in COUNTED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip([m._meta.db_table for m in COUNTED], cursor.fetchone(), strict=True))


def written_tables(queries):
    return {match.group(1) for q in queries if (match := WRITE.match(q["sql"]))}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize(("role", "kind"), VIEWERS)
def test_action(client, world, role, kind, action):
    path_of, data_of, outcome_of, effect = ACTIONS[action]
    path = path_of(world, kind)
    outcome = outcome_of(role, kind)
    as_role(client, world, role)
    before = row_counts()

    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data_of(world, kind))

    assert_no_leak(response, role, asked=path)
    if outcome == OK:
        assert response.status_code == 302, body_of(response)[:500]
        assert not response["Location"].startswith("/accounts/login/")
        effect(world, kind, world.user(role))
        return
    if outcome == LOGIN:
        assert_sent_to_sign_in(response)
    elif outcome == DENIED:
        assert response.status_code == 404, response.status_code
    elif outcome == INVALID:
        assert response.status_code == 400, response.status_code
    elif outcome == REFUSED:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
    assert row_counts() == before, f"{outcome}: no row added or removed"
    # Not a single row changed either; showing a thread again records how far it was read.
    allowed = {"django_session"} | ({"feed_threadstate"} if outcome == INVALID else set())
    assert written_tables(queries) <= allowed, f"{outcome}: nothing may be written"


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
