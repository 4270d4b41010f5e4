"""Demo chat for ``manage.py demo``: every demo group's #general with a few days of
history, a few more channels, direct messages and two small conversations, so that the
chat is alive at first login.

Each room is a handcrafted script of sessions (a burst of messages on one working day,
at a Paris time of day), in the group's language (the bilingual groups: each person in
their own). Everything is written through the chat's actions (numbers, mentions, threads,
reactions, read markers and the forum question are then right), with the rate limits
lifted, and then backdated with plain updates: a room's history spans its last working
days, today's part within the hours already passed, a reply after its message, nothing
in the future.

The three demo logins find a few rooms with unread messages and one mention waiting:
each has read the rest, up to a point placed in the script.

Idempotent: a room that already has messages is left alone.
"""

import random
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from feed.models import Comment, Mention, Post, ThreadState
from groups.models import Group, Membership
from groups.permissions import remember_membership
from rse.accounts.models import User

from . import actions, permissions
from .models import Message, MessageReaction, Participant, ReadState, Room

PARIS = ZoneInfo("Europe/Paris")
OPENING, CLOSING = time(8, 30), time(19, 30)
DOMAIN = "demo.rse.test"
DEMO_LOGINS = ("Alice", "Bruno", "Chloé")  # first names: the scripts name people so


# --- Scripts -----------------------------------------------------------------------------


def _md(text):
    return textwrap.dedent(text).strip()


@dataclass
class Reply:
    """A reply in a message's thread, ``after`` minutes after the one before it."""

    who: str
    text: str
    react: str = ""
    after: float | None = None

    def __post_init__(self):
        self.text = _md(self.text)


@dataclass
class Msg:
    """A message of the room. ``react``: "like3 thanks" (kinds, and how many people);
    ``gap``: minutes after the message before it in the session; ``question``: (who
    makes the thread a forum question, its title, the index of the accepted reply)."""

    who: str
    text: str
    react: str = ""
    thread: tuple = ()
    gap: float | None = None
    question: tuple = ()

    def __post_init__(self):
        self.text = _md(self.text)


@dataclass
class Session:
    day: int  # working days before the latest one (0: the latest, usually today)
    clock: str  # "HH:MM" in Paris, when the first message was written
    messages: tuple


@dataclass
class Script:
    key: str  # stable: the messages' client ids are made from it
    kind: str
    sessions: tuple
    group: str = ""  # a channel's group (slug)
    name: str = ""  # a channel's or conversation's name
    topic: str = ""
    people: tuple = ()  # first names; the first one opened the room
    unread: dict = field(default_factory=dict)  # demo login -> top-level messages unread


M, R = Msg, Reply


def at(day, clock, *messages):
    return Session(day, clock, messages)


def channel(group, name, *sessions, by="", topic="", unread=None):
    return Script(
        f"{group}.{name}",
        Room.Kind.CHANNEL,
        sessions,
        group=group,
        name=name,
        topic=topic,
        people=(by,) if by else (),
        unread=unread or {},
    )


def direct(first, second, *sessions, unread=None):
    key = "dm." + "-".join(sorted([first, second]))
    return Script(key, Room.Kind.DIRECT, sessions, people=(first, second), unread=unread or {})


def conversation(key, name, people, *sessions, unread=None):
    return Script(
        f"conv.{key}",
        Room.Kind.CONVERSATION,
        sessions,
        name=name,
        people=people,
        unread=unread or {},
    )


# --- Time --------------------------------------------------------------------------------


def _working_before(moment):
    """The latest moment, no later than ``moment``, of a working day in Paris (Monday to
    Friday, 8:30 to 19:30)."""
    local = moment.astimezone(PARIS)
    while True:
        if local.weekday() < 5:
            local = min(local, datetime.combine(local.date(), CLOSING, PARIS))
            if local.time() >= OPENING:
                return local.astimezone(UTC)
        local = datetime.combine(local.date() - timedelta(days=1), CLOSING, PARIS)


class _Calendar:
    """Working days counted back from the latest one; on that day, the scripted times of
    day are squeezed into the part of it that has passed."""

    def __init__(self, now):
        self.now = now
        self.limit = now - timedelta(minutes=2)  # nothing later than this
        self.end = _working_before(now - timedelta(minutes=5)).astimezone(PARIS)
        self.dates = [self.end.date()]

    def date(self, day):
        while len(self.dates) <= day:
            previous = self.dates[-1] - timedelta(days=1)
            while previous.weekday() >= 5:
                previous -= timedelta(days=1)
            self.dates.append(previous)
        return self.dates[day]

    def moment(self, day, clock):
        date = self.date(day)
        local = datetime.combine(date, time.fromisoformat(clock), PARIS)
        opening = datetime.combine(date, OPENING, PARIS)
        if day == 0 and local > opening:
            closing = datetime.combine(date, CLOSING, PARIS)
            ratio = min(1.0, (self.end - opening) / (closing - opening))
            local = opening + (local - opening) * ratio
        return local.astimezone(UTC)


# --- Writing a room ----------------------------------------------------------------------


@dataclass
class _Item:
    """One message to send: who, what, when, and in reply to which item."""

    index: int  # in the script's order: the client id
    who: object
    text: str
    at: datetime
    react: str = ""
    parent: "_Item | None" = None
    msg: Msg | None = None
    message: Message | None = None


def _parse_reactions(spec):
    for token in spec.split():
        kind = token.rstrip("0123456789")
        yield kind, int(token[len(kind) :] or 1)


