"""Writing a drafted post through the feed's actions (so mentions, topics, rendering,
attachments, counters and read state are right), then moving what it made into the past
with plain updates: a comment after its post, a reaction or a vote after what it marks,
nothing after now. forums.py drafts the posts; this module writes them."""

import re
import textwrap
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from feed import actions
from feed import models as feed
from groups.models import Membership

from .data import PICTURES
from .history import backdate, later


def _upload(name):
    content = (PICTURES / name).read_bytes() if name else None
    return [SimpleUploadedFile(name, content, content_type="image/png")] if name else []


def _excerpt(body):
    """The first paragraph of a comment (not a quote, code or a table), as a reply quotes it."""
    skip = (">", "```", "|")
    paragraph = next((p for p in body.split("\n\n") if not p.lstrip().startswith(skip)), "")
    text = re.sub(r"^@[\w.+-]+\s*", "", paragraph.strip())
    return textwrap.shorten(text, 140, placeholder="…")


class Publisher:
    """Writes a group's drafts; the seeder (forums.py) gives it rng, group, members, now."""

    def later(self, moment, hours=30):
        """When someone reacted, voted or saved: after ``moment``, before now."""
        return later(self.rng, moment, 3, hours * 60, self.now - timedelta(minutes=1))

    def others(self, person_id):
        return [m.user for m in self.members if m.user.pk != person_id]

    def publish(self, draft):
        rng, author, at = self.rng, draft.author, draft.at
        files = _upload(draft.picture)
        fields = {key: draft[key] for key in ("kind", "title", "body")}
        post = actions.create_post(author=author, group=self.group, files=files, **fields)
        post.group = self.group  # keeps the door's membership cache for the marks below
        comments, read, pictures = [], {author.pk: at}, bool(files)
        for spec in draft.comments:
            target = comments[spec.to] if spec.to is not None else None
            # A reply is quoted and named, as the reply button does.
            body = f"> {_excerpt(target.body)}\n\n@{target.author.handle} " if target else ""
            files = _upload(spec.get("picture"))
            comment = actions.create_comment(
                author=spec.author, post=post, body=body + spec.text, reply_to=target, files=files
            )
            comment.created_at = read[spec.author.pk] = spec.at
            comments.append(comment)
            pictures |= bool(files)
        backdate(comments, lambda comment: comment.created_at)
        last = comments[-1].created_at if comments else at
        feed.Post.objects.filter(pk=post.pk).update(created_at=at, last_activity_at=last)
        post.created_at, post.last_activity_at = at, last
        commented = feed.Comment.objects.filter(pk=OuterRef("comment_id")).values("created_at")
        stamp = Coalesce(Subquery(commented), Value(at))  # when their post or comment was
        mentions = any("@" in text for text in [post.body, *(c.body for c in comments)])
        for model, made in ((feed.Attachment, pictures), (feed.Mention, mentions)):
            if made:
                model.objects.filter(post=post).update(created_at=stamp)
        states = feed.ThreadState.objects.filter(post=post, user_id__in=read)
        backdate(states, lambda state: read[state.user_id], "read_at")
        self.latest = max(self.latest, last)
        self.created += 1
        if draft.get("edit"):  # by the author, with their last comment, if any
            body = post.body
            for edit in draft.edit:
                body = body.replace(edit.old, edit.new)
            own = [c.created_at for c in comments if c.author_id == author.pk]
            edited = own[-1] if own else self.later(at, 3)
            actions.edit_post(
                actor=author, post=post, title=post.title, body=body, version=post.version
            )
            feed.Post.objects.filter(pk=post.pk).update(edited_at=edited)
            feed.Revision.objects.filter(post=post).update(written_at=at, replaced_at=edited)

        marks, voted = [], False  # reactions: (person, kind, comment)
        for n, (spec, comment) in enumerate(zip(draft.comments, comments, strict=True)):
            others = self.others(comment.author_id)
            votes = spec.votes if post.kind == feed.Kind.QUESTION else 0
            for person in rng.sample(others, min(votes, len(others))):
                actions.toggle_vote(user=person, comment=comment)
                voted = True
            for kind in spec.react:
                count = min(rng.randint(1, 3), len(others))
                marks += [(person, kind, comment) for person in rng.sample(others, count)]
            if n == draft.accepted and comment.author_id != author.pk:
                marks.append((author, "thanks", comment))
            if spec.get("hide"):
                moderator, reason = spec.hide
                actions.hide_comment(actor=moderator, comment=comment, hidden=True, reason=reason)
                hidden_at = self.later(comment.created_at, 2)
                feed.Comment.objects.filter(pk=comment.pk).update(hidden_at=hidden_at)
        if draft.accepted is not None:
            actions.accept_answer(actor=author, post=post, comment=comments[draft.accepted])
        reactors, mood = self.others(author.pk), draft.mood or self.words.moods[draft.kind]
        if (fans := draft.get("fans")) is None:  # how many react (words.toml: ``fans``)
            share = "thread" if "hours" in draft else "filler"
            low, high = self.words.fans[
                draft.kind if draft.kind == feed.Kind.ANNOUNCEMENT else share
            ]
            fans = rng.randint(round(low * len(reactors)), max(1, round(high * len(reactors))))
        for person in rng.sample(reactors, min(fans, len(reactors))):
            marks.append((person, rng.choices(mood, [5, 3, 2, 1][: len(mood)])[0], None))
            if rng.random() < 0.1:
                marks.append((person, rng.choice(mood), None))
        for person, kind, comment in dict.fromkeys(marks):  # a second toggle takes it back
            actions.toggle_reaction(user=person, post=post, kind=kind, comment=comment)
        # Reactions and votes were made just now: move them to after what they mark.
        if marks:
            marks = feed.ReactionMark.objects.filter(post=post)
            marks.filter(comment=None).update(created_at=self.later(at))
            marks.filter(comment__isnull=False).update(created_at=self.later(last))
        if voted:
            feed.Vote.objects.filter(comment__post=post).update(created_at=self.later(last))
        for person in draft.get("saved_by", ()):
            actions.toggle_bookmark(user=person, post=post)
            feed.Bookmark.objects.filter(post=post, user=person).update(created_at=self.later(last))
        if draft.get("dismissed"):
            chosen = rng.sample(reactors, int(len(reactors) * draft.dismissed))
            chosen += [p for p in reactors if p.display_name in self.logins and p not in chosen]
            for person in chosen:  # the demo logins see only the newest ones pinned
                actions.dismiss_announcement(user=person, post=post)
            backdate(feed.Dismissal.objects.filter(post=post), lambda _d: self.later(at, 72))
        if draft.get("closed"):
            actions.close_post(actor=author, post=post, closed=True)


def read_up_to_yesterday(people, groups, now, logins):
    """The demo logins have read what is older than a day and a half: the rest shows as
    new for them, as it would after a weekend."""
    before = now - timedelta(hours=36)
    for person in (person for person in people if person.display_name in logins):
        mine = Membership.objects.filter(user=person, group__in=groups).values("group")
        posts = feed.Post.objects.filter(group__in=mine, last_activity_at__lt=before)
        for post in posts.select_related("group"):
            actions.mark_read(user=person, post=post, up_to=post.last_comment_id)
        activity = feed.Post.objects.filter(pk=OuterRef("post_id")).values("last_activity_at")[:1]
        states = feed.ThreadState.objects.filter(user=person, post__in=posts, read_at__gte=now)
        states.update(read_at=Subquery(activity))
