"""The demo groups' feeds and forums (data/forums/*.toml): a few weeks of company life.
Each group gets its handcrafted threads (the newest, seen first), then older posts drawn
from its templates with a seeded ``random.Random``, so every run makes the same company:
who says what, and when (in working hours, before the group's last activity). posts.py
writes them. Idempotent: a group that has posts is left alone."""

import random
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from feed import models as feed
from groups.models import Group, Membership, Role

from .calendar import working_before
from .data import Record
from .history import stand_in, unlimited
from .posts import Publisher, read_up_to_yesterday

Q, A = feed.Kind.QUESTION, feed.Kind.ANNOUNCEMENT


class Stock(str):
    """A stock comment's kind ("thanks"): said from words.toml in the commenter's language."""


class Slots(dict):
    """A post's ``{slots}`` (words.toml), each drawn once so that it means the same in the
    title, body and comments; ``{customer2}`` is another customer than ``{customer}``."""

    def __init__(self, seeder, lang, author):
        super().__init__()
        self.seeder, self.lang, self.author, self.used = seeder, lang, author, {}

    def __missing__(self, key):
        rng, words, base = self.seeder.rng, self.seeder.words, key.rstrip("0123456789")
        if base in words.numbers:
            value = rng.randint(*words.numbers[base])
        elif base in ("member", "mod"):
            pool = self.seeder.pool(base == "mod", {self.author.pk})  # an @mention
            value = "@" + rng.choice(pool).user.handle
        else:
            choices = words.vocabulary.get(f"{base}:{self.lang}") or words.vocabulary[base]
            taken = self.used.setdefault(base, set())
            value = rng.choice([w for w in choices if w not in taken] or choices)
            taken.add(value)
        self[key] = value
        return value


