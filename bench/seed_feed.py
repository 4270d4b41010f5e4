"""Bulk seeding of the feed: a million posts and three million comments in minutes.

What is generated, and why it looks like a real company's network:

- Posts arrive one after the other, ~63 s apart on average (exponential gaps), from
  2023-01-02: a million posts span about two years, ten thousand the first week. They are
  inserted in that order, so ids follow ``created_at`` as they do in production.
- Groups are not equally busy: the share of posts of the group ranked ``r`` is
  proportional to ``r ** -0.7`` (Zipf), the 2,000-member company-wide group (circle-0)
  ranked first (~4% of posts), the rest in a fixed random order. Authors are members.
- Kinds: 25% questions (always titled), 2% announcements (by the group's owner, mostly
  titled), the rest discussions, a third of them titled (forum threads). A quarter of
  the posts carry one or two ``#topics``; 1% of posts and 0.3% of comments have a file
  (40% images); 0.1% of posts are hidden by a moderator; 1% of threads are closed.
- Comments: 35% of posts get none; the others ~4.6 on average (exponential, capped at
  200), so three per post overall. They come minutes to hours after the post and after
  one another, by members of the group; 10% reply to an earlier comment. Within a post
  comment ids follow time. Answers to questions get votes (``score`` equals the stored
  votes); half of the answered questions have an accepted answer, the best-voted one.
- Counters kept by the actions are consistent: ``comment_count``, ``last_comment_id``
  (the post's largest comment id), ``last_activity_at`` (its last comment, else the
  post), the groups' ``last_activity_at``.
- Around the posts: reactions (~1 per post, ~0.25 per comment), a thread state per
  author and per commenter (as the actions create them), bookmarks (~0.1 per post).
  At 1M posts: 3.0M comments, 1.8M reactions, 3.4M thread states, 0.3M votes,
  0.3M topic links, 19k attachments; 2.8 GB on SQLite, 3.4 GB on PostgreSQL.
- The bench's viewer: a regular member (no role, not staff) of 20 groups (12 public,
  6 private, 2 secret, circle-0 among them), following 5 people, who has read about half
  of their threads, saved 2% and dismissed half of their announcements.
- One question in circle-0 has exactly 500 answers: the thread page's worst case.

Not generated: mentions, revisions, edits, files on disk (attachment rows only).

Seeding grows the feed to the target and can be called again with a larger one: each
chunk of posts draws from a random generator seeded by its first post's number, and
continues the clock from the newest stored post.

Its parts: seed_feed_data.py (rates, phrases, columns) and seed_feed_chunks.py (the rows
of one chunk); this module seeds the viewer, loads the chunks and checks the result."""

import random
import time

from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from feed.models import (
    Attachment,
    Bookmark,
    Comment,
    Dismissal,
    Post,
    ReactionMark,
    ThreadState,
    Vote,
)
from groups.models import Group, Membership, Role
from rse.accounts.models import User

from .load import Loader
from .seed_feed_chunks import _chunk, _Company
from .seed_feed_data import (
    ATTACHMENT_FIELDS,
    BIG_GROUP,
    CHUNK,
    COMMENT_FIELDS,
    MARK_FIELDS,
    POST_FIELDS,
    REACTION_FIELDS,
    START,
    STATE_FIELDS,
    THREAD_COMMENTS,
    TOPIC_FIELDS,
    VIEWER_GROUPS,
    VOTE_FIELDS,
)

# --- The viewer --------------------------------------------------------------------------


def seed_viewer(*, groups=VIEWER_GROUPS, rng=None):
    """The person the bench browses as: a regular member (never owner, moderator or
    site admin) of ``groups`` groups: the company-wide one and others of every kind."""
    rng = rng or random.Random(20)
    leaders = Membership.objects.exclude(role=Role.MEMBER).values("user")
    viewer = (
        User.objects.filter(department="Support", is_active=True)
        .exclude(pk__in=leaders)
        .order_by("pk")
        .first()
    )
    if viewer.is_staff:
        viewer.is_staff = False
        viewer.save(update_fields=["is_staff"])
    mine = set(Membership.objects.filter(user=viewer).values_list("group_id", flat=True))
    missing = groups - len(mine)
    if missing > 0:
        big = Group.objects.get(slug=BIG_GROUP).pk
        others = list(Group.objects.exclude(pk__in=mine).exclude(pk=big).order_by("pk"))
        chosen = ([big] if big not in mine else []) + [
            g.pk for g in rng.sample(others, len(others))
        ]
        Membership.objects.bulk_create(
            [Membership(group_id=pk, user=viewer) for pk in chosen[:missing]],
            ignore_conflicts=True,
        )
    return viewer