class _Writer:
    def __init__(self, script, room, cast, calendar):
        self.script, self.room = script, room
        self.cast, self.calendar = cast, calendar
        self.rng = random.Random(f"rse-demo-chat:{script.key}")
        self.items = []

    def person(self, name):
        return self.cast[name]

    # When

    def gap(self):
        """Minutes between two messages of a conversation: mostly quick, sometimes not."""
        return min(14.0, max(0.8, self.rng.expovariate(1 / 2.5)))

    def plan(self):
        index, previous_end = 0, None
        for session in self.script.sessions:
            moment = self.calendar.moment(session.day, session.clock)
            if previous_end is not None:  # sessions keep their order, whatever the squeeze
                moment = max(moment, previous_end + timedelta(minutes=self.rng.uniform(4, 12)))
            for n, msg in enumerate(session.messages):
                if n:
                    moment += timedelta(minutes=msg.gap if msg.gap is not None else self.gap())
                item = _Item(index, self.person(msg.who), msg.text, moment, msg.react, msg=msg)
                self.items.append(item)
                index += 1
                when = moment
                for r, reply in enumerate(msg.thread):
                    if reply.after is not None:
                        minutes = reply.after
                    elif r == 0:
                        minutes = self.rng.uniform(1.5, 8)
                    else:
                        minutes = min(12.0, max(0.6, self.rng.expovariate(1 / 3)))
                    when += timedelta(minutes=minutes)
                    self.items.append(
                        _Item(index, self.person(reply.who), reply.text, when, reply.react, item)
                    )
                    index += 1
            previous_end = moment
        late = max(item.at for item in self.items) - self.calendar.limit
        if late > timedelta(0):  # today's last words would be in the future: move it all
            for item in self.items:
                item.at -= late
        self.items.sort(key=lambda item: (item.at, item.index))

    def read_points(self):
        """Where each demo login stopped reading: before their last ``n`` unread
        top-level messages of others. {item index: [people]}."""
        points = {}
        for name, count in self.script.unread.items():
            reader = self.cast.get(name)
            if reader is None or not permissions.can_read_room(reader, self.room):
                continue
            others = [i for i in self.items if i.parent is None and i.who.pk != reader.pk]
            if 0 < count <= len(others):
                points.setdefault(others[-count].index, []).append(reader)
        return points

    # Writing

    def write(self):
        self.plan()
        points = self.read_points()
        self.unread_from = {}  # person pk -> the first item they have not read
        last_seq = 0
        for item in self.items:
            for reader in points.get(item.index, ()):
                actions.mark_read(user=reader, room=self.room, seq=last_seq)
                self.unread_from[reader.pk] = item.at
            item.message, _created = actions.send_message(
                author=item.who,
                room=self.room,
                body=item.text,
                client_id=f"demo-{self.script.key}-{item.index}"[:64],
                parent=item.parent.message if item.parent else None,
            )
            last_seq = item.message.seq
        self.backdate()
        self.react()
        for item in self.items:
            if item.msg is not None and item.msg.question:
                self.make_question(item)
        return len(self.items)

    def backdate(self):
        messages = {item.message.pk: item.message for item in self.items}
        for item in self.items:
            item.message.created_at = item.at
            if item.parent is not None:
                item.parent.message.last_reply_at = item.at  # items are in time order
        Message.objects.bulk_update(messages.values(), ["created_at", "last_reply_at"])
        first, last = self.items[0].at, self.items[-1].at
        if self.room.is_channel:  # a few days earlier, at some working hour
            local = (first - timedelta(days=self.rng.randint(2, 12))).astimezone(PARIS)
            while local.weekday() >= 5:
                local -= timedelta(days=1)
            local = local.replace(hour=self.rng.randint(9, 17), minute=self.rng.randint(0, 59))
            opened = max(local.astimezone(UTC), self.room.group.created_at)
        else:
            opened = first - timedelta(minutes=self.rng.uniform(0.2, 1.5))
        Room.objects.filter(pk=self.room.pk).update(created_at=opened, last_message_at=last)
        Participant.objects.filter(room=self.room).update(joined_at=opened)
        by_seq = {item.message.seq: item.at for item in self.items}
        states = list(ReadState.objects.filter(room=self.room))
        for state in states:
            state.updated_at = by_seq.get(state.last_read_seq, opened)
        ReadState.objects.bulk_update(states, ["updated_at"])

    def audience(self):
        if self.room.is_channel:
            members = Membership.objects.filter(group=self.room.group).select_related("user")
            return [m.user for m in members.order_by("joined_at", "pk") if m.user.is_active]
        return [p.user for p in self.room.participants.select_related("user").order_by("pk")]

    def react(self):
        audience = self.audience()
        spoke = {item.who.pk for item in self.items}
        moments = {}  # (message, person, kind) -> when
        for item in self.items:
            if not item.react:
                continue
            # Those who have not read the message yet have not reacted to it either;
            # people who take part in the room react more than the silent ones.
            pool = [
                p
                for p in audience
                if p.pk != item.who.pk and item.at < self.unread_from.get(p.pk, self.calendar.now)
            ]
            weights = [3 if p.pk in spoke else 1 for p in pool]
            for kind, count in _parse_reactions(item.react):
                chosen = []
                while pool and len(chosen) < min(count, len(pool)):
                    person = self.rng.choices(pool, weights)[0]
                    if person not in chosen:
                        chosen.append(person)
                for person in chosen:
                    actions.toggle_reaction(user=person, message=item.message, kind=kind)
                    moment = item.at + timedelta(minutes=self.rng.uniform(0.5, 40))
                    moments[item.message.pk, person.pk, kind] = min(moment, self.calendar.limit)
        marks = list(MessageReaction.objects.filter(message__room=self.room))
        for mark in marks:
            mark.created_at = moments[mark.message_id, mark.user_id, mark.kind]
        MessageReaction.objects.bulk_update(marks, ["created_at"])

    def make_question(self, item):
        """The thread goes to the group's forum, the accepted reply as its answer, a few
        minutes after the thread's last reply."""
        actor_name, title, accepted = item.msg.question
        replies = [i for i in self.items if i.parent is item]
        group = self.room.group
        before = Group.objects.values_list("last_activity_at", flat=True).get(pk=group.pk)
        post = actions.make_question(
            actor=self.person(actor_name),
            message=item.message,
            title=title,
            accepted_reply=replies[accepted].message,
        )
        moment = min(
            replies[-1].at + timedelta(minutes=self.rng.uniform(2, 6)), self.calendar.limit
        )
        answered = moment + timedelta(seconds=20)
        Post.objects.filter(pk=post.pk).update(created_at=moment, last_activity_at=answered)
        Comment.objects.filter(post=post).update(created_at=answered)
        Mention.objects.filter(post=post).update(created_at=moment)
        ThreadState.objects.filter(post=post, read_at__isnull=False).update(read_at=moment)
        Group.objects.filter(pk=group.pk).update(last_activity_at=max(before, answered))


# --- Making the rooms --------------------------------------------------------------------


def _channel_room(script, group, cast):
    room = Room.objects.filter(group=group, kind=Room.Kind.CHANNEL, name=script.name).first()
    if room is None:
        creator = cast[script.people[0]] if script.people else group.created_by
        room = actions.create_channel(
            actor=creator, group=group, name=script.name, topic=script.topic
        )
    room.group = group  # the same object: its membership cache serves every message
    return room


def _other_room(script, cast):
    opener = cast[script.people[0]]
    if script.kind == Room.Kind.DIRECT:
        return actions.open_direct(actor=opener, other=cast[script.people[1]])
    room = Room.objects.filter(
        kind=Room.Kind.CONVERSATION, name=script.name, created_by=opener
    ).first()
    if room is None:
        others = [cast[name] for name in script.people[1:]]
        room = actions.create_conversation(actor=opener, people=others, name=script.name)
    return room


def _names(script):
    names = set(script.people)
    for session in script.sessions:
        for msg in session.messages:
            names.add(msg.who)
            names.update(reply.who for reply in msg.thread)
            if msg.question:
                names.add(msg.question[0])
    return names | set(script.unread)


def _cast_for_channel(script, by_name, members):
    """The named people, or a stand-in member for one who is not in the group (the demo
    groups draw part of their members at random): the same stand-in for the whole room."""
    cast, member_ids = {}, {m.user_id for m in members}
    names = sorted(_names(script))
    for name in names:
        person = by_name.get(name)
        if person is not None and person.pk in member_ids:
            cast[name] = person
    for name in names:
        if name in cast or name in script.unread:
            continue
        taken = {p.pk for p in cast.values()}
        free = [m.user for m in members if m.user_id not in taken] or [m.user for m in members]
        cast[name] = free[sum(map(ord, name)) % len(free)]
    return cast


@transaction.atomic
def create_demo_chat(now=None):
    """Write the demo rooms that have no messages yet; return how many messages."""
    calendar = _Calendar(now or timezone.now())
    people = User.objects.filter(email__iendswith=f"@{DOMAIN}", is_active=True)
    by_name = {person.get_short_name(): person for person in people}
    groups = {g.slug: g for g in Group.objects.filter(slug__in={s.group for s in SCRIPTS})}
    actions.ensure_general_channels([g for g in groups.values() if not g.is_archived])
    by_pk, memberships = {g.pk: g for g in groups.values()}, {}
    for membership in Membership.objects.filter(group__in=by_pk).select_related("user"):
        group = by_pk[membership.group_id]
        remember_membership(group, membership.user, membership)
        memberships.setdefault(group.pk, []).append(membership)
    written, rooms = 0, []
    limits = {"CHAT_MESSAGES_PER_MINUTE": 10**9, "POSTS_PER_MINUTE": 10**9}
    with override_settings(**limits, COMMENTS_PER_MINUTE=10**9):
        for script in SCRIPTS:
            if script.kind == Room.Kind.CHANNEL:
                group = groups.get(script.group)
                if group is None or group.is_archived:
                    continue
                members = sorted(memberships.get(group.pk, []), key=lambda m: m.joined_at)
                cast = _cast_for_channel(script, by_name, members)
                room = _channel_room(script, group, cast)
            else:
                if any(name not in by_name for name in script.people):
                    continue
                cast = {name: by_name[name] for name in _names(script) if name in by_name}
                room = _other_room(script, cast)
            if room.last_seq:
                continue  # written before (or used since): left alone
            written += _Writer(script, room, cast, calendar).write()
            rooms.append((room, script))
        _read_the_rest(rooms, by_name)
    return written


def _read_the_rest(rooms, by_name):
    """The demo logins have read everything the scripts do not leave unread for them."""
    for name in DEMO_LOGINS:
        reader = by_name.get(name)
        if reader is None:
            continue
        for room, script in rooms:
            if name in script.unread or not permissions.can_read_room(reader, room):
                continue
            newest = Room.objects.values_list("last_seq", "last_message_at").get(pk=room.pk)
            actions.mark_read(user=reader, room=room, seq=newest[0])
            ReadState.objects.filter(room=room, user=reader).update(updated_at=newest[1])


# --- The rooms ---------------------------------------------------------------------------

