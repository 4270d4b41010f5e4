"""The feed's live events reach exactly the sockets that may read what they describe,
and only once what they describe is committed.

Sockets are driven as in tests/groups/test_realtime.py: real ``/ws/`` connections with
``WebsocketCommunicator``, all in one event loop (``run(scenario)``), the database staying
in the test's thread; writes go through ``feed.actions`` inside
``django_capture_on_commit_callbacks`` so that what is published on commit is published.
"""

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from feed import actions
from feed.models import Kind, Post
from groups import actions as group_actions
from groups.models import Group, Membership, Role, Visibility
from rse.accounts.models import Follow
from tests.factories import UserFactory
from tests.realtime.sockets import open_socket, run, session_cookie

# Sockets run database work through Channels, which closes connections it finds inside a
# transaction: each test commits for real (as the realtime tests of groups and chat do).
pytestmark = pytest.mark.django_db(transaction=True)

QUIET = 0.2  # seconds a socket is listened to when it must receive nothing


@pytest.fixture
def people(db):
    """An author, a member, an outsider and a site admin who belongs to nothing."""
    return {
        "author": UserFactory(display_name="Ann Author", email="ann@example.com"),
        "member": UserFactory(display_name="Mel Member", email="mel@example.com"),
        "outsider": UserFactory(display_name="Olaf Outsider", email="olaf@example.com"),
        "staff": UserFactory(display_name="Stan Staff", email="stan@example.com", is_staff=True),
    }


