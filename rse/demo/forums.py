"""The demo groups' feeds and forums (data/forums/*.toml): a few weeks of company life.

Each group gets its handcrafted threads (the newest, that people see first), then older
posts drawn from its templates with a seeded ``random.Random``, so every run makes the
same company: who says what, and when (in working hours, nothing after the group's last
activity). posts.py writes them through the feed's actions, with the rate limits lifted.
Idempotent: a group that has posts is left alone.
"""

import random
import re
from datetime import UTC, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from feed import models as feed
from groups.models import Group, Membership, Role

from .calendar import PARIS, working_before
from .data import Record
from .history import stand_in
from .posts import Publisher, read_up_to_yesterday

Q, D, A = feed.Kind.QUESTION, feed.Kind.DISCUSSION, feed.Kind.ANNOUNCEMENT
DAYS = 42  # how far back the feed goes


class Stock(str):
    """A stock comment's kind ("thanks"): said from words.toml in the commenter's language."""


class Slots(dict):
    """``{name}`` values for one post: drawn once, so a name means the same thing in the
    title, the body and the comments. ``{customer2}`` is another customer than
    ``{customer}``; ``{member}`` and ``{mod}`` are @mentions of people of the group."""

    def __init__(self, seeder, lang, author):
        super().__init__()
        self.seeder, self.lang, self.author = seeder, lang, author
        self.used = {}

    def __missing__(self, key):
        rng, words = self.seeder.rng, self.seeder.words
        base = key.rstrip("0123456789")
        if base in words.numbers:
            value = rng.randint(*words.numbers[base])
        elif base == "version":
            value = f"4.{rng.randint(9, 11)}.{rng.randint(0, 5)}"
        elif base == "big":
            big = rng.choice([rng.randint(120, 990), rng.randint(1000, 4800)])
            value = f"{big:,}".replace(",", "\u202f" if self.lang == "fr" else ",")
        elif base in ("member", "mod"):
            value = "@" + self.seeder.someone(self, staff=base == "mod").handle
        else:
            choices = words.vocabulary.get(f"{base}:{self.lang}") or words.vocabulary[base]
            taken = self.used.setdefault(base, set())
            value = rng.choice([w for w in choices if w not in taken] or choices)
            taken.add(value)
        self[key] = value
        return value


def _answers(template):
    """A template's answers: a text, or (en, fr) said in the commenter's language."""
    return tuple(a.text if a.text is not None else (a.en, a.fr) for a in template.answer)