def _insert(loader, rows):
    loader.insert(Post, POST_FIELDS, rows["post"])
    loader.insert(Comment, COMMENT_FIELDS, rows["comment"])
    loader.insert(Post.topics.through, TOPIC_FIELDS, rows["topic"])
    loader.insert(ReactionMark, REACTION_FIELDS, rows["reaction"])
    loader.insert(Vote, VOTE_FIELDS, rows["vote"])
    loader.insert(ThreadState, STATE_FIELDS, rows["state"])
    loader.insert(Bookmark, MARK_FIELDS, rows["bookmark"])
    loader.insert(Dismissal, MARK_FIELDS, rows["dismissal"])
    loader.insert(Attachment, ATTACHMENT_FIELDS, rows["attachment"])


def _fast_writes():
    """Loading-only settings for this connection (new connections get the defaults).
    Returns whether foreign keys go unchecked during the load: then ``_verify_keys``
    checks them all at the end, in one query per key instead of one per row."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            # 1 GB of page cache for the index inserts; it counts in the bench process's
            # peak memory (new connections, as each request opens, get the default).
            cursor.execute("PRAGMA cache_size=-1000000")
            cursor.execute("PRAGMA temp_store=MEMORY")
            return False
        cursor.execute("SET synchronous_commit TO off")
        try:
            # Per-row foreign key triggers doubled PostgreSQL's load time (measured:
            # 37 s -> 22 s per 100,000 posts). Needs a superuser, as on the bench.
            cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            return False
        return True


def _slow_writes():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET synchronous_commit TO DEFAULT")


LOADED = [Post, Comment, Post.topics.through, ReactionMark, Vote, ThreadState, Bookmark,
          Dismissal, Attachment]  # fmt: skip


def _verify_keys():
    """Every foreign key of the loaded tables points to a stored row, or the load fails."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in LOADED:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.target_field
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} c "
                    f"WHERE c.{quote(field.column)} IS NOT NULL AND NOT EXISTS ("
                    f"SELECT 1 FROM {quote(target.model._meta.db_table)} p "
                    f"WHERE p.{quote(target.column)} = c.{quote(field.column)})"
                )
                orphans = cursor.fetchone()[0]
                if orphans:
                    raise IntegrityError(
                        f"{orphans} rows of {model._meta.db_table}.{field.column} point nowhere"
                    )


def seed_posts(total, *, viewer, comments_per_post=3.0, loader=None, progress=print):
    """Grow the feed to ``total`` posts (with ~``comments_per_post`` comments each)."""
    start = Post.objects.count()
    if start >= total:
        return {}
    loader = loader or Loader()
    unchecked = _fast_writes()
    company = _Company(viewer)
    last = Post.objects.order_by("-pk").values_list("pk", "created_at").first()
    next_post_id, clock = (last[0] + 1, last[1]) if last else (1, START)
    next_comment_id = (Comment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    started = time.perf_counter()
    shown = start
    timings = dict.fromkeys(["generate rows", "insert", "commit", "counters"], 0.0)
    for first in range(start, total, CHUNK):
        count = min(CHUNK, total - first)
        rng = random.Random(f"posts-{first}")
        generating = time.perf_counter()
        rows, clock, next_comment_id = _chunk(
            company, rng, first, next_post_id, next_comment_id, clock, count, comments_per_post
        )
        writing = time.perf_counter()
        with transaction.atomic():
            _insert(loader, rows)
            committing = time.perf_counter()
        timings["generate rows"] += writing - generating
        timings["insert"] += committing - writing
        timings["commit"] += time.perf_counter() - committing
        next_post_id += count
        done = first + count
        if progress and (done - shown >= 100_000 or done == total):
            shown = done
            rate = (done - start) / (time.perf_counter() - started)
            progress(f"   … {done:>9,} posts ({rate:,.0f} posts/s with their comments)")
    finishing = time.perf_counter()
    _after_load()
    _slow_writes()
    timings["counters"] = time.perf_counter() - finishing
    if unchecked:
        checking = time.perf_counter()
        _verify_keys()
        timings["foreign key check"] = time.perf_counter() - checking
    return {
        "seconds": {name: round(value, 1) for name, value in timings.items()},
        "tables": loader.summary(),
        "loader": loader.method,
    }


def _after_load():
    """What the actions would have kept up to date, and sequences after explicit ids."""
    newest = Post.objects.filter(group=OuterRef("pk")).order_by("-last_activity_at", "-pk")
    Group.objects.update(
        last_activity_at=Coalesce(
            Subquery(newest.values("last_activity_at")[:1]), F("last_activity_at")
        )
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Post, Comment]):
                cursor.execute(sql)


def analyze():
    """Planner statistics, as autovacuum (PostgreSQL) or ``PRAGMA optimize`` would keep
    them in production. On PostgreSQL, VACUUM also sets the visibility map that lets
    index-only scans skip the table, as autovacuum does after a bulk load."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def thread_with_most_comments():
    return Post.objects.filter(comment_count=THREAD_COMMENTS, group__slug=BIG_GROUP).first()


def size_on_disk():
    """Bytes used by the database (all tables and indexes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            )
        return cursor.fetchone()[0]