SUPPORT = [
    channel(
        "support-escalations",
        "general",
        at(
            5,
            "10:20",
            M(
                "Lucas",
                """
                Quick question: can a customer admin change a user's login email
                themselves, or do we still do it for them from the back office? Pelican
                Foods has 40 people changing address after a rebranding.
                """,
                thread=(
                    R("Beatriz", "I think we still do it, but didn't something change in 4.10?"),
                    R(
                        "David",
                        """
                        Since 4.10 customer admins can do it themselves: **Admin → Users → ⋯ →
                        Change email**. The person gets a confirmation link at the new
                        address, and the old one keeps working until they click it.

                        One exception: SSO accounts. Their email comes from the identity
                        provider, so the customer changes it there, and it syncs at the next
                        sign-in.
                        """,
                        react="insightful3 thanks2",
                    ),
                    R(
                        "Lucas",
                        "Perfect: Pelican is on password login, so they can do it all "
                        "themselves. Thanks David!",
                        after=4,
                    ),
                    R(
                        "Isabelle",
                        "This comes up every month: I'll write a help-center article about it.",
                        after=9,
                    ),
                ),
                question=(
                    "Bruno",
                    "Can customer admins change a user's login email themselves?",
                    1,
                ),
            ),
        ),
        at(
            4,
            "09:12",
            M(
                "Bruno",
                """
                Morning team ☀️ Last week: 212 tickets in, 198 solved, median first reply
                38 min. Our best week since September, thank you all.
                """,
                react="celebrate4 like3",
            ),
            M("Beatriz", "🎉 And CSAT at 94 %, the Spanish queue included.", react="like2"),
            M(
                "Lucas",
                "The Android crash tickets are all closed too, except two customers who never "
                "answered.",
            ),
            M(
                "Bruno",
                "Let's close those two on Friday if we hear nothing. And please use the new "
                "escalation template from today, it's pinned in the group.",
                react="thanks2",
            ),
        ),
        at(
            2,
            "14:05",
            M(
                "Farid",
                """
                Halden Bank can't download their usage report for the last 18 months: it
                spins, then times out. 3 users, ticket #48877. Known issue?
                """,
                thread=(
                    R(
                        "David",
                        """
                        Not a bug: reports over 50k rows now run in the background. They
                        should get an email with a download link within a few minutes.
                        """,
                    ),
                    R(
                        "Farid",
                        "They did get the email… in their spam folder 🙈 Sorted, thanks!",
                        react="funny2",
                        after=14,
                    ),
                    R("Isabelle", "I'll add a line about that email to the large exports article."),
                ),
            ),
            M(
                "Victor",
                "FYI Bellevue Hotels renewed for 3 years 🎉 Thanks to everyone who helped with "
                "their onboarding issues in the spring.",
                react="celebrate6",
                gap=22,
            ),
            M(
                "Quentin",
                "Maintenance tonight 22:00 to 22:30 on the search indexer: search may return "
                "partial results. Nothing to do, but if tickets come in, that's why.",
                react="thanks3",
                gap=35,
            ),
        ),
        at(
            1,
            "10:20",
            M(
                "Antoine",
                """
                Android **4.12.1** is at 100 % on the Play Store. If you still get crash
                tickets, ask for the app version first: anything below 4.12.1 just needs the
                update.
                """,
                react="thanks4 celebrate2",
                gap=26,
            ),
            M(
                "Felix",
                "And Android 15 is on the release checklist now: 4.12.1 was tested on three "
                "devices.",
                react="like2",
            ),
        ),
        at(
            1,
            "16:40",
            M(
                "Inès",
                "The new attachment preview goes live on Monday. Screen readers now announce "
                "the file name and size; if a customer says otherwise, send them my way.",
                react="like3",
            ),
            M(
                "Bruno",
                "Thanks Inès! @isabelle.roux could we have a short help-center note for Monday?",
                thread=(R("Isabelle", "Yes, drafting it now, I'll share it in the kb channel."),),
            ),
        ),
        at(
            0,
            "09:05",
            M(
                "Bruno",
                "Morning! 58 open, 7 escalated. Halden Bank and Northwind Health first today.",
                react="like2",
            ),
            M(
                "Uma",
                "@farid.benali the slow usage exports you reported are fixed: big reports "
                "take about 2 minutes now instead of 20.",
                react="celebrate2 thanks",
                gap=8,
            ),
            M("Farid", "Amazing, I'll let Halden Bank know 🙏"),
        ),
        at(
            0,
            "13:40",
            M(
                "Farid",
                """
                Heads-up: 4 tickets in the last hour about invoice PDFs with a blank second
                page. Halden Bank, Kestrel Retail and Atelier Sorel so far. Anyone seen this?
                """,
                thread=(
                    R(
                        "Uma",
                        "It's the font package upgraded in the midday deploy: I can reproduce "
                        "it with more than 12 invoice lines. Chloé is rolling it back.",
                    ),
                    R(
                        "Uma",
                        "Fixed: new PDFs are fine again, and a script is regenerating the "
                        "ones made since the deploy.",
                        after=14,
                    ),
                    R(
                        "Farid",
                        "Thanks! I'll tell the three customers to download them again in an hour.",
                        react="like",
                    ),
                ),
            ),
            M(
                "Lucas",
                "Two mobile users too: the invoice opened from the app was blank. Same bug, I "
                "linked my tickets to Farid's.",
                gap=12,
            ),
            M(
                "Beatriz",
                "I've made a macro *Blank page on invoice PDF* in EN/FR/ES. Please tag "
                "`invoice-blank-page` so we can count them.",
                react="thanks3",
            ),
        ),
        unread={"Bruno": 3},
    ),
    channel(
        "support-escalations",
        "kb",
        at(
            2,
            "11:00",
            M(
                "Isabelle",
                """
                Draft ready for review: *SSO: "invalid signature" after a certificate
                rotation*. @david.chen could you check the technical part?
                """,
                thread=(
                    R(
                        "David",
                        "Looks right. One addition: accounts set up with the metadata URL fix "
                        "themselves overnight. Say it in the first paragraph, so that most "
                        "readers can stop there.",
                        after=35,
                    ),
                    R("Isabelle", "Done, thanks!"),
                ),
            ),
            M(
                "Beatriz",
                "Can we have it in Spanish too? Orbis Energy reads the help center in Spanish.",
                thread=(R("Isabelle", "Yes, it goes to translation with the others on Thursday."),),
                gap=50,
            ),
        ),
        at(
            1,
            "17:05",
            M(
                "Isabelle",
                """
                Published this week:
                - SSO certificate rotation
                - Large exports arrive by email
                - Android 4.12 crash workaround

                3,500 views already for the Android one 😅
                """,
                react="like3 funny",
            ),
            M("Lucas", "The Android one can go in the archive once everyone is on 4.12.1."),
        ),
        at(
            0,
            "10:10",
            M(
                "Isabelle",
                "New draft: *Changing a user's login email*, from Lucas's question last week. "
                "Reviews welcome.",
                react="like2",
            ),
            M(
                "Bruno",
                "Read it, looks good. Add a screenshot of the ⋯ menu: people never find it.",
                gap=18,
            ),
            M("Isabelle", "Good idea, added 👍"),
        ),
        by="Isabelle",
        topic="Help-center articles: drafts, reviews, and what is missing",
    ),
]

PYTHON = [
    channel(
        "python-guild",
        "general",
        at(
            4,
            "12:30",
            M(
                "Chloé",
                """
                Guild lunch on Thursday: Inès on **htmx without a build step**. Room
                Jupiter, pizza at 12:00. Remote folks: the link is in the event.
                """,
                react="celebrate3 like4",
            ),
            M(
                "Henri",
                "Can I come even if I don't write Python? 😅",
                thread=(
                    R("Chloé", "Of course, everyone's welcome. Half of it is about HTML anyway."),
                    R("Inès", "Yes please, I need someone to laugh at my jokes."),
                ),
                react="funny2",
            ),
        ),
        at(
            3,
            "15:15",
            M(
                "Uma",
                "PSA: Django 5.2.9 is out with a security fix. Dependabot PRs are open on our "
                "three services.",
                react="thanks4",
            ),
            M("David", "Merged on the API, deploying after lunch."),
            M("William", "Thanks! Please don't wait for the monthly window for this one."),
        ),
        at(
            2,
            "10:40",
            M(
                "Antoine",
                """
                Question for the SQL people: what's the cleanest way to get the latest
                message of each room in the ORM, without N+1? I have a `Subquery` with
                `OuterRef`, but it feels clunky.
                """,
                thread=(
                    R(
                        "Uma",
                        """
                        `Subquery` + `OuterRef`, ordered by `-created_at` and sliced `[:1]`, is
                        the way. On PostgreSQL, `.order_by("room", "-created_at").distinct("room")`
                        reads nicer, but only works there.
                        """,
                    ),
                    R(
                        "Chloé",
                        "Stick with the Subquery: it works on SQLite in the tests too, and with "
                        "an index on (room, created_at) it's fast.",
                        react="insightful2",
                    ),
                    R("Antoine", "Makes sense, thanks both! Subquery it is."),
                ),
            ),
            M(
                "Nicolas",
                "Anyone else's laptop fan going crazy since the last Docker Desktop update? "
                "Asking for… everyone in IT.",
                thread=(
                    R("Quentin", "Yes: untick *Use Rosetta* in the settings, back to normal."),
                    R("Nicolas", "That was it. Adding it to the IT FAQ 🙏", react="thanks"),
                ),
                react="funny2",
                gap=40,
            ),
        ),
        at(
            1,
            "14:00",
            M(
                "Felix",
                "Flaky test hunt: 11 flaky Playwright tests fixed this month, 2 left. Both wait "
                "for an animation, they're next.",
                react="celebrate5",
            ),
            M("Maya", "Great work Felix. CI is 40 % faster than two months ago."),
            M(
                "Inès",
                "Slides from Thursday's talk are in the group's files. Thanks for all the "
                "questions!",
                react="thanks4 like2",
                gap=25,
            ),
        ),
        at(
            0,
            "11:20",
            M(
                "David",
                "The new ruff release drops two rules we use. I'll open a PR to update the "
                "config, shout if you have opinions.",
                thread=(
                    R("Inès", "As long as the formatter leaves our strings alone, fine by me."),
                    R("David", "It does, I ran it on the whole repo: no change."),
                ),
            ),
        ),
        at(
            0,
            "16:45",
            M(
                "Felix",
                "@chloe.dubois could you review the test factories PR before Monday? It "
                "touches the fixtures everyone uses, I'd like your eyes on it.",
            ),
        ),
        unread={"Chloé": 1},
    ),
]

