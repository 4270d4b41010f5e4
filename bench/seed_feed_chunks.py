"""One chunk of the seeded feed, as rows ready to load: posts with their comments, votes,
reactions, thread states, bookmarks, topic links and attachment rows, drawn from a
random generator seeded by the chunk's first post number (see bench/seed_feed.py for
what is generated and why)."""

import random
from datetime import timedelta
from itertools import accumulate

from feed.models import (
    Attachment,
    Kind,
    Topic,
)
from groups.models import Group, Membership, Role, Visibility

from .seed_feed_data import (
    ANNOUNCEMENTS,
    BIG_GROUP,
    DEFAULT,
    FOLLOWING,
    MEAN_POST_GAP,
    QUESTIONS,
    REACTION_KINDS,
    REACTION_WEIGHTS,
    SENTENCES,
    SUBJECTS,
    THREAD_COMMENTS,
    THREAD_INDEX,
    THREADS,
    TOPICS,
    VERBS,
    ZIPF,
)

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
