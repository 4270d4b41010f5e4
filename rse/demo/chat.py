"""The demo chat (data/chat/*.toml): the groups' channels with a few days of history,
direct messages and conversations, so that the chat is alive at first login.

Each room is a script of sessions (a burst of messages on a working day, at a Paris time
of day; see calendar.py). Everything is written through the chat's actions (numbers,
mentions, threads, reactions, read markers and the forum question are then right), with
the rate limits lifted, then backdated with plain updates. The demo logins find a few
rooms unread, up to a point the script places, and have read the rest. Idempotent: a
room that already has messages is left alone.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from chat import actions, permissions
from chat.models import Message, MessageReaction, Participant, ReadState, Room
from feed.models import Comment, Mention, Post, ThreadState
from groups.models import Group, Membership
from groups.permissions import remember_membership
from rse.accounts.models import User

from .calendar import PARIS, Calendar
from .history import backdate, later, stand_in


def _key(room):
    """Stable per room: the messages' client ids are made from it."""
    if room.kind == Room.Kind.CHANNEL:
        return f"{room.group}.{room.name}"
    if room.kind == Room.Kind.DIRECT:
        return "dm." + "-".join(sorted(room.people))
    return f"conv.{room.key}"


@dataclass
class _Item:
    """One message to send: who, what, when, and in reply to which item."""

    index: int  # in the script's order: the client id
    who: object
    text: str
    at: datetime
    react: str = ""
    parent: "_Item | None" = None
    msg: object = None  # the script's message, for a top-level one
    message: Message | None = None


def _parse_reactions(spec):
    for token in spec.split():
        kind = token.rstrip("0123456789")
        yield kind, int(token[len(kind) :] or 1)


class Writer:
    def __init__(self, script, room, cast, calendar):
        self.script, self.room = script, room
        self.cast, self.calendar = cast, calendar
        self.key = _key(script)
        self.rng = random.Random(f"rse-demo-chat:{self.key}")
        self.items = []

    def gap(self):
        """Minutes between two messages of a conversation: mostly quick, sometimes not."""
        return min(14.0, max(0.8, self.rng.expovariate(1 / 2.5)))

    def plan(self):
        index, previous_end = 0, None
        for session in self.script.session:
            moment = self.calendar.moment(session.day, session.clock)
            if previous_end is not None:  # sessions keep their order, whatever the squeeze
                moment = max(moment, previous_end + timedelta(minutes=self.rng.uniform(4, 12)))
            for n, msg in enumerate(session.message):
                if n:
                    moment += timedelta(minutes=msg.gap if msg.gap is not None else self.gap())
                item = _Item(index, self.cast[msg.who], msg.text, moment, msg.react, msg=msg)
                self.items.append(item)
                index += 1
                when = moment
                for r, reply in enumerate(msg.reply):
                    if reply.after is not None:
                        minutes = reply.after
                    elif r == 0:
                        minutes = self.rng.uniform(1.5, 8)
                    else:
                        minutes = min(12.0, max(0.6, self.rng.expovariate(1 / 3)))
                    when += timedelta(minutes=minutes)
                    who = self.cast[reply.who]
                    self.items.append(_Item(index, who, reply.text, when, reply.react, item))
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
                client_id=f"demo-{self.key}-{item.index}"[:64],
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
        states = ReadState.objects.filter(room=self.room)
        backdate(states, lambda state: by_seq.get(state.last_read_seq, opened), "updated_at")

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
                    moment = later(self.rng, item.at, 0.5, 40, self.calendar.limit)
                    moments[item.message.pk, person.pk, kind] = moment
        marks = MessageReaction.objects.filter(message__room=self.room)
        backdate(marks, lambda mark: moments[mark.message_id, mark.user_id, mark.kind])

    def make_question(self, item):
        """The thread goes to the group's forum, the accepted reply as its answer, a few
        minutes after the thread's last reply."""
        question = item.msg.question
        replies = [i for i in self.items if i.parent is item]
        group = self.room.group
        before = Group.objects.values_list("last_activity_at", flat=True).get(pk=group.pk)
        post = actions.make_question(
            actor=self.cast[question.by],
            message=item.message,
            title=question.title,
            accepted_reply=replies[question.accepted].message,
        )
        moment = later(self.rng, replies[-1].at, 2, 6, self.calendar.limit)
        answered = moment + timedelta(seconds=20)
        Post.objects.filter(pk=post.pk).update(created_at=moment, last_activity_at=answered)
        Comment.objects.filter(post=post).update(created_at=answered)
        Mention.objects.filter(post=post).update(created_at=moment)
        ThreadState.objects.filter(post=post, read_at__isnull=False).update(read_at=moment)
        Group.objects.filter(pk=group.pk).update(last_activity_at=max(before, answered))


def _channel_room(script, group, cast):
    room = Room.objects.filter(group=group, kind=Room.Kind.CHANNEL, name=script.name).first()
    if room is None:
        creator = cast[script.by] if script.by else group.created_by
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
    names = set(script.people or ([script.by] if script.by else []))
    for session in script.session:
        for msg in session.message:
            names.add(msg.who)
            names.update(reply.who for reply in msg.reply)
            if msg.question:
                names.add(msg.question.by)
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
        if name not in cast and name not in script.unread:
            cast[name] = stand_in(name, [m.user for m in members], set(cast.values()))
    return cast


@transaction.atomic
def create_chat(data, now=None):
    """Write the demo rooms that have no messages yet; return how many messages."""
    calendar = Calendar(now or timezone.now())
    people = User.objects.filter(email__iendswith=f"@{data.people.domain}", is_active=True)
    by_name = {person.get_short_name(): person for person in people}
    scripts = data.rooms
    groups = {g.slug: g for g in Group.objects.filter(slug__in={s.group for s in scripts})}
    actions.ensure_general_channels([g for g in groups.values() if not g.is_archived])
    by_pk, memberships = {g.pk: g for g in groups.values()}, {}
    for membership in Membership.objects.filter(group__in=by_pk).select_related("user"):
        group = by_pk[membership.group_id]
        remember_membership(group, membership.user, membership)
        memberships.setdefault(group.pk, []).append(membership)
    written, rooms = 0, []
    limits = {"CHAT_MESSAGES_PER_MINUTE": 10**9, "POSTS_PER_MINUTE": 10**9}
    with override_settings(**limits, COMMENTS_PER_MINUTE=10**9):
        for script in scripts:
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
            written += Writer(script, room, cast, calendar).write()
            rooms.append((room, script))
        logins = [name.split()[0] for name in data.people.logins]  # scripts say first names
        _read_the_rest(rooms, by_name, logins)
    return written


def _read_the_rest(rooms, by_name, logins):
    """The demo logins have read everything the scripts do not leave unread for them."""
    for name in logins:
        reader = by_name.get(name)
        if reader is None:
            continue
        for room, script in rooms:
            if name in script.unread or not permissions.can_read_room(reader, room):
                continue
            newest = Room.objects.values_list("last_seq", "last_message_at").get(pk=room.pk)
            actions.mark_read(user=reader, room=room, seq=newest[0])
            ReadState.objects.filter(room=room, user=reader).update(updated_at=newest[1])