PARIS_OFFICE = [
    channel(
        "bureau-de-paris",
        "general",
        at(
            4,
            "09:40",
            M(
                "Zoé",
                "Bonjour à tous ! Rappel : les travaux du 3e commencent lundi, les salles "
                "Jupiter et Saturne sont fermées toute la semaine. Vos réservations ont été "
                "déplacées au 4e.",
                react="thanks5",
            ),
            M(
                "Hugo",
                "Et la salle pour 25 personnes du vendredi, elle reste disponible ?",
                thread=(
                    R("Zoé", "Oui : Mercure, au 4e. Je te l'ai réservée."),
                    R("Hugo", "Top, merci Zoé !"),
                ),
            ),
        ),
        at(
            3,
            "13:10",
            M(
                "Henri",
                "Le lecteur de badges visiteurs du rez-de-chaussée est en panne, la "
                "maintenance passe demain. En attendant, allez chercher vos visiteurs à "
                "l'accueil 🙏",
                react="thanks3",
            ),
            M(
                "Camille",
                "Quelqu'un a oublié une gourde bleue en salle Mars.",
                thread=(R("Paul", "C'est la mienne ! Merci, je passe la prendre."),),
                gap=30,
            ),
        ),
        at(
            2,
            "12:15",
            M(
                "Karima",
                "Des candidats viennent en entretien jeudi à 10h et à 14h : si vous croisez "
                "des gens perdus au 2e, c'est eux 😊",
                react="like3",
            ),
            M(
                "Inès",
                "Le micro-ondes du 2e fait des étincelles… Je le débranche et je mets un mot.",
                thread=(R("Henri", "Merci Inès, j'en commande un neuf, livré jeudi."),),
                react="funny",
                gap=20,
            ),
        ),
        at(
            1,
            "17:30",
            M(
                "Xavier",
                "Quelqu'un a le nouveau code du local vélos ? Il a changé avec les travaux.",
                thread=(
                    R("Zoé", "Je te l'envoie en privé, on évite de l'écrire ici 😉"),
                    R("Xavier", "Bien vu, merci !"),
                ),
            ),
            M(
                "Thomas",
                "La machine à café du 2e est victime de son succès : plus de lait dès 15h 😅",
                thread=(R("Henri", "Livraison doublée à partir de lundi, promis."),),
                react="funny4",
                gap=15,
            ),
        ),
        at(
            0,
            "10:05",
            M(
                "Alice",
                "Petit-déjeuner d'accueil des nouveaux arrivants lundi à 9h30, à la cafétéria "
                "du 2e. Venez leur dire bonjour !",
                react="like5 celebrate2",
            ),
            M("Sofia", "J'apporte les viennoiseries 🥐", react="celebrate2"),
            M(
                "Zoé",
                "Et afterwork jeudi prochain sur la terrasse du 7e si la météo le permet : "
                "tout est dans le canal afterwork.",
                gap=6,
            ),
        ),
    ),
    channel(
        "bureau-de-paris",
        "afterwork",
        at(
            3,
            "18:00",
            M(
                "Zoé",
                "Afterwork jeudi prochain sur la terrasse du 7e 🍹 Répondez avant mardi pour "
                "que je commande la bonne quantité.",
                react="like6",
            ),
            M("Paul", "Présent !"),
            M("Camille", "Présente, et j'apporte ma playlist 😄", react="funny2"),
            M("Chloé", "J'en suis ! J'arriverai vers 19h, après la rétro."),
        ),
        at(
            1,
            "12:40",
            M(
                "Hugo",
                "Quelqu'un pour courir le long du canal mardi midi ? 5 km tranquilles.",
                thread=(
                    R("Inès", "Moi ! Rendez-vous à 12h15 dans le hall ?"),
                    R("Hugo", "Parfait."),
                    R("Xavier", "Je viens si c'est vraiment tranquille 🐢", react="funny3"),
                ),
            ),
        ),
        at(
            0,
            "14:20",
            M(
                "Zoé",
                "Météo confirmée : grand soleil jeudi ☀️ 23 inscrits, je commande pour 25.",
                react="celebrate4",
            ),
            M(
                "Karima",
                "Je peux inviter la nouvelle recrue qui arrive lundi ?",
                thread=(R("Zoé", "Évidemment, plus on est de fous…"),),
            ),
        ),
        by="Zoé",
        topic="Afterworks, sorties et sport entre collègues du bureau de Paris",
    ),
]

EXPENSES = [
    channel(
        "notes-de-frais",
        "general",
        at(
            4,
            "10:00",
            M(
                "Hugo",
                "Reminder / Rappel : receipts before the 5th, justificatifs avant le 5. La "
                "clôture du mois est jeudi.",
                react="thanks4",
            ),
            M(
                "Emma",
                "Quick one: can I expense a taxi home after a client dinner that ends after 22:00?",
                thread=(
                    R(
                        "Élodie",
                        "Oui : après 22h, le taxi ou le VTC est remboursé jusqu'à 60 €. Indique "
                        "les participants du dîner dans la note, qu'on puisse faire le lien.",
                    ),
                    R("Emma", "Perfect, merci Élodie!", react="like"),
                ),
                gap=40,
            ),
        ),
        at(
            2,
            "15:20",
            M(
                "Bruno",
                "Ma note de frais de Lyon a été refusée pour « justificatif illisible » alors "
                "que la photo est nette… Quelqu'un a eu le même souci ?",
                thread=(
                    R(
                        "Élodie",
                        "Oui, l'appli mobile compresse trop les photos. Joins le PDF depuis le "
                        "web et ça passe.",
                    ),
                    R("Bruno", "Ça a marché, merci Élodie !", react="thanks", after=25),
                ),
            ),
            M(
                "Uma",
                "Is the home-office allowance paid automatically in December, or do we need "
                "to claim it?",
                thread=(
                    R("Hugo", "Automatiquement, sur la paie de décembre : rien à faire."),
                    R("Uma", "Great, thanks!"),
                ),
                gap=18,
            ),
        ),
        at(
            1,
            "11:30",
            M(
                "Paul",
                "Le barème kilométrique 2027 est dans l'outil 🚗 Les trajets de décembre "
                "utilisent déjà les nouveaux taux.",
                react="thanks2",
            ),
            M(
                "Jack",
                "Does this apply to UK mileage too?",
                thread=(
                    R("Paul", "Non : pour le Royaume-Uni, c'est le barème HMRC, inchangé."),
                    R("Jack", "Got it, thanks Paul."),
                ),
            ),
        ),
        at(
            0,
            "09:50",
            M(
                "Chloé",
                "For the spring offsite: do we claim per diems, or is everything booked centrally?",
                thread=(
                    R(
                        "Hugo",
                        "Tout est réservé en central : train, hôtel et repas. Ne déclarez que "
                        "vos trajets jusqu'à la gare.",
                    ),
                    R("Chloé", "Clear, thanks Hugo."),
                ),
            ),
            M(
                "Élodie",
                "Petit rappel : les notes du mois sont à valider par vos managers d'ici "
                "jeudi soir, sinon elles passent sur la paie de janvier.",
                react="thanks3",
                gap=30,
            ),
        ),
    ),
]

