"""Reading posts for lists: which posts a list shows (always through the door), and
what each card needs beside the post (reactions, attachments, topics, the reader's own
marks) fetched for the whole page at once, so a page runs the same few queries whether
it shows 5 posts or 50, and whatever the number stored."""

from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Window

from rse.keyset import keyset_page

from . import permissions
from .models import (
    REACTION_EMOJI,
    Attachment,
    Bookmark,
    Dismissal,
    Kind,
    Post,
    Reaction,
    ReactionMark,
    ThreadState,
    Topic,
)

PAGE_SIZE = 20
# The announcements the strip above a feed names: the newest, and the others it lists
# when opened; beyond these it says how many more there are and links to them.
PINNED_LISTED = 10
HOME_FILTERS = ("all", "questions", "unanswered", "announcements", "saved")
FORUM_FILTERS = ("all", "unanswered", "solved", "mine")


def with_reader_state(posts, user):
    state = ThreadState.objects.filter(post=OuterRef("pk"), user=user)
    return posts.annotate(
        is_saved=Exists(Bookmark.objects.filter(post=OuterRef("pk"), user=user)),
        read_up_to=Subquery(state.values("last_read_comment_id")[:1], output_field=IntegerField()),
    )


def home_posts(user, show="all"):
    """My groups' posts and those of people I follow (where I may read them); saved: every
    post I saved (where I may still read it)."""
    if show == "saved":
        return permissions.visible_posts(user).filter(bookmarks__user=user)
    return filter_kind(permissions.visible_home_posts(user), show)


def filter_kind(posts, show):
    if show == "questions":
        return posts.filter(kind=Kind.QUESTION)
    if show == "unanswered":
        return posts.filter(kind=Kind.QUESTION, comment_count=0)
    if show == "announcements":
        return posts.filter(kind=Kind.ANNOUNCEMENT)
    return posts


def forum_posts(user, group, show="all", topic=""):
    """A group's threads (posts with a title)."""
    posts = permissions.visible_posts(user).filter(group=group).exclude(title="")
    if show == "unanswered":
        posts = posts.filter(kind=Kind.QUESTION, comment_count=0)
    elif show == "solved":
        posts = posts.filter(accepted_answer__isnull=False)
    elif show == "mine":
        posts = posts.filter(author=user)
    if topic:
        # From the topic's posts, not joined to them: SQLite then walked every thread of
        # the group for the few with the topic (105 ms in a forum of 42,000 posts).
        tagged = Post.topics.through.objects.filter(topic__name=topic).values("post_id")
        posts = posts.filter(pk__in=tagged)
    return posts


def forum_topics(user, group, size=30, sample=200):
    """The topic chips of a forum: the tags of the ``sample`` most recently active threads
    this person may read (never a hidden post's), so that offering them costs the same in a
    forum of a hundred threads or of a million."""
    recent = forum_posts(user, group).order_by("-last_activity_at", "-pk").values("pk")[:sample]
    return Topic.objects.filter(posts__in=recent).distinct().order_by("name")[:size]


def pinned_announcements(user, group=None):
    """Announcements pinned for this person until they dismiss them: those of one group,
    or of all the person's groups."""
    if group:
        posts = permissions.visible_posts(user).filter(group=group)
    else:
        posts = permissions.visible_posts_of_my_groups(user)
    posts = posts.filter(kind=Kind.ANNOUNCEMENT)
    posts = posts.exclude(Exists(Dismissal.objects.filter(post=OuterRef("pk"), user=user)))
    return posts.order_by("-created_at", "-pk")


def pinned_strip(user, group=None, size=PINNED_LISTED):
    """``(posts, total)``: the newest ``size`` announcements pinned for this person and how
    many are pinned in all, in one query. The total is a window over the rows the query
    finds, so it costs the query nothing it did not already read: the rows pinned for
    this person (found through the announcements' index), not the posts of their groups."""
    posts = pinned_announcements(user, group).select_related("group")
    posts = list(posts.annotate(pinned_total=Window(Count("pk")))[:size])
    return posts, (posts[0].pinned_total if posts else 0)


def page_of_posts(posts, user, *, cursor="", key="created_at", size=PAGE_SIZE):
    posts = with_reader_state(posts.select_related("author", "group"), user)
    posts = posts.prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
    page = keyset_page(posts, key=key, cursor=cursor, size=size)
    decorate(page.items, user)
    return page


def decorate(posts, user):
    """Attach reactions and attachments to each post of a page: two queries in all."""
    ids = [post.pk for post in posts]
    reactions = reaction_summaries(user, post_ids=ids, comments=False)
    attachments = defaultdict(list)
    # "NOT comment IS NOT NULL" rather than "comment IS NULL": SQLite's statistics make the
    # comment index look selective for NULL, and it then read every post's attachments.
    for attachment in Attachment.objects.filter(post__in=ids).exclude(comment__isnull=False):
        attachments[attachment.post_id].append(attachment)
    for post in posts:
        post.reaction_summary = reactions.get(post.pk, [])
        post.attachment_list = attachments.get(post.pk, [])
        post.images = [a for a in post.attachment_list if a.is_image]
        post.files = [a for a in post.attachment_list if not a.is_image]
        read_up_to = getattr(post, "read_up_to", None)
        post.is_unread = (read_up_to is None and post.author_id != user.pk) or (
            read_up_to is not None and post.last_comment_id > read_up_to
        )


def reaction_summaries(user, *, post_ids=(), comment_ids=(), comments):
    """``{post or comment id: [(kind, emoji, label, count, mine), ...]}`` in the fixed order."""
    marks = ReactionMark.objects.all()
    if comments:
        marks, key = marks.filter(comment__in=comment_ids), "comment"
    else:
        marks, key = marks.filter(post__in=post_ids, comment__isnull=True), "post"
    rows = marks.values(key, "kind").annotate(
        count=Count("pk"), mine=Count("pk", filter=Q(user=user))
    )
    counts = defaultdict(dict)
    for row in rows:
        counts[row[key]][row["kind"]] = (row["count"], row["mine"] > 0)
    # Each label translated once per page, not twice per reaction shown.
    labels = {kind: str(kind.label) for kind in Reaction}
    return {
        target: [
            (kind.value, REACTION_EMOJI[kind], labels[kind], *kinds[kind.value])
            for kind in Reaction
            if kind.value in kinds
        ]
        for target, kinds in counts.items()
    }
