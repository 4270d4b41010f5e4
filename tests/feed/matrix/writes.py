"""The table of every feed write the matrix tries: for each, its address and data in a
group of each kind, the outcome each kind of person must get and the effect it must
leave; and the row counts that prove a refused write left nothing behind. Used by
test_actions.py, and by the secret group's checks."""

import re

from django.db import connection

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
from groups.models import Group, Membership

from .rules import can_post, can_read, manages_content, moderates, signed_in, takes_part
from .world import GROUPS, MODERATING_ROLES

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