PRODUCT = [
    channel(
        "product-feedback",
        "general",
        at(
            4,
            "14:30",
            M(
                "Rachel",
                "Last month's top 5 customer asks are in the feed. Dark mode is number one for "
                "the third month in a row 🌙",
                react="like4 insightful2",
            ),
            M(
                "Olivia",
                "Three prospects asked about it this week alone. Any date I can share?",
                thread=(
                    R("Grace", "Not before Q2. You can say it's planned, without a date."),
                    R("Olivia", "Fair, thanks."),
                ),
            ),
        ),
        at(
            3,
            "11:45",
            M(
                "Sofia",
                "The date picker prototype is ready to try: keyboard first, week numbers "
                "optional. Link in the feed post, feedback before Friday please 🙏",
                react="like3",
            ),
            M(
                "Beatriz",
                "Tried it: so much better! Can weeks start on Sunday for US customers?",
                thread=(
                    R("Sofia", "Yes, it follows the account's locale: switch to en-US and see."),
                    R("Beatriz", "Oh nice, it does 👍"),
                ),
                gap=30,
            ),
        ),
        at(
            2,
            "16:10",
            M(
                "Gabrielle",
                "Webinar attendees keep asking whether they can send their contacts to "
                "HubSpot. Is that on the roadmap?",
                thread=(
                    R(
                        "Rachel",
                        "It's in discovery: we talk to 5 customers about it next week. Want to "
                        "join one of the calls?",
                    ),
                    R("Gabrielle", "Yes, happily!"),
                ),
            ),
            M(
                "James",
                "Fjord Insurance's security questionnaire asks about audit logs of admin "
                "actions. We have those, right?",
                thread=(
                    R(
                        "Chloé",
                        "Yes: every admin action is kept for 13 months, and customers can "
                        "export it from **Admin → Audit log**.",
                        react="thanks",
                    ),
                    R("James", "Perfect, thanks Chloé."),
                ),
                gap=20,
            ),
        ),
        at(
            1,
            "10:15",
            M(
                "Victor",
                "From Groupe Vernier's business review: they love the new reporting dashboard, "
                "and want to get the export by email every Monday.",
                react="insightful3",
                thread=(
                    R(
                        "Rachel",
                        "Scheduled exports come up a lot: Vernier makes it 9 customers. Adding "
                        "them to the list.",
                    ),
                ),
            ),
            M("Emma", "Bellevue Hotels asked for the same thing last month 👆"),
        ),
        at(
            0,
            "13:40",
            M(
                "Grace",
                "The Q1 roadmap review is on Wednesday. If there's one thing you'd fight for, "
                "post it here by Monday.",
                react="like5",
            ),
            M(
                "Lucas",
                "Offline mode for the mobile app: field teams at Kestrel Retail lose their "
                "input in stores with bad reception.",
                react="like4 insightful",
                gap=14,
            ),
            M("Thomas", "Scheduled exports, for the reasons above: it's blocking two renewals."),
        ),
    ),
    channel(
        "product-feedback",
        "release-notes",
        at(
            3,
            "17:00",
            M(
                "Rachel",
                """
                **4.12** is out 🎉
                - New attachment previews (PDF, images, Office files)
                - Invoice export over up to 18 months
                - Android: a new PDF viewer

                Full notes in the help center.
                """,
                react="celebrate5 like2",
            ),
        ),
        at(
            1,
            "09:30",
            M(
                "Rachel",
                "**4.12.1** (mobile) fixes the crash at launch on Android 15. Rolled out to 100 %.",
                react="thanks3",
            ),
            M("Beatriz", "Thanks! Closing the last crash tickets."),
        ),
        at(
            0,
            "11:00",
            M(
                "Sofia",
                "Coming on Monday in **4.13**: the new date picker and the accessible "
                "attachment preview. Support macros are ready.",
                react="celebrate4",
            ),
            M(
                "Rachel",
                "Sales: the 4.13 one-pager for customers is in the shared drive, in English "
                "and French.",
                react="thanks2",
                gap=20,
            ),
        ),
        by="Rachel",
        topic="What shipped, in plain words, for support and sales",
        unread={"Chloé": 2},
    ),
]

NEWS = [
    channel(
        "company-news",
        "general",
        at(
            4,
            "09:00",
            M(
                "Alice",
                "Bonjour à tous / Hello everyone 👋 Chaque groupe a maintenant son chat. "
                "Official announcements stay in the feed; questions and chatter are welcome "
                "here.",
                react="celebrate8 like6",
            ),
            M("Olivia", "Finally! 🎉", react="funny2"),
            M(
                "Grace",
                "Love it. A friendly reminder: no customer names in the company-wide channels.",
                react="like3",
            ),
        ),
        at(
            3,
            "12:00",
            M(
                "Olivia",
                "The recording of the Q3 results all-hands is online, for those who missed it.",
                react="thanks5",
            ),
            M("Daniel", "Thanks! Great quarter, everyone."),
        ),
        at(
            2,
            "10:30",
            M(
                "Alice",
                "Rappel : la nouvelle charte télétravail entre en vigueur le 1er janvier. La "
                "FAQ est dans le fil ; posez vos questions ici si quelque chose n'est pas clair.",
                thread=(
                    R(
                        "Antoine",
                        "Les deux jours sur site : c'est chaque semaine, ou en moyenne sur le "
                        "mois ?",
                    ),
                    R(
                        "Alice",
                        "En moyenne sur le mois, @antoine.caron. Ton manager peut ajuster pour "
                        "l'équipe.",
                        react="thanks2",
                    ),
                    R("Antoine", "Parfait, merci !"),
                ),
                react="thanks4",
            ),
        ),
        at(
            1,
            "15:00",
            M(
                "Zoé",
                "Le programme de la soirée de fin d'année est en ligne 🎄 Inscriptions "
                "ouvertes, 120 places.",
                react="celebrate7 like3",
            ),
            M(
                "Jack",
                "Is there a vegetarian option this year?",
                thread=(
                    R("Zoé", "Oui, et végane aussi : précisez-le à l'inscription 🌱"),
                    R("Jack", "Great 🙌"),
                ),
            ),
        ),
        at(
            0,
            "10:40",
            M(
                "Olivia",
                "The customer newsletter goes out on Tuesday with the 4.13 features. Sneak "
                "peek in the feed.",
                react="like3",
            ),
            M(
                "Maya",
                "We're hiring 4 engineers for 2027: referrals welcome, Karima has the details.",
                react="like6",
                gap=35,
            ),
        ),
    ),
    channel(
        "company-news",
        "random",
        at(
            4,
            "13:05",
            M(
                "Jack",
                "Who took the last oat milk from the London fridge? Asking for a friend 🥛",
                react="funny6",
            ),
            M("Emma", "Confession: it was me. Buying two tomorrow.", react="funny4"),
        ),
        at(
            3,
            "16:20",
            M(
                "Gabrielle",
                "Première neige à Montréal ce matin ❄️ Le bureau est très calme.",
                react="like5",
            ),
            M(
                "David",
                "Confirmed: -8 °C. Working from home, with a very cold cat on my keyboard.",
                react="funny5",
            ),
        ),
        at(
            2,
            "13:30",
            M(
                "Quentin",
                "Des podcasts à conseiller pour les trajets ? J'ai fini tout ce que j'écoutais.",
                thread=(
                    R("Isabelle", "« Affaires sensibles », sur France Inter. Jamais déçue."),
                    R("William", "Darknet Diaries, if you like security stories."),
                    R("Uma", "Cautionary Tales, by Tim Harford."),
                    R("Quentin", "Merci, de quoi tenir jusqu'à Noël 😄", react="like2"),
                ),
            ),
        ),
        at(
            1,
            "12:50",
            M(
                "Sofia",
                "Lunch tip in Paris: the new Lebanese place near Oberkampf is excellent, and "
                "fast. 10/10 for the falafel.",
                react="like3",
            ),
            M(
                "Nicolas",
                "À Lyon, le food truck du jeudi revient la semaine prochaine 🌮",
                react="celebrate3",
                gap=35,
            ),
        ),
        at(
            0,
            "12:30",
            M(
                "Felix",
                'My son asked what I do at work. I said "I break things so customers don\'t". '
                "Now he wants to be a tester.",
                react="funny8 like2",
            ),
            M("Lucas", "Meilleure description du métier que j'aie jamais lue 😂", react="funny2"),
        ),
        by="Olivia",
        topic="Anything and everything. Pets welcome.",
    ),
]