def make_group(visibility, people, *members, name=None):
    group = Group.objects.create(
        name=name or f"{visibility.title()} room",
        slug=f"{visibility}-room",
        visibility=visibility,
        created_by=people["author"],
    )
    Membership.objects.create(group=group, user=people["author"], role=Role.OWNER)
    for role in members:
        Membership.objects.create(group=group, user=people[role], role=Role.MEMBER)
    return group


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(action, **kwargs)``: run a feed action and its on-commit callbacks."""

    def call(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return call


def cookies(client, people, *roles):
    return [session_cookie(client, people[role]) for role in roles]


async def heard(socket, count):
    """The next ``count`` frames of the socket, and then silence: nothing more for it."""
    frames = [await socket.receive_json_from(timeout=3) for _ in range(count)]
    extra = (
        [] if await socket.receive_nothing(timeout=QUIET) else [await socket.receive_json_from()]
    )
    assert not extra, f"unexpected frame after {frames}: {extra}"
    return frames


async def close(*sockets):
    for socket in sockets:
        await socket.disconnect()


# --- feed.post -----------------------------------------------------------------------------------


@pytest.mark.django_db  # inside the test's transaction: the commit is held back by hand
def test_a_member_hears_of_a_new_post_once_it_is_committed(
    client, people, django_capture_on_commit_callbacks
):
    group = make_group(Visibility.PRIVATE, people, "member")
    [cookie] = cookies(client, people, "member")
    state = {}

    def write_without_committing():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            state["post"] = actions.create_post(
                author=people["author"], group=group, body="Fresh news"
            )
        state["callbacks"] = callbacks

    def commit():
        for callback in state["callbacks"]:
            callback()

    async def scenario():
        socket = await open_socket(cookie)
        await sync_to_async(write_without_committing)()
        assert await socket.receive_nothing(timeout=QUIET), "published before the commit"
        await sync_to_async(commit)()
        assert await socket.receive_json_from() == {
            "type": "feed.post",
            "group": group.pk,
            "post": state["post"].pk,
            "author": people["author"].pk,
        }
        assert await socket.receive_nothing(timeout=QUIET)
        await close(socket)

    run(scenario)


def test_a_rolled_back_post_is_never_announced(client, people, django_capture_on_commit_callbacks):
    group = make_group(Visibility.PUBLIC, people, "member")
    [cookie] = cookies(client, people, "member")

    def write_and_roll_back():
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    actions.create_post(author=people["author"], group=group, body="Oops")
                    raise RuntimeError("something after the post failed")
            except RuntimeError:
                pass

    async def scenario():
        socket = await open_socket(cookie)
        await sync_to_async(write_and_roll_back)()
        assert await socket.receive_nothing(timeout=QUIET)
        await close(socket)

    run(scenario)
    assert not Post.objects.exists()


def test_nothing_of_a_secret_group_reaches_an_outsider(client, people, committed):
    """Post, mention of them, comment, reaction, accepted answer, edit: the outsider's
    socket (and the site admin's, who belongs to nothing) hears none of it; a member's
    hears all of it."""
    group = make_group(Visibility.SECRET, people, "member", name="Operation Quokka")
    member, outsider, staff = cookies(client, people, "member", "outsider", "staff")
    author = people["author"]

    def activity():
        post = committed(
            actions.create_post,
            author=author,
            group=group,
            kind=Kind.QUESTION,
            title="Quokka budget?",
            body="Ask @olaf about it",  # the outsider cannot read: plain text, no notice
        )
        answer = committed(actions.create_comment, author=people["member"], post=post, body="42")
        committed(actions.toggle_reaction, user=author, post=post, kind="like")
        committed(actions.accept_answer, actor=author, post=post, comment=answer)
        committed(
            actions.edit_post, actor=author, post=post, title="Quokka budget", body="?", version=1
        )

    async def scenario():
        sockets = [await open_socket(cookie) for cookie in (member, outsider, staff)]
        await sync_to_async(activity)()
        frames = await heard(sockets[0], 5)
        assert [f["type"] for f in frames] == [
            "feed.post",
            "feed.comment",
            "feed.reaction",
            "feed.solved",
            "feed.post_changed",
        ]
        for socket in sockets[1:]:
            assert await socket.receive_nothing(timeout=QUIET)
        await close(*sockets)

    run(scenario)


def test_followers_hear_of_posts_in_public_groups_only(client, people, committed):
    """A follower of the author who is not a member hears of a post in a public group
    (it reaches their home feed) but not of one in a private group they cannot read."""
    public = make_group(Visibility.PUBLIC, people)
    private = make_group(Visibility.PRIVATE, people)
    Follow.objects.create(follower=people["outsider"], followed=people["author"])
    [cookie] = cookies(client, people, "outsider")

    def write():
        committed(actions.create_post, author=people["author"], group=private, body="Inside")
        return committed(actions.create_post, author=people["author"], group=public, body="Out")

    async def scenario():
        socket = await open_socket(cookie)
        post = await sync_to_async(write)()
        assert await heard(socket, 1) == [
            {
                "type": "feed.post",
                "group": public.pk,
                "post": post.pk,
                "author": people["author"].pk,
            }
        ]
        await close(socket)

    run(scenario)


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.PRIVATE])
def test_a_follower_who_is_also_a_member_hears_of_a_post_once(
    client, people, committed, visibility
):
    group = make_group(visibility, people, "member")
    Follow.objects.create(follower=people["member"], followed=people["author"])
    [cookie] = cookies(client, people, "member")

    async def scenario():
        socket = await open_socket(cookie)
        await sync_to_async(committed)(
            actions.create_post, author=people["author"], group=group, body="Hello"
        )
        assert [f["type"] for f in await heard(socket, 1)] == ["feed.post"]
        await close(socket)

    run(scenario)


# --- feed.comment, feed.followed_comment -------------------------------------------------------


def test_comments_are_heard_by_members_only(client, people, committed):
    group = make_group(Visibility.PUBLIC, people, "member")
    post = committed(actions.create_post, author=people["author"], group=group, body="Hi")
    member, outsider = cookies(client, people, "member", "outsider")

    async def scenario():
        sockets = [await open_socket(member), await open_socket(outsider)]
        comment = await sync_to_async(committed)(
            actions.create_comment, author=people["author"], post=post, body="First"
        )
        assert await heard(sockets[0], 1) == [
            {
                "type": "feed.comment",
                "group": group.pk,
                "post": post.pk,
                "comment": comment.pk,
                "author": people["author"].pk,
            }
        ]
        # Reading a public group is not belonging to it: no live comments.
        assert await sockets[1].receive_nothing(timeout=QUIET)
        await close(*sockets)

    run(scenario)


def test_a_thread_follower_who_lost_access_hears_nothing_more(client, people, committed):
    """Someone who followed a private group's thread is told of each new comment (the
    notice carries the thread's title) until they leave the group; then of nothing."""
    group = make_group(Visibility.PRIVATE, people, "member")
    post = committed(
        actions.create_post, author=people["author"], group=group, title="Wombat plans", body="?"
    )
    committed(actions.set_subscription, user=people["member"], post=post, subscription="following")
    [cookie] = cookies(client, people, "member")

    def comment():
        return committed(actions.create_comment, author=people["author"], post=post, body="More")

    def leave():
        committed(group_actions.leave_group, group=group, user=people["member"])

    async def scenario():
        socket = await open_socket(cookie)
        first = await sync_to_async(comment)()
        frames = {f["type"]: f for f in await heard(socket, 2)}
        assert set(frames) == {"feed.comment", "feed.followed_comment"}
        assert frames["feed.followed_comment"] == {
            "type": "feed.followed_comment",
            "post": post.pk,
            "comment": first.pk,
            "by": "Ann Author",
            "title": "Wombat plans",
        }
        await sync_to_async(leave)()
        assert [f["type"] for f in await heard(socket, 1)] == ["group.left"]
        await sync_to_async(comment)()
        assert await socket.receive_nothing(timeout=QUIET)
        await close(socket)

    run(scenario)


# --- feed.mention -------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["post", "comment"])
def test_a_mention_is_heard_only_by_mentioned_readers(client, people, committed, where):
    """In a private group, ``@mel`` (a member) and ``@stan`` (a site admin) may read and are
    told; ``@olaf`` (an outsider) stays plain text and is told nothing."""
    group = make_group(Visibility.PRIVATE, people, "member")
    body = "Ping @mel, @stan and @olaf"
    post = None
    if where == "comment":
        post = committed(
            actions.create_post, author=people["author"], group=group, title="Lynx plan", body="?"
        )
    member, staff, outsider = cookies(client, people, "member", "staff", "outsider")

    def write():
        if where == "post":
            return committed(
                actions.create_post,
                author=people["author"],
                group=group,
                title="Lynx plan",
                body=body,
            ), None
        comment = committed(actions.create_comment, author=people["author"], post=post, body=body)
        return post, comment

    async def scenario():
        sockets = [await open_socket(cookie) for cookie in (member, staff, outsider)]
        written, comment = await sync_to_async(write)()
        mention = {
            "type": "feed.mention",
            "post": written.pk,
            "comment": comment.pk if comment else None,
            "by": "Ann Author",
            "title": "Lynx plan",
        }
        heard_by_member = await heard(sockets[0], 2)
        assert mention in heard_by_member
        assert [f["type"] for f in heard_by_member if f["type"] == "feed.mention"] == [
            "feed.mention"
        ]
        assert await heard(sockets[1], 1) == [mention]  # not a member: only this
        assert await sockets[2].receive_nothing(timeout=QUIET)
        await close(*sockets)

    run(scenario)


def test_an_edit_that_adds_a_mention_tells_only_the_new_reader(client, people, committed):
    group = make_group(Visibility.PUBLIC, people, "member")
    post = committed(actions.create_post, author=people["author"], group=group, body="Hi @mel")
    member, outsider = cookies(client, people, "member", "outsider")

    async def scenario():
        sockets = [await open_socket(member), await open_socket(outsider)]
        await sync_to_async(committed)(
            actions.edit_post,
            actor=people["author"],
            post=post,
            title="",
            body="Hi @mel and @olaf",
            version=1,
        )
        # Mel was told already: only the change; Olaf may read a public group: told once.
        assert [f["type"] for f in await heard(sockets[0], 1)] == ["feed.post_changed"]
        assert [f["type"] for f in await heard(sockets[1], 1)] == ["feed.mention"]
        await close(*sockets)

    run(scenario)


def test_a_mention_added_to_a_hidden_post_tells_nobody_who_cannot_see_it(client, people, committed):
    """An author may still edit their post after the moderators hid it; naming someone in
    it must not hand the hidden post's title to a person who cannot see it (an outsider
    reading this public group), while a site admin, who can, is told."""
    group = make_group(Visibility.PUBLIC, people, "member")
    post = committed(
        actions.create_post, author=people["member"], group=group, title="Ferret draft", body="x"
    )
    committed(actions.hide_post, actor=people["author"], post=post, hidden=True, reason="Spam")
    outsider, staff = cookies(client, people, "outsider", "staff")

    def edit():
        committed(
            actions.edit_post,
            actor=people["member"],
            post=Post.objects.get(pk=post.pk),
            title="Ferret draft",
            body="Look @olaf and @stan",
            version=1,
        )

    async def scenario():
        sockets = [await open_socket(outsider), await open_socket(staff)]
        await sync_to_async(edit)()
        assert await sockets[0].receive_nothing(timeout=QUIET)
        assert [f["type"] for f in await heard(sockets[1], 1)] == ["feed.mention"]
        await close(*sockets)

    run(scenario)
    assert list(post.mentions.values_list("user__email", flat=True)) == ["stan@example.com"]


# --- Refused writes publish nothing ------------------------------------------------------------


@pytest.mark.usefixtures("one_rate_window")
def test_a_refused_write_publishes_nothing(client, people, committed, settings):
    settings.POSTS_PER_MINUTE = 1
    group = make_group(Visibility.PRIVATE, people, "member")
    closed = Post.objects.create(
        group=group, author=people["author"], body="Closed", body_html="<p>Closed</p>"
    )
    closed.is_closed = True
    closed.save()
    [cookie] = cookies(client, people, "member")
    author = people["author"]

    def refused(action, error, **kwargs):
        with pytest.raises(error):
            committed(action, **kwargs)

    def write():
        first = committed(actions.create_post, author=author, group=group, body="One @mel")
        # Rate limited (one post a minute here), even with a mention in it:
        refused(actions.create_post, ValidationError, author=author, group=group, body="Two @mel")
        settings.POSTS_PER_MINUTE = 100
        # Bad input:
        refused(actions.create_post, ValidationError, author=author, group=group, body="  ")
        refused(
            actions.create_post,
            ValidationError,
            author=author,
            group=group,
            kind=Kind.QUESTION,
            body="A question without a title @mel",
        )
        refused(actions.create_comment, ValidationError, author=author, post=closed, body="@mel")
        # Not allowed (an outsider writes, a member announces):
        refused(
            actions.create_post, PermissionDenied, author=people["outsider"], group=group, body="x"
        )
        refused(
            actions.create_post,
            PermissionDenied,
            author=people["member"],
            group=group,
            kind=Kind.ANNOUNCEMENT,
            title="Notice",
            body="x",
        )
        refused(
            actions.hide_post,
            PermissionDenied,
            actor=people["member"],
            post=first,
            hidden=True,
            reason="x",
        )
        refused(actions.hide_post, ValidationError, actor=author, post=first, hidden=True)
        return first

    async def scenario():
        socket = await open_socket(cookie)
        first = await sync_to_async(write)()
        frames = await heard(socket, 2)
        assert sorted((f["type"], f["post"]) for f in frames) == [
            ("feed.mention", first.pk),
            ("feed.post", first.pk),
        ]
        await close(socket)

    run(scenario)
    assert Post.objects.filter(group=group).count() == 2  # the closed one and the first
