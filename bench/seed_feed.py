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
"""

import random
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from feed.models import (
    Attachment,
    Bookmark,
    Comment,
    Dismissal,
    Kind,
    Post,
    Reaction,
    ReactionMark,
    ThreadState,
    Topic,
    Vote,
)
from groups.models import Group, Membership, Role, Visibility
from rse.accounts.models import User

from .load import Loader

START = datetime(2023, 1, 2, 8, 0, tzinfo=UTC)
MEAN_POST_GAP = 63.0  # seconds: a million posts in two years
ZIPF = 0.7
CHUNK = 10_000  # posts per transaction (with their comments and marks)
THREAD_INDEX = 400  # the post (by number, from 0) that gets 500 answers
THREAD_COMMENTS = 500
VIEWER_GROUPS = 20
BIG_GROUP = "circle-0"
FOLLOWING = ThreadState.Subscription.FOLLOWING
DEFAULT = ThreadState.Subscription.DEFAULT

TOPICS = [
    "invoicing", "payroll", "onboarding", "sso", "vpn", "expenses", "release", "roadmap",
    "security", "hiring", "training", "travel", "benefits", "crm", "billing", "support",
    "incident", "kpi", "budget", "compliance", "gdpr", "laptop", "printer", "offsite",
    "python", "sql", "api", "mobile", "design", "accessibility", "i18n", "pricing",
] + [f"project{n}" for n in range(300)]  # fmt: skip
SUBJECTS = [
    "the invoicing export", "the new expense policy", "our VPN client", "the Q3 roadmap",
    "SSO on the partner portal", "the Lyon office move", "payroll cut-off dates",
    "the onboarding checklist", "customer refunds", "the release train",
    "the CRM migration", "laptop renewals", "the quarterly KPIs", "GDPR requests",
    "the support rota", "the travel booking tool", "the printer on floor 3",
]  # fmt: skip
QUESTIONS = [
    "How do I {v} {s}?", "Who owns {s}?", "Is there a workaround for {s}?",
    "Why does {s} fail since Monday?", "Where is the documentation for {s}?",
    "Can someone explain {s} to a newcomer?", "What is the deadline for {s}?",
]  # fmt: skip
THREADS = [
    "Feedback wanted on {s}", "Notes from the meeting about {s}", "Ideas to improve {s}",
    "Lessons learned: {s}", "Proposal: simplify {s}", "Weekly update on {s}",
]  # fmt: skip
ANNOUNCEMENTS = [
    "Changes to {s} from next month", "Reminder: {s}", "New: {s} is live",
    "Planned downtime of {s}",
]  # fmt: skip
VERBS = ["configure", "reset", "export", "request", "update", "reach", "approve", "set up"]
SENTENCES = [
    "We tried the steps from the wiki but the result is still different from last month.",
    "Thanks to everyone who joined the session yesterday, the slides are in the drive.",
    "The customer expects an answer before Friday, so any pointer helps.",
    "It works in Paris but not in Montréal, which suggests a configuration difference.",
    "I opened a ticket with IT and will post the outcome here.",
    "Could the team that owns this confirm the expected behaviour?",
    "Short version: it is fixed in the next release, long version below.",
    "The numbers for the quarter are better than planned, well done all.",
    "Please read the attached note before the meeting on Tuesday.",
    "We measured it twice and the difference is real, about fifteen percent.",
    "Agreed, and let us write it down so the next person finds it.",
    "The export stops at ten thousand lines, which is exactly our limit.",
    "Has anyone else seen this after the update?",
    "Same here since this morning, restarting did not help.",
    "You need the finance approver role, ask your manager to request it.",
    "The form moved to the new portal, the old link redirects there now.",
    "Good catch, I updated the checklist accordingly.",
    "This is documented in the handbook, section four, but it is easy to miss.",
    "We will discuss it at the next team meeting and come back to you.",
    "Marking this as solved, thanks for the quick help everyone.",
    "I would rather keep the current process until the audit is over.",
    "A colleague from Lyon had the same issue, the fix was to clear the cache.",
    "Let us keep this thread for questions and use chat for quick ones.",
    "The deadline is the last working day of the month, as usual.",
]
REACTION_KINDS = [r.value for r in Reaction]
REACTION_WEIGHTS = list(accumulate([60, 15, 10, 10, 5]))

POST_FIELDS = [
    "id", "group_id", "author_id", "kind", "title", "body", "body_html", "created_at",
    "edited_at", "version", "last_activity_at", "comment_count", "last_comment_id",
    "accepted_answer_id", "is_closed", "hidden_at", "hidden_by_id", "hidden_reason",
]  # fmt: skip
COMMENT_FIELDS = [
    "id", "post_id", "author_id", "reply_to_id", "body", "body_html", "created_at",
    "edited_at", "version", "score", "hidden_at", "hidden_by_id", "hidden_reason",
]  # fmt: skip
REACTION_FIELDS = ["post_id", "comment_id", "user_id", "kind", "created_at"]
VOTE_FIELDS = ["comment_id", "user_id", "created_at"]
STATE_FIELDS = ["post_id", "user_id", "last_read_comment_id", "read_at", "subscription"]
MARK_FIELDS = ["post_id", "user_id", "created_at"]
TOPIC_FIELDS = ["post_id", "topic_id"]
ATTACHMENT_FIELDS = [
    "post_id", "comment_id", "type", "file", "thumbnail", "name", "content_type", "size",
    "width", "height", "created_at",
]  # fmt: skip


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


# --- Posts, comments and what surrounds them ----------------------------------------------


class _Company:
    """What every chunk needs: groups with their members and weights, topics, viewer."""

    def __init__(self, viewer):
        self.viewer = viewer.pk
        groups = list(Group.objects.order_by("pk").values_list("pk", "slug", "visibility"))
        members, owners = {}, {}
        for group, user, role in Membership.objects.order_by("group", "user").values_list(
            "group", "user", "role"
        ):
            members.setdefault(group, []).append(user)
            if role == Role.OWNER:
                owners.setdefault(group, user)
        self.groups = [g for g, _slug, _vis in groups if members.get(g)]
        self.members = members
        self.owners = {g: owners.get(g, members[g][0]) for g in self.groups}
        order = random.Random(3).sample(self.groups, len(self.groups))
        big = next((g for g, slug, _vis in groups if slug == BIG_GROUP), None)
        if big in order:
            order.remove(big)
            order.insert(0, big)
        weight = {g: (rank + 1) ** -ZIPF for rank, g in enumerate(order)}
        self.cum_weights = list(accumulate(weight[g] for g in self.groups))
        self.big = big
        self.viewer_groups = set(
            Membership.objects.filter(user=viewer).values_list("group_id", flat=True)
        )
        self.public = {g for g, _slug, vis in groups if vis == Visibility.PUBLIC}
        Topic.objects.bulk_create([Topic(name=n) for n in TOPICS], ignore_conflicts=True)
        self.topics = dict(Topic.objects.filter(name__in=TOPICS).values_list("name", "pk"))


def _title(rng, templates):
    return rng.choice(templates).format(v=rng.choice(VERBS), s=rng.choice(SUBJECTS))


def _text(rng, most):
    count = min(1 + int(rng.expovariate(0.6)), most)
    return " ".join(rng.choices(SENTENCES, k=count))


def _voters(rng, members, author, count):
    pool = rng.sample(members, min(count + 1, len(members)))
    return [m for m in pool if m != author][:count]


def _attachment(rng, post_id, comment_id, at):
    """A stored file's row (no file on disk: pages only link to it): 40% images."""
    name = f"attachments/bench/{post_id}-{comment_id or 0}"
    if rng.random() < 0.4:
        size, kind = rng.randint(200_000, 3_000_000), Attachment.Type.IMAGE
        return (post_id, comment_id, kind, f"{name}.jpg", f"{name}-thumb.webp", "photo.jpg",
                "image/jpeg", size, 1600, 1200, at)  # fmt: skip
    size, kind = rng.randint(20_000, 2_000_000), Attachment.Type.FILE
    return (post_id, comment_id, kind, f"{name}.pdf", "", "minutes.pdf", "application/pdf",
            size, None, None, at)  # fmt: skip