BOOK_CLUB = [
    channel(
        "club-lecture",
        "general",
        at(
            6,
            "18:10",
            M(
                "Gabrielle",
                "Rappel : on parle de *L'Anomalie* jeudi à 18h, salle Rhône à Lyon et en "
                "visio. Pas de spoilers ici d'ici là 😉",
                react="like4",
            ),
            M("Bruno", "Fini hier soir. Je ne dirai rien, mais quelle fin !", react="funny2"),
        ),
        at(
            4,
            "12:20",
            M(
                "Isabelle",
                "Pour le livre du mois prochain, le sondage est dans le fil : *Petit Pays* "
                "mène de deux voix.",
            ),
            M(
                "Farid",
                "J'ai voté *La Horde du Contrevent*, je sais que c'est long 😅",
                react="funny3",
            ),
            M("Camille", "Long mais génial. Je vote avec toi."),
        ),
    ),
]

SALES = [
    channel(
        "sales-leadership",
        "general",
        at(
            4,
            "09:35",
            M(
                "Thomas",
                "Monday's forecast call moves to 10:00, Grace joins for the pricing part.",
                react="like2",
            ),
            M("Emma", "Works for me."),
        ),
        at(
            2,
            "17:15",
            M(
                "Daniel",
                "The City of Cork tender is out: 2,400 seats, answers due in 5 weeks. I think "
                "we qualify.",
                thread=(
                    R("Thomas", "Go for it. James, can you take the security questionnaire?"),
                    R("James", "Yes, I'll start from the Fjord Insurance answers."),
                    R("Daniel", "Thanks, kick-off on Wednesday then."),
                ),
            ),
        ),
        at(
            1,
            "13:00",
            M(
                "Grace",
                "Packaging for 2027: I'd like your take on a *Teams* tier between Starter and "
                "Business. 15 minutes with each of you next week?",
                react="like3",
            ),
            M("Emma", "Yes please. Bellevue and two others would land right there."),
        ),
        at(
            0,
            "15:50",
            M(
                "Thomas",
                "The month closes at 104 % of target with three days to go 💪 Thank you all.",
                react="celebrate4",
            ),
            M("James", "🎉"),
        ),
    ),
    channel(
        "sales-leadership",
        "deals",
        at(
            3,
            "11:10",
            M(
                "Emma",
                "Bellevue Hotels: 3-year deal signed at 22 % off instead of the 28 % they "
                "asked for. 340 seats.",
                react="celebrate4",
            ),
            M("Thomas", "Bravo Emma 👏"),
        ),
        at(
            2,
            "09:45",
            M(
                "James",
                "Fjord Insurance wants 20 % off for a 2-year commitment. That's right at the "
                "approval limit: OK?",
                thread=(
                    R("Thomas", "OK at 20 %, not a cent more. Ask for a case study in return."),
                    R("James", "Good idea, I'll ask."),
                    R("Emma", "They did a webinar with us last year, they'll probably say yes."),
                ),
            ),
        ),
        at(
            1,
            "16:30",
            M(
                "Daniel",
                "Lumen Schools is stuck in procurement: they want our ISO 27001 certificate "
                "translated into Irish?? Checking whether that's really required.",
                react="funny3",
                thread=(
                    R(
                        "James",
                        "Seen it once: the English version with a cover letter was enough.",
                    ),
                    R("Daniel", "Thanks, trying that."),
                ),
            ),
        ),
        at(
            0,
            "11:35",
            M(
                "Emma",
                "Orbis Energy: verbal yes for their Spanish subsidiary, 180 seats. Paperwork "
                "next week.",
                react="celebrate3",
            ),
            M("Grace", "Great news! Make sure support knows about the Spanish help center."),
        ),
        by="Emma",
        topic="Deals in progress: discounts, approvals, blockers",
    ),
]

HR_TEAM = [
    channel(
        "equipe-rh",
        "general",
        at(
            4,
            "10:15",
            M(
                "Yasmine",
                "Entretiens annuels : 62 % sont planifiés. Je relance demain les managers en "
                "retard.",
                react="thanks2",
            ),
            M(
                "Alice",
                "Merci Yasmine. Envoie-moi la liste, j'appellerai les directeurs concernés.",
                thread=(R("Yasmine", "C'est dans ta boîte."),),
            ),
        ),
        at(
            2,
            "14:00",
            M(
                "Élodie",
                "Paie du mois : les variables sont à saisir avant jeudi midi. Il manque "
                "deux primes d'astreinte côté ingénierie.",
                thread=(R("Alice", "Je préviens Maya."), R("Élodie", "Merci !")),
            ),
            M(
                "Karima",
                "Trois offres acceptées cette semaine 🎉 Deux ingénieurs et une commerciale à "
                "Lyon.",
                react="celebrate3",
                gap=45,
            ),
        ),
        at(
            1,
            "11:20",
            M(
                "Alice",
                "La checklist d'onboarding v2 est dans le fil. Vos retours avant vendredi ?",
                react="like2",
            ),
            M("Yasmine", "Lue : j'ai ajouté la remise du badge et le rendez-vous mutuelle."),
            M("Karima", "Parfait pour moi. On la teste avec les arrivées de lundi ?"),
            M("Alice", "Oui, allons-y."),
        ),
        at(
            0,
            "14:10",
            M(
                "Élodie",
                "La mutuelle augmente ses tarifs de 3,2 % au 1er janvier. Je prépare une note "
                "pour tout le monde.",
            ),
            M(
                "Yasmine",
                "Trois demandes de congés de fin d'année sont arrivées après la date limite. "
                "On les accepte quand même ?",
                gap=25,
            ),
        ),
        unread={"Alice": 2},
    ),
]

ON_CALL = [
    channel(
        "on-call-engineers",
        "general",
        at(
            4,
            "17:30",
            M(
                "Maya",
                "Handover: a quiet week, 2 pages (both Redis memory alerts), no customer "
                "impact. Quentin is on call from Monday.",
                react="thanks3",
            ),
            M(
                "Quentin",
                "Got it. The Redis runbook is still out of date, I'll rewrite it during my week.",
                thread=(
                    R("Uma", "I can pair on it, I wrote half of those alerts."),
                    R("Quentin", "Deal. Tuesday afternoon?"),
                    R("Uma", "👍"),
                ),
            ),
        ),
        at(
            2,
            "11:00",
            M(
                "David",
                "The pool health-check PR from the failover review is up: in staging, a dead "
                "host is dropped in under 10 s.",
                react="celebrate3 like2",
                thread=(
                    R("Chloé", "Reviewed: two small comments, then ship it."),
                    R("David", "Fixed, merging."),
                ),
            ),
            M(
                "William",
                "The status page's TLS certificate expires in 21 days. It's on auto-renewal "
                "now; I'll watch the first renewal.",
                react="thanks2",
                gap=40,
            ),
        ),
        at(
            1,
            "15:40",
            M(
                "Quentin",
                "Failover drill in staging on Wednesday at 14:00: this time we kill the "
                "primary for real. Watchers welcome.",
                react="like4",
            ),
            M("Nicolas", "I'll watch: I'd like to do the same for the VPN gateways."),
        ),
        at(
            0,
            "09:20",
            M(
                "Antoine",
                "Mobile crash rate is back to 0.1 % since 4.12.1. Closing the mobile incident.",
                react="celebrate3",
            ),
            M(
                "Henri",
                "Can someone add me to the rota for laptop emergencies? Joking. Mostly.",
                react="funny5",
                gap=20,
            ),
        ),
    ),
    channel(
        "on-call-engineers",
        "incidents",
        at(
            3,
            "14:18",
            M(
                "Quentin",
                "🔴 API errors on eu-west: 12 % of requests have been failing with a 5xx for a "
                "few minutes. Investigating.",
                thread=(
                    R("David", "It lines up with the gateway deploy, 8 minutes ago.", after=1.5),
                    R("Quentin", "Rolling back the gateway.", after=1),
                    R("Quentin", "Rolled back, error rate back to normal.", after=5),
                    R("Maya", "Status page updated, and support is in the loop.", after=2),
                ),
            ),
            M(
                "Quentin",
                "🟢 Resolved. Cause: a gateway config with a wrong upstream timeout. Review on "
                "Friday.",
                react="thanks4",
                gap=14,
            ),
        ),
        at(
            1,
            "08:05",
            M(
                "William",
                "🟠 Spike of failed logins on the SSO endpoint from one IP range: looks like "
                "credential stuffing. Blocking the range at the WAF.",
                thread=(
                    R(
                        "William",
                        "Blocked. 3,200 attempts, no successful login: nothing to tell customers.",
                        after=11,
                    ),
                    R(
                        "Chloé",
                        "Thanks William. Can we add a per-IP rate limit on that endpoint too?",
                        after=40,
                    ),
                    R("William", "Ticket opened, I'll take it."),
                ),
            ),
        ),
        at(
            0,
            "13:50",
            M(
                "Uma",
                "🟠 Invoice PDFs come out with a blank second page since the midday deploy "
                "(font package upgrade). Customer-facing: support has 4 tickets.",
                thread=(
                    R("Chloé", "Rolling back the font package.", after=2),
                    R("Chloé", "Rolled back, new PDFs are OK.", after=8),
                    R("Uma", "Script to regenerate the 312 invoices made meanwhile is running."),
                    R(
                        "Uma",
                        "Done: all 312 regenerated. Support knows.",
                        after=25,
                        react="celebrate2",
                    ),
                ),
            ),
            M(
                "Uma",
                "🟢 Invoice PDFs resolved. I'll write the review on Monday.",
                react="thanks2",
                gap=42,
            ),
        ),
        at(
            0,
            "16:30",
            M(
                "Quentin",
                "🟠 The search indexer lags 15 minutes behind: new documents show up late. "
                "Looking.",
                thread=(R("Quentin", "indexer-2's disk is almost full, growing the volume."),),
            ),
            M("Quentin", "🟢 Indexer caught up, lag under 5 s.", gap=24),
        ),
        by="Quentin",
        topic="Live incidents: one thread per incident, updates in the thread",
        unread={"Chloé": 3},
    ),
]