class Seeder(Publisher):
    """Drafts one group's posts: the drawn ones first (older), then the handcrafted."""

    def __init__(self, group, plan, now, words, logins):
        self.group, self.plan, self.now, self.words, self.logins = group, plan, now, words, logins
        self.rng = random.Random(f"rse-demo-feed:{plan.slug}")
        members = Membership.objects.filter(group=group).select_related("user")
        self.members = list(members.order_by("joined_at", "pk"))
        self.by_name = {m.user.display_name: m for m in self.members}
        self.staff = [m for m in self.members if m.role in (Role.OWNER, Role.MODERATOR)]
        # The group's last activity, as the groups demo set it, stays its last activity.
        self.end = working_before(min(group.last_activity_at, now - timedelta(minutes=4)))
        self.start = max(group.created_at + timedelta(days=1), self.end - timedelta(weeks=6))
        self.latest, self.created, self.titles = self.start, 0, set()  # titles: variants take turns

    def pool(self, staff=False, exclude=()):
        everyone = self.staff if staff else self.members
        return [m for m in everyone if m.user.pk not in exclude] or everyone

    def member(self, name, cast, staff=False):
        """The named person if in the group (and allowed to post), else a stand-in (groups draw
        part of their members at random), the same for the whole thread (``cast``)."""
        if name not in cast:
            pool = [m.user for m in self.pool(staff)]
            person = getattr(self.by_name.get(name), "user", None)
            cast[name] = person if person in pool else stand_in(name, pool, set(cast.values()))
        return cast[name]

    def present(self, at, lang=None, exclude=(), staff=False):
        """Someone who had joined by ``at`` (speaking ``lang`` when possible)."""
        pool = self.pool(staff, exclude)
        pool = [m for m in pool if m.joined_at <= at] or pool
        pool = [m for m in pool if m.user.language == lang] or pool
        # Owners and moderators are the most active people of a group.
        weights = [3 if m.role != Role.MEMBER else 1 for m in pool]
        return self.rng.choices(pool, weights)[0].user

    def named(self, *texts):
        """The people of the group a text names, by first name or @handle."""
        text = " ".join(t if isinstance(t, str) else " ".join(t) for t in texts)
        names = {
            m.user.pk: rf"\b{re.escape(m.user.get_short_name())}\b|@{re.escape(m.user.handle)}"
            for m in self.members
        }
        return {pk for pk, pattern in names.items() if re.search(pattern, text)}

    def office(self, moment, minutes=600):
        """``moment`` if in working hours, else a moment of the working day before."""
        when = working_before(moment)
        return when if when == moment else when - timedelta(minutes=self.rng.uniform(0, minutes))

    def spread(self, start, count, limit):
        """When the comments of a post came: quick first answers, then slower, and in
        working hours (a comment due in the night comes in the evening before)."""
        gaps = [max(2.0, self.rng.expovariate(1 / (45 if i == 0 else 150))) for i in range(count)]
        room = max((limit - start).total_seconds() / 60, count * 0.5)
        if sum(gaps) > room:
            factor = room * self.rng.uniform(0.6, 0.95) / sum(gaps)
            gaps = [g * factor for g in gaps]
        times, moment = [], start
        for gap in gaps:
            moment += timedelta(minutes=gap)
            previous = times[-1] if times else start
            times.append(max(self.office(moment, 50), previous + timedelta(minutes=1)))
        return times

    def from_thread(self, thread, at):
        cast = {}
        staff = thread.kind == A or self.group.posting_rule == "moderators"
        author = self.member(thread.who, cast, staff=staff)
        # Stand-ins are drawn among the others.
        cast |= {r.who: self.by_name[r.who].user for r in thread.reply if r.who in self.by_name}
        cast[thread.who] = author
        times = self.spread(at, len(thread.reply), self.end)
        comments = []
        for reply, moment in zip(thread.reply, times, strict=True):
            hide = reply.hide and (self.member(reply.hide.by, {}, True), reply.hide.reason)
            person = self.member(reply.who, cast)
            comments.append(Record(reply, author=person, at=moment, hide=hide))
        return Record(
            thread,
            author=author,
            at=at,
            comments=comments,
            saved_by=[self.by_name[n].user for n in thread.saved_by if n in self.by_name],
        )

    def from_template(self, template, at, limit):
        rng, plan = self.rng, self.plan
        answers = [a.text if a.text is not None else (a.en, a.fr) for a in template.answer]
        lang = template.lang or (plan.lang if plan.lang != "mix" else "en")
        # Nobody asks a question that names them, nor gives an answer that names them;
        # where the owners and moderators are the experts, they answer and others ask.
        named = self.named(template.body, *answers)
        if plan.experts and template.kind == Q:
            named |= {m.user.pk for m in self.staff}
        staff = self.group.posting_rule == "moderators"
        author = self.present(at, lang if plan.lang == "mix" else None, named, staff)
        slots = Slots(self, lang, author)
        title = template.title
        if isinstance(title, list):  # a variant not used yet, else one with {slots}
            fresh = [t for t in title if t not in self.titles]
            title = rng.choice(fresh or [t for t in title if "{" in t] or title)
        self.titles.add(title)
        said = []  # the comments, as Records

        def add(text, who=None, to=None, votes=0, exclude=()):
            if who is None and not isinstance(text, Stock):
                exclude = {*exclude, *self.named(text)}
            who = who or self.present(at, exclude={author.pk, *exclude})
            said.append(Record(author=who, text=text, to=to, votes=votes))

        def worth():  # a stock reply answers a real comment, never another stock line
            return [n for n, comment in enumerate(said) if not isinstance(comment.text, Stock)]

        accepted = None
        if template.kind == Q:
            outcome = rng.choices(["unanswered", "open", "solved"], [22, 33, 45])[0]
            if outcome != "unanswered" and answers:
                if rng.random() < 0.25:
                    add(Stock("same"))
                best = len(said)
                for n, text in enumerate(answers[: rng.randint(1, len(answers))]):
                    votes = rng.randint(1, 5) if n == 0 else rng.choice([0, 0, 1, 2])
                    expert = n == 0 and plan.experts
                    expert = expert and self.present(at, exclude=self.named(text), staff=True)
                    add(text, expert, None, votes, {said[-1].author.pk} if said else ())
                accepted = best if outcome == "solved" else None
                if rng.random() < (0.75 if accepted is not None else 0.4):
                    add(Stock("thanks" if accepted is not None else "still"), author, best)
        else:
            for text in answers[: rng.choice([0, 1, 1, 2, 2, 3])]:
                add(text)
            for _n in range(rng.choice([0, 0, 1, 1, 2])):
                if worth() and rng.random() < 0.4:
                    to = rng.choice(worth())
                    add(Stock("reply"), to=to, exclude={said[to].author.pk})
                else:
                    add(Stock("agree"))
            if worth() and rng.random() < 0.35:
                add(Stock("author"), who=author, to=rng.choice(worth()))
        for comment, moment in zip(said, self.spread(at, len(said), limit), strict=True):
            # In a bilingual group people comment in their own language.
            text, speaker = comment.text, comment.author.language if plan.lang == "mix" else lang
            if isinstance(text, Stock):
                text = rng.choice(self.words.comments[speaker][text])
            elif isinstance(text, tuple):
                text = text[speaker == "fr"]
            react = ("like",) if rng.random() < 0.2 else ()
            comment.update(text=text.format_map(slots), at=moment, react=react)
        return Record(
            template,
            author=author,
            title=title.format_map(slots),
            body=template.body.format_map(slots),
            at=at,
            comments=said,
            accepted=accepted,
            picture=template.picture if template.picture and rng.random() < 0.5 else None,
        )

    def run(self):
        hand_times = []
        for thread in self.plan.thread:
            # Working hours keep the handcrafted threads in the order they are written.
            at = working_before(self.end - timedelta(hours=thread.hours))
            at = max(at - timedelta(minutes=thread.hours), self.start)
            joined = self.by_name.get(thread.who)
            if joined is not None and joined.joined_at > at:
                at = min(joined.joined_at + timedelta(minutes=40), self.end)
            hand_times.append(min(at, self.end - timedelta(minutes=2)))
        limit = min(hand_times, default=self.end) - timedelta(minutes=30)
        moments = sorted(
            max(self.office(self.start + (limit - self.start) * self.rng.random()), self.start)
            for _n in range(self.plan.volume)
        )
        templates, seen = [], set()
        for at in moments:
            # The same title twice in a forum looks made up: draw another template.
            for _attempt in range(len(self.plan.template)):
                if not templates:  # the templates, shuffled, again and again
                    templates = self.rng.sample(self.plan.template, len(self.plan.template))
                draft = self.from_template(templates.pop(), min(at, limit), limit)
                if (draft.title or draft.body) not in seen:
                    seen.add(draft.title or draft.body)
                    self.publish(draft)
                    break
        drafts = map(self.from_thread, self.plan.thread, hand_times)
        for draft in sorted(drafts, key=lambda d: d.at):
            self.publish(draft)
        Group.objects.filter(pk=self.group.pk).update(last_activity_at=self.latest)
        return self.created


@transaction.atomic
def create_posts(data, people, now=None):
    """Fill the demo groups that have no posts yet; return how many posts were made."""
    now, logins = now or timezone.now(), data.people.logins
    slugs = [f.slug for f in data.forums]
    empty = {g.slug: g for g in Group.objects.filter(slug__in=slugs, archived_at=None, posts=None)}
    plans = [(empty[plan.slug], plan) for plan in data.forums if plan.slug in empty]
    with unlimited:
        created = sum(Seeder(group, plan, now, data.words, logins).run() for group, plan in plans)
        read_up_to_yesterday(people, [group for group, _plan in plans], now, logins)
    return created