class Seeder(Publisher):
    """Writes one group's posts: the drawn ones first (older), then the handcrafted."""

    def __init__(self, group, plan, now, words, logins):
        self.group, self.plan, self.now, self.words, self.logins = group, plan, now, words, logins
        self.rng = random.Random(f"rse-demo-feed:{plan.slug}")
        self.members = list(
            Membership.objects.filter(group=group).select_related("user").order_by("joined_at")
        )
        self.by_name = {m.user.display_name: m for m in self.members}
        self.staff = [m for m in self.members if m.role in (Role.OWNER, Role.MODERATOR)]
        # The group's last activity, as the groups demo set it, stays its last activity.
        self.end = working_before(min(group.last_activity_at, now - timedelta(minutes=4)))
        self.start = max(group.created_at + timedelta(days=1), self.end - timedelta(days=DAYS))
        self.latest = self.start
        self.created = 0
        self.titles = set()  # title templates used, so that variants take turns
        self.reacted, self.voted = set(), set()  # marks left on the post being written

    # People

    def member(self, name, cast=None, staff=False):
        """The named person if they belong to the group (and may post there), else a
        stand-in (the demo groups draw part of their members at random), the same one
        for the whole thread: ``cast`` maps the names of a thread to people."""
        cast = {} if cast is None else cast
        if name not in cast:
            pool = [m.user for m in (self.staff if staff else self.members)]
            person = getattr(self.by_name.get(name), "user", None)
            cast[name] = person if person in pool else stand_in(name, pool, set(cast.values()))
        return cast[name]

    def present(self, at, lang=None, exclude=(), staff=False):
        """Someone who had joined by ``at`` (speaking ``lang`` when possible)."""
        pool = [m for m in (self.staff if staff else self.members) if m.user.pk not in exclude]
        pool = pool or (self.staff if staff else self.members)
        pool = [m for m in pool if m.joined_at <= at] or pool
        if lang:
            pool = [m for m in pool if m.user.language == lang] or pool
        # Owners and moderators are the most active people of a group.
        weights = [3 if m.role != Role.MEMBER else 1 for m in pool]
        return self.rng.choices(pool, weights)[0].user

    def named(self, *texts):
        """The people of the group a text names, by first name or @handle."""
        text = " ".join(t if isinstance(t, str) else " ".join(t) for t in texts)
        return {
            m.user.pk
            for m in self.members
            if re.search(rf"\b{re.escape(m.user.get_short_name())}\b", text)
            or f"@{m.user.handle}" in text
        }

    def someone(self, slots, staff=False):
        pool = [m for m in (self.staff if staff else self.members) if m.user != slots.author]
        return self.rng.choice(pool or self.members).user

    # Time

    def office(self, moment, low):
        """Move a moment back into working hours in Paris."""
        local = moment.astimezone(PARIS)
        if local.weekday() >= 5 and self.rng.random() < 0.9:
            local -= timedelta(days=local.weekday() - 4)
            local = local.replace(hour=self.rng.randint(9, 17))
        if local.hour < 8:
            local -= timedelta(days=1 if local.weekday() else 3)
            local = local.replace(hour=self.rng.randint(9, 18))
        elif local.hour >= 19:
            local = local.replace(hour=self.rng.randint(9, 18))
        local = local.replace(minute=self.rng.randint(0, 59), second=self.rng.randint(0, 59))
        return local.astimezone(UTC) if local >= low else moment

    def spread(self, start, count, limit):
        """When the comments of a post came: quick first answers, then slower, and in
        working hours (a comment due in the night comes in the evening before)."""
        gaps = [max(2.0, self.rng.expovariate(1 / (45 if i == 0 else 150))) for i in range(count)]
        room = max((limit - start).total_seconds() / 60, count * 0.5)
        if sum(gaps) > room:
            factor = room * self.rng.uniform(0.6, 0.95) / sum(gaps)
            gaps = [g * factor for g in gaps]
        times, moment, previous = [], start, start
        for gap in gaps:
            moment += timedelta(minutes=gap)
            when = working_before(moment)
            if when != moment:
                when -= timedelta(minutes=self.rng.uniform(0, 50))
            previous = max(when, previous + timedelta(minutes=1))
            times.append(previous)
        return times

    # Data to drafts

    def fans(self, kind, handcrafted):
        n = len(self.members) - 1
        if kind == A:
            return self.rng.randint(max(2, n // 3), max(3, 2 * n // 3))
        if not handcrafted:
            return self.rng.randint(0, max(1, min(5, n // 3)))
        return self.rng.randint(max(1, n // 5), max(2, min(10, n // 2)))

    def from_thread(self, thread, at):
        staff_only = thread.kind == A or self.group.posting_rule == "moderators"
        cast = {}
        author = self.member(thread.who, cast, staff=staff_only)
        for reply in thread.reply:  # stand-ins are drawn among the others
            if reply.who in self.by_name:
                cast.setdefault(reply.who, self.by_name[reply.who].user)
        times = self.spread(at, len(thread.reply), self.end)
        comments = []
        for reply, moment in zip(thread.reply, times, strict=True):
            hide = (self.member(reply.hide.by, staff=True), reply.hide.reason) if reply.hide else ()
            person = self.member(reply.who, cast)
            comments.append(Record(reply, author=person, at=moment, hide=hide))
        return Record(
            thread,
            author=author,
            at=at,
            comments=comments,
            mood=thread.mood or self.words.moods[thread.kind],
            fans=thread.fans if thread.fans is not None else self.fans(thread.kind, True),
            saved_by=[self.by_name[n].user for n in thread.saved_by if n in self.by_name],
        )

    def say(self, text, person, lang, slots):
        """In a bilingual group people comment in their own language."""
        speaker = person.language if self.plan.lang == "mix" else lang
        if isinstance(text, Stock):
            text = self.rng.choice(self.words.comments[speaker][text])
        elif isinstance(text, tuple):
            text = text[1] if speaker == "fr" else text[0]
        return text.format_map(slots)

    def from_template(self, template, at, limit):
        rng, answers = self.rng, _answers(template)
        lang = template.lang or (self.plan.lang if self.plan.lang != "mix" else "en")
        staff_only = self.group.posting_rule == "moderators"
        # Nobody asks a question that names them, nor gives an answer that names them;
        # where the owners and moderators are the experts, they answer and others ask.
        named = self.named(template.body, *answers)
        if self.plan.experts and template.kind == Q:
            named |= {m.user.pk for m in self.staff}
        author = self.present(
            at, lang if self.plan.lang == "mix" else None, exclude=named, staff=staff_only
        )
        slots = Slots(self, lang, author)
        title = template.title
        if isinstance(title, list):  # a variant not used yet, else one with {slots}
            fresh = [t for t in title if t not in self.titles]
            title = rng.choice(fresh or [t for t in title if "{" in t] or title)
        self.titles.add(title)
        title, body = title.format_map(slots), template.body.format_map(slots)
        pic = template.picture if template.picture and rng.random() < 0.5 else None
        said = []  # (who, text, to, votes)

        def add(text, who=None, to=None, votes=0, exclude=()):
            if who is None and not isinstance(text, Stock):
                exclude = {*exclude, *self.named(text)}
            person = who or self.present(at, exclude={author.pk, *exclude})
            said.append([person, text, to, votes])
            return len(said) - 1

        accepted = None
        if template.kind == Q:
            outcome = rng.choices(["unanswered", "open", "solved"], [22, 33, 45])[0]
            if outcome != "unanswered" and answers:
                if rng.random() < 0.25:
                    add(Stock("same"))
                best = len(said)
                count = rng.randint(1, len(answers))
                for n, text in enumerate(answers[:count]):
                    votes = rng.randint(1, 5) if n == 0 else rng.choice([0, 0, 1, 2])
                    expert = None
                    if n == 0 and self.plan.experts:
                        expert = self.present(at, exclude=self.named(text), staff=True)
                    previous = {said[-1][0].pk} if said else set()
                    add(text, who=expert, votes=votes, exclude=previous)
                if outcome == "solved":
                    accepted = best
                    if rng.random() < 0.75:
                        add(Stock("thanks"), who=author, to=best)
                elif rng.random() < 0.4:
                    add(Stock("still"), who=author, to=best)
        else:
            count = rng.choice([0, 1, 1, 2, 2, 3]) if answers else 0
            for text in answers[:count]:
                add(text)
            for _n in range(rng.choice([0, 0, 1, 1, 2])):
                # A stock reply answers a real comment, never another stock line.
                worth = [n for n, entry in enumerate(said) if not isinstance(entry[1], Stock)]
                if worth and rng.random() < 0.4:
                    to = rng.choice(worth)
                    add(Stock("reply"), to=to, exclude={said[to][0].pk})
                else:
                    add(Stock("agree"))
            worth = [n for n, entry in enumerate(said) if not isinstance(entry[1], Stock)]
            if worth and rng.random() < 0.35:
                add(Stock("author"), who=author, to=rng.choice(worth))
        times = self.spread(at, len(said), limit)
        comments = []
        for (person, text, to, votes), moment in zip(said, times, strict=True):
            react = ("like",) if rng.random() < 0.2 else ()
            text = self.say(text, person, lang, slots)
            comments.append(
                Record(author=person, text=text, at=moment, to=to, votes=votes, react=react)
            )
        return Record(
            author=author,
            kind=template.kind,
            title=title,
            body=body,
            at=at,
            comments=comments,
            accepted=accepted,
            picture=pic,
            mood=template.mood or self.words.moods[template.kind],
            fans=self.fans(template.kind, False),
        )

    # Writing

    def run(self):
        plan, rng = self.plan, self.rng
        hand_times = []
        for thread in plan.thread:
            # Working hours keep the handcrafted threads in the order they are written.
            at = working_before(self.end - timedelta(hours=thread.hours))
            at = max(at - timedelta(minutes=thread.hours), self.start)
            joined = self.by_name.get(thread.who)
            if joined is not None and joined.joined_at > at:
                at = min(joined.joined_at + timedelta(minutes=40), self.end)
            hand_times.append(min(at, self.end - timedelta(minutes=2)))
        first_hand = min(hand_times, default=self.end)
        limit = first_hand - timedelta(minutes=30)
        moments = sorted(
            self.office(self.start + (limit - self.start) * rng.random(), self.start)
            for _n in range(plan.volume)
        )
        deck, seen = self.deck(), set()
        for at in moments:
            # The same title twice in a forum looks made up: draw another template.
            for _attempt in range(len(plan.template)):
                draft = self.from_template(next(deck), min(at, limit), limit)
                if (draft.title or draft.body) not in seen:
                    seen.add(draft.title or draft.body)
                    self.publish(draft)
                    break
        drafts = [self.from_thread(t, at) for t, at in zip(plan.thread, hand_times, strict=True)]
        for draft in sorted(drafts, key=lambda d: d.at):
            self.publish(draft)
        Group.objects.filter(pk=self.group.pk).update(last_activity_at=self.latest)
        return self.created

    def deck(self):
        """The templates, shuffled, again and again."""
        while True:
            batch = list(self.plan.template)
            self.rng.shuffle(batch)
            yield from batch


@transaction.atomic
def create_posts(data, people, now=None):
    """Fill the demo groups that have no posts yet; return how many posts were made."""
    now = now or timezone.now()
    logins = data.people.logins
    created, filled = 0, []
    groups = {g.slug: g for g in Group.objects.filter(slug__in=[f.slug for f in data.forums])}
    with override_settings(POSTS_PER_MINUTE=10**9, COMMENTS_PER_MINUTE=10**9):
        for plan in data.forums:
            group = groups.get(plan.slug)
            if group is None or group.is_archived or feed.Post.objects.filter(group=group).exists():
                continue
            created += Seeder(group, plan, now, data.words, logins).run()
            filled.append(group)
        if filled:
            read_up_to_yesterday(people, filled, now, logins)
    return created