KEY_ACCOUNTS = [
    channel(
        "cellule-grands-comptes",
        "general",
        at(
            4,
            "11:30",
            M(
                "Victor",
                "Groupe Vernier : leur comité de renouvellement se tient jeudi. Ils veulent des "
                "engagements sur nos délais de réponse en P1.",
                thread=(
                    R(
                        "Bruno",
                        "On peut s'engager sur 30 minutes en heures ouvrées, et 1 h la nuit "
                        "grâce à l'astreinte.",
                    ),
                    R("Thomas", "OK pour moi, je l'ajoute à la proposition."),
                ),
            ),
        ),
        at(
            3,
            "15:00",
            M(
                "Bruno",
                "Bellevue Hotels veut un interlocuteur support dédié. Beatriz, ça te tente ?",
                thread=(
                    R(
                        "Beatriz",
                        "Avec plaisir ! Je parle déjà chaque semaine avec leur équipe IT.",
                    ),
                    R("Bruno", "Super, je leur annonce demain."),
                ),
                react="like2",
            ),
        ),
        at(
            2,
            "10:10",
            M(
                "Thomas",
                "Northwind Health : après l'incident SSO, ils passent à l'URL de métadonnées "
                "la semaine prochaine. Merci Beatriz pour l'accompagnement.",
                react="thanks3",
            ),
            M(
                "Emma",
                "Halden Bank : nouvelle DSI à partir de janvier. Je propose un déjeuner de "
                "présentation.",
                thread=(
                    R("Victor", "Bonne idée, je viens si c'est à Paris."),
                    R("Emma", "À Paris, oui. Je cale une date."),
                ),
                gap=30,
            ),
        ),
        at(
            1,
            "16:00",
            M(
                "James",
                "Fjord Insurance : questionnaire sécurité rendu, signature probable avant Noël.",
                react="celebrate3",
            ),
            M(
                "Isabelle",
                "Le guide de démarrage d'Orbis Energy est prêt, en espagnol et en français.",
                react="thanks2",
                gap=20,
            ),
        ),
        at(
            0,
            "16:20",
            M(
                "Victor",
                "Vernier a validé le renouvellement 🎉 3 ans, 1\u202f100 licences.",
                react="celebrate4",
            ),
            M(
                "Victor",
                "@bruno.lefevre ils demandent un point avec toi mardi à 10h sur les "
                "engagements P1, tu es disponible ?",
                gap=3,
            ),
        ),
        unread={"Bruno": 2},
    ),
]

HIRING = [
    channel(
        "recrutement-2027",
        "general",
        at(
            3,
            "10:30",
            M(
                "Karima",
                "Point d'étape : 12 postes validés, 5 ouverts, 2 offres acceptées.",
                react="like3",
            ),
            M(
                "Thomas",
                "Pour l'account executive de Lyon, j'ai deux candidats solides. Jury mardi ?",
                thread=(
                    R("Karima", "Mardi 14h, salle Rhône. Victor peut être le deuxième juré ?"),
                    R("Thomas", "Je lui demande."),
                ),
            ),
        ),
        at(
            1,
            "14:45",
            M(
                "Rachel",
                "La fiche de poste du product designer est relue, je l'ai mise dans le fil.",
                react="thanks2",
            ),
            M(
                "Olivia",
                "Pour le poste marketing, on peut aussi publier l'annonce en anglais ? On vise "
                "Londres et Dublin.",
                thread=(R("Karima", "Oui, je la fais traduire cette semaine."),),
                gap=25,
            ),
        ),
        at(
            0,
            "10:50",
            M(
                "Yasmine",
                "Les deux ingénieurs recrutés la semaine dernière ont signé : arrivées le 4 et "
                "le 11 janvier 🎉",
                react="celebrate4",
            ),
            M("Thomas", "Et le jury de Lyon a retenu une candidate : offre envoyée ce matin."),
            M("Rachel", "Bravo à tous les deux !", react="like2"),
        ),
        at(
            0,
            "15:10",
            M(
                "Karima",
                "@alice.martin il me faut ta validation sur la grille de salaires des "
                "ingénieurs avant lundi : elle est dans le dossier partagé.",
            ),
        ),
        unread={"Alice": 1},
    ),
]

AURORA = [
    channel(
        "project-aurora",
        "general",
        at(
            3,
            "16:00",
            M(
                "Xavier",
                "Reminder: nothing about Aurora outside this group, not even in private "
                "messages. Access to the data room is logged.",
                react="like4",
            ),
            M(
                "Paul",
                "Valuation model v3 is in the data room. Main change: the churn assumption "
                "goes from 8 % to 11 %.",
                thread=(
                    R("Hugo", "11 % seems prudent, given their last two quarters."),
                    R("Grace", "Agreed. Let's use v3 for Friday's call."),
                ),
                gap=15,
            ),
        ),
        at(
            1,
            "11:40",
            M(
                "Camille",
                "Their customer data is hosted in a US region. We need a migration to the EU "
                "within 6 months of closing: that's a condition on our side.",
                react="insightful3",
            ),
            M(
                "Chloé",
                "Technically doable, their stack is close to ours. I'd say 3 months with two "
                "engineers.",
                thread=(
                    R("Maya", "I can free two people from Q2."),
                    R("Grace", "Thanks, let's put that in the integration plan."),
                ),
            ),
        ),
        at(
            0,
            "10:25",
            M(
                "Grace",
                "The call with their board went well. Next step: our final offer by the 15th.",
                react="celebrate4",
            ),
            M("Thomas", "👏 Great work, everyone."),
        ),
    ),
]

BOARD = [
    channel(
        "comite-de-direction",
        "general",
        at(
            5,
            "08:45",
            M(
                "Alice",
                "L'ordre du jour de mardi est dans le fil. Ajoutez vos points avant lundi midi.",
                react="thanks2",
            ),
            M("Hugo", "J'ajoute le budget 2027, version 2."),
        ),
        at(
            2,
            "18:20",
            M("Thomas", "Compte rendu de mardi relu, rien à changer pour moi."),
            M("Maya", "Pareil pour moi, merci Alice."),
        ),
    ),
]