def _chunk(company, rng, first_index, first_post_id, first_comment_id, clock, count, per_post):
    """Rows for ``count`` posts from post number ``first_index``, and the clock after."""
    posts, comments = [], []  # comments: [created_at, post row index, author, score, voters]
    post_times = []
    nonzero_mean = per_post / 0.65 - 0.5
    groups = rng.choices(company.groups, cum_weights=company.cum_weights, k=count)
    for offset in range(count):
        index = first_index + offset
        clock += timedelta(seconds=rng.expovariate(1 / MEAN_POST_GAP))
        group = company.big if index == THREAD_INDEX and company.big else groups[offset]
        members = company.members[group]
        roll = rng.random()
        if index == THREAD_INDEX or roll < 0.25:
            kind, title = Kind.QUESTION, _title(rng, QUESTIONS)
        elif roll < 0.27:
            kind = Kind.ANNOUNCEMENT
            title = _title(rng, ANNOUNCEMENTS) if rng.random() < 0.8 else ""
        else:
            kind = Kind.DISCUSSION
            title = _title(rng, THREADS) if rng.random() < 0.33 else ""
        author = company.owners[group] if kind == Kind.ANNOUNCEMENT else rng.choice(members)
        body = _text(rng, 8)
        topics = []
        if rng.random() < 0.25:
            topics = rng.sample(TOPICS, 1 + (rng.random() < 0.3))
            body += " " + " ".join(f"#{t}" for t in topics)
        hidden = rng.random() < 0.001
        post = [
            None,  # id, set below
            group,
            author,
            kind,
            title,
            body,
            f"<p>{body}</p>",
            clock,
            None,
            1,
            clock,  # last_activity_at
            0,
            0,
            None,
            bool(title) and rng.random() < 0.01,
            clock + timedelta(hours=1) if hidden else None,
            company.owners[group] if hidden else None,
            "Off-topic for this group." if hidden else "",
        ]
        posts.append((post, topics))
        post_times.append(clock)
        if index == THREAD_INDEX:
            n_comments, gap = THREAD_COMMENTS, 3600
        elif rng.random() < 0.35:
            n_comments, gap = 0, 0
        else:
            n_comments, gap = min(1 + int(rng.expovariate(1 / nonzero_mean)), 200), 2 * 3600
        at = clock
        for _ in range(n_comments):
            at += timedelta(seconds=rng.expovariate(1 / gap))
            commenter = rng.choice(members)
            score, voters = 0, ()
            if kind == Kind.QUESTION:
                score = int(rng.expovariate(1.2))
                voters = _voters(rng, members, commenter, score) if score else ()
            comments.append([at, offset, commenter, voters])
    # Comment ids follow time within the chunk, hence within each post.
    comments.sort(key=lambda c: c[0])
    by_post = {}
    for number, comment in enumerate(comments):
        comment.insert(0, first_comment_id + number)  # [id, at, offset, author, voters]
        by_post.setdefault(comment[2], []).append(comment)

    rows = {name: [] for name in ("post", "comment", "reaction", "vote", "state", "topic")}
    rows.update(bookmark=[], dismissal=[], attachment=[])
    viewer = company.viewer
    for offset, (post, topics) in enumerate(posts):
        post_id = first_post_id + offset
        post[0] = post_id
        group, author, kind, created = post[1], post[2], post[3], post[7]
        members = company.members[group]
        thread = by_post.get(offset, [])
        states = {author: [post_id, author, 0, created, FOLLOWING]}
        reply_pool = []
        for comment_id, at, _offset, commenter, voters in thread:
            reply_to = rng.choice(reply_pool) if reply_pool and rng.random() < 0.1 else None
            reply_pool.append(comment_id)
            body = _text(rng, 3)
            rows["comment"].append(
                [
                    comment_id,
                    post_id,
                    commenter,
                    reply_to,
                    body,
                    f"<p>{body}</p>",
                    at,
                    None,
                    1,
                    len(voters),
                    None,
                    None,
                    "",
                ]
            )
            for voter in voters:
                rows["vote"].append((comment_id, voter, at + timedelta(minutes=30)))
            states[commenter] = [post_id, commenter, comment_id, at, FOLLOWING]
            if rng.random() < 0.003:
                rows["attachment"].append(_attachment(rng, post_id, comment_id, at))
            if rng.random() < 0.2:
                for user in rng.sample(members, min(1 + int(rng.expovariate(1.5)), len(members))):
                    kind_ = rng.choices(REACTION_KINDS, cum_weights=REACTION_WEIGHTS)[0]
                    rows["reaction"].append((post_id, comment_id, user, kind_, at))
        if thread:
            last = thread[-1]
            post[10], post[11], post[12] = last[1], len(thread), last[0]
            if kind == Kind.QUESTION and rng.random() < 0.5:
                best = max(thread, key=lambda c: (len(c[4]), -c[0]))
                post[13] = best[0]
            # Most of those who took part read the thread to its end.
            for state in states.values():
                if rng.random() < 0.7:
                    state[2], state[3] = last[0], last[1]
        in_view = group in company.viewer_groups
        if in_view and viewer not in states and rng.random() < 0.5:
            states[viewer] = [post_id, viewer, post[12], post[10], DEFAULT]
        rows["state"].extend(tuple(s) for s in states.values())
        if in_view and rng.random() < 0.02:
            rows["bookmark"].append((post_id, viewer, created + timedelta(hours=2)))
        if in_view and kind == Kind.ANNOUNCEMENT and rng.random() < 0.5:
            rows["dismissal"].append((post_id, viewer, created + timedelta(hours=3)))
        if rng.random() < 0.1:
            saver = rng.choice(members)
            if saver != viewer:
                rows["bookmark"].append((post_id, saver, created + timedelta(hours=1)))
        reactors = min(int(rng.expovariate(1 / 1.5)), len(members))
        for user in rng.sample(members, reactors):
            kind_ = rng.choices(REACTION_KINDS, cum_weights=REACTION_WEIGHTS)[0]
            rows["reaction"].append((post_id, None, user, kind_, created))
        rows["topic"].extend((post_id, company.topics[t]) for t in topics)
        if rng.random() < 0.01:
            rows["attachment"].append(_attachment(rng, post_id, None, created))
        rows["post"].append(tuple(post))
    rows["comment"] = [tuple(c) for c in rows["comment"]]
    return rows, clock, first_comment_id + len(comments)


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