DIRECT = [
    direct(
        "Alice",
        "Bruno",
        at(
            2,
            "09:30",
            M(
                "Alice",
                "Bonjour Bruno ! Ta nouvelle recrue arrive lundi. Qui l'accompagne la "
                "première semaine ?",
            ),
            M("Bruno", "Bonjour Alice ! Farid sera son binôme, et Nicolas prépare son PC."),
            M("Alice", "Parfait. Je lui envoie la checklist d'onboarding aujourd'hui."),
            M("Bruno", "Merci 🙏", react="like"),
        ),
        at(
            0,
            "11:50",
            M(
                "Alice",
                "Tu pourrais présenter le support en 10 minutes au petit-déjeuner d'accueil "
                "lundi ?",
            ),
            M("Bruno", "Avec plaisir. Court et drôle, promis 😄", gap=6),
            M("Alice", "Parfait, merci !", react="like"),
        ),
    ),
    direct(
        "Karima",
        "Alice",
        at(
            3,
            "17:10",
            M(
                "Karima",
                "Alice, le candidat data engineer demande 8 % au-dessus de la grille. On "
                "s'aligne ?",
            ),
            M("Alice", "Jusqu'à 5 %, je valide. Au-delà, il faut l'accord de Maya."),
            M("Karima", "Ok, je lui propose 5 %."),
        ),
        at(
            1,
            "10:05",
            M("Karima", "Il a accepté 🎉 Arrivée le 4 janvier.", react="celebrate"),
            M("Alice", "Excellent, bravo Karima !"),
        ),
        at(
            0,
            "15:15",
            M(
                "Karima",
                "Je t'ai mentionnée dans le groupe recrutement pour la grille des ingénieurs, "
                "c'est assez urgent 🙏",
            ),
        ),
        unread={"Alice": 1},
    ),
    direct(
        "Yasmine",
        "Alice",
        at(
            2,
            "16:40",
            M(
                "Yasmine",
                "Tu as vu les demandes de congés de fin d'année ? Deux équipes sont presque "
                "vides la dernière semaine.",
            ),
            M("Alice", "Oui. Le support doit garder deux personnes, je vois avec Bruno."),
            M("Yasmine", "Merci. Je prévois une permanence RH le 2 janvier ?"),
            M("Alice", "Oui, je la prends.", react="thanks"),
        ),
        at(
            0,
            "09:40",
            M("Yasmine", "Entretiens annuels : 78 % de planifiés 🎯"),
            M("Alice", "Belle progression ! Merci pour les relances."),
        ),
    ),
    direct(
        "Bruno",
        "Chloé",
        at(
            3,
            "10:50",
            M(
                "Bruno",
                "Hi Chloé! Could someone from your team explain the new background exports at "
                "our support training on Thursday? 30 minutes max.",
            ),
            M("Chloé", "Sure, I'll ask David, he built them. If he can't, I'll do it."),
            M("Bruno", "Perfect, thanks!"),
        ),
        at(
            0,
            "12:15",
            M(
                "Bruno",
                "Do you have 5 minutes after lunch? Halden Bank's CTO asks when scheduled "
                "exports are coming, and I'd rather not promise anything wrong.",
            ),
            M(
                "Chloé",
                "Not before Q2, it's Grace's call. But I can join the call with them if you like.",
                gap=9,
            ),
            M("Bruno", "That would help a lot. Tuesday 11:00?"),
            M("Chloé", "Booked 👍", react="like"),
        ),
    ),
    direct(
        "Farid",
        "Bruno",
        at(
            2,
            "08:55",
            M(
                "Farid",
                "Salut Bruno, je peux poser mon vendredi de la semaine prochaine ? Lucas me "
                "remplace sur la file facturation.",
            ),
            M("Bruno", "Oui, pas de souci : pose-le dans l'outil et je valide.", gap=12),
            M("Farid", "Merci !"),
        ),
        at(
            0,
            "17:05",
            M(
                "Farid",
                "PDF de factures vides : 9 tickets au total, tous répondus avec la macro de "
                "Beatriz.",
            ),
            M("Farid", "Tu veux qu'on en reparle au point de lundi ?"),
        ),
        unread={"Bruno": 2},
    ),
    direct(
        "Victor",
        "Bruno",
        at(
            3,
            "18:05",
            M(
                "Victor",
                "Tu pourrais relire ma présentation pour le comité Vernier ? Surtout la "
                "partie support.",
            ),
            M("Bruno", "Envoie, je regarde ce soir."),
        ),
        at(
            2,
            "08:40",
            M(
                "Bruno",
                "Relu : slide 7, mets 30 min en heures ouvrées, pas 15. Le reste est top.",
            ),
            M("Victor", "Corrigé, merci !", react="thanks"),
        ),
    ),
    direct(
        "David",
        "Chloé",
        at(
            2,
            "10:20",
            M("David", "Got a minute to look at the pool health-check PR before I post it?"),
            M("Chloé", "Looking now."),
            M("Chloé", "Nice and small. Two comments, nothing blocking.", gap=11),
        ),
        at(
            1,
            "17:45",
            M(
                "Chloé",
                "Could you explain the background exports at support training on Thursday? "
                "Bruno asked.",
            ),
            M("David", "Sure, 30 minutes is plenty.", react="thanks"),
        ),
        at(
            0,
            "17:20",
            M(
                "David",
                "Dry run of the failover drill in staging: recovered in 11 s instead of 9 "
                "minutes 🎉 Full notes on Monday.",
            ),
        ),
        unread={"Chloé": 1},
    ),
    direct(
        "Maya",
        "Chloé",
        at(
            4,
            "16:00",
            M(
                "Maya",
                "For our 1:1 tomorrow: can we talk about your promotion packet? I'd like to "
                "send it in January.",
            ),
            M("Chloé", "Yes! I'll bring my list of projects."),
        ),
        at(
            1,
            "09:10",
            M(
                "Maya",
                "The packet draft looks strong. Add the failover review and your mentoring "
                "of Inès as examples of impact beyond the team.",
            ),
            M("Chloé", "Will do, thanks Maya 🙏", react="like"),
        ),
    ),
    direct(
        "Inès",
        "Chloé",
        at(
            3,
            "13:40",
            M(
                "Inès",
                "Would you be my rehearsal audience for the htmx talk? 20 minutes, Wednesday "
                "after lunch?",
            ),
            M("Chloé", "Happily. Book a room and I'll be there."),
        ),
        at(
            1,
            "18:10",
            M(
                "Inès",
                "Thanks again for your feedback on the talk: the live demo went much better 😊",
            ),
            M(
                "Chloé",
                "It was great! People are still talking about the no-build approach.",
                react="like",
            ),
        ),
    ),
]

CONVERSATIONS = [
    conversation(
        "offsite",
        "Offsite planning",
        ("Alice", "Zoé", "Maya", "Chloé", "Thomas"),
        at(
            4,
            "11:00",
            M(
                "Alice",
                "Hi all! Let's plan the spring offsite: Annecy or Lille, 2 days in April, "
                "about 80 people.",
            ),
            M(
                "Zoé",
                "Annecy: the hotel takes 90 people and has 4 meeting rooms. Lille is cheaper, "
                "but the venue is smaller.",
            ),
            M("Thomas", "Annecy for me, the sales team would love the lake 😄"),
            M(
                "Maya",
                "Annecy too. Can we keep half a day for a hackathon?",
                thread=(
                    R("Chloé", "Yes please! I'd happily run it."),
                    R("Alice", "Deal: a half-day hackathon on day 2."),
                ),
            ),
        ),
        at(
            1,
            "14:30",
            M(
                "Zoé",
                "Quote from the Annecy hotel: 312 € per person, all-in. Within budget 👍",
                react="celebrate2",
            ),
            M("Alice", "Great. Let's go for April 16 and 17."),
        ),
        at(
            0,
            "16:00",
            M("Zoé", "The hotel confirmed the option: we have 10 days to sign."),
            M("Maya", "I'll send hackathon theme ideas on Monday.", gap=18),
        ),
        unread={"Alice": 2},
    ),
    conversation(
        "lyon-lunch",
        "Déjeuner équipe Lyon",
        ("Bruno", "Farid", "Victor", "Isabelle", "Élodie"),
        at(
            1,
            "11:10",
            M(
                "Bruno",
                "Déjeuner d'équipe jeudi pour fêter la fin du trimestre ? C'est moi qui invite 🍽️",
            ),
            M("Victor", "Oui !"),
            M("Isabelle", "Avec plaisir. Le libanais de la rue Mercière ?"),
            M(
                "Élodie",
                "J'en suis, mais je dois être rentrée pour 14h (clôture de la paie).",
            ),
            M("Farid", "Libanais validé 👍"),
        ),
        at(
            0,
            "10:30",
            M("Bruno", "Réservé pour 5 à 12h15, rue Mercière.", react="like4"),
            M("Isabelle", "Parfait !"),
        ),
    ),
]

SCRIPTS = (
    SUPPORT
    + PYTHON
    + PARIS_OFFICE
    + EXPENSES
    + PRODUCT
    + NEWS
    + BOOK_CLUB
    + SALES
    + HR_TEAM
    + ON_CALL
    + KEY_ACCOUNTS
    + HIRING
    + AURORA
    + BOARD
    + DIRECT
    + CONVERSATIONS
)
