"""The demo chat (data/chat/*.toml): group channels with a few days of history, direct
messages and conversations, so that the chat is alive at first login. A room's script is
sessions (bursts of messages at a Paris time of a working day: calendar.py) sent through
the chat's actions, so numbers, mentions, threads, reactions, read markers and the forum
question are right, then backdated. The demo logins find the rooms whose script says
``unread`` waiting and have read the rest. Idempotent: a room with messages is left alone."""

import random
from datetime import timedelta
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from chat import actions, permissions
from chat.models import Message, MessageReaction, Participant, ReadState, Room
from feed.models import Comment, Mention, Post, ThreadState
from groups.models import Group, Membership
from groups.permissions import remember_membership
from rse.accounts.models import User

from .calendar import Calendar, working_before
from .history import backdate, later, stand_in, unlimited


class Writer:
    """Plans a room's script on the calendar, sends it, then moves what it made back."""

    def __init__(self, script, room, cast, audience, calendar):
        self.script, self.room, self.cast, self.calendar = script, room, cast, calendar
        self.audience = audience  # who may react
        self.key = script.key or "-".join([script.group, script.name, *sorted(script.people)])
        self.rng, self.items = random.Random(f"rse-demo-chat:{self.key}"), []

    def gap(self, given, low, mean, high):
        """``given`` minutes if the script says, else drawn: mostly quick, sometimes not."""
        drawn = given if given is not None else min(high, max(low, self.rng.expovariate(1 / mean)))
        return timedelta(minutes=drawn)

    def add(self, spec, at, parent=None):
        """One message to send; its index in the script's order makes its client id."""
        who, index = self.cast[spec.who], len(self.items)
        self.items.append(SimpleNamespace(index=index, spec=spec, who=who, at=at, parent=parent))
        return self.items[-1]

    def plan(self):
        previous = None
        for session in self.script.session:
            moment = self.calendar.moment(session.day, session.clock)
            if previous is not None:  # sessions keep their order, whatever the squeeze
                moment = max(moment, previous + timedelta(minutes=self.rng.uniform(4, 12)))
            for n, msg in enumerate(session.message):
                moment += self.gap(msg.gap, 0.8, 2.5, 14) if n else timedelta(0)
                item, when = self.add(msg, moment), moment
                for r, reply in enumerate(msg.reply):
                    when += self.gap(reply.after, 1.5 if r == 0 else 0.6, 3, 12)
                    self.add(reply, when, item)
            previous = moment
        late = max(timedelta(0), max(item.at for item in self.items) - self.calendar.limit)
        for item in self.items:  # today's last words would be in the future: move it all
            item.at -= late
        self.items.sort(key=lambda item: (item.at, item.index))

    def write(self):
        self.plan()
        stops = {}  # a demo login stopped reading before the last ``n`` messages of others
        for name, count in self.script.unread.items():
            reader = self.cast.get(name)
            if reader is None or not permissions.can_read_room(reader, self.room):
                continue
            others = [i for i in self.items if i.parent is None and i.who.pk != reader.pk]
            if 0 < count <= len(others):
                stops.setdefault(others[-count].index, []).append(reader)
        self.unread_from, seq = {}, 0  # person pk -> when their unread messages begin
        for item in self.items:
            for reader in stops.get(item.index, ()):
                actions.mark_read(user=reader, room=self.room, seq=seq)
                self.unread_from[reader.pk] = item.at
            parent, cid = item.parent and item.parent.message, f"demo-{self.key}-{item.index}"[:64]
            item.message, _new = actions.send_message(
                author=item.who, room=self.room, body=item.spec.text, parent=parent, client_id=cid
            )
            seq = item.message.seq
        self.backdate()
        self.react()
        for item in self.items:
            if item.parent is None and item.spec.question:
                self.make_question(item, item.spec.question)
        return len(self.items)

    def backdate(self):
        for item in self.items:  # in time order: a thread's last reply comes last
            item.message.created_at = item.at
            if item.parent is not None:
                item.parent.message.last_reply_at = item.at
        Message.objects.bulk_update(
            [i.message for i in self.items], ["created_at", "last_reply_at"]
        )
        first, last = self.items[0].at, self.items[-1].at
        if self.room.is_channel:  # a few days earlier, in working hours
            opened = working_before(first - timedelta(days=self.rng.uniform(2, 12)))
            opened = max(opened, self.room.group.created_at)
        else:
            opened = first - timedelta(minutes=self.rng.uniform(0.2, 1.5))
        Room.objects.filter(pk=self.room.pk).update(created_at=opened, last_message_at=last)
        Participant.objects.filter(room=self.room).update(joined_at=opened)
        by_seq = {item.message.seq: item.at for item in self.items}
        states = ReadState.objects.filter(room=self.room)
        backdate(states, lambda state: by_seq.get(state.last_read_seq, opened), "updated_at")

    def react(self):
        spoke, moments = {item.who.pk for item in self.items}, {}
        for item in self.items:
            # Those who have not read a message have not reacted to it either; people who
            # take part in the room react more than the silent ones.
            pool = [
                p
                for p in self.audience
                if p.pk != item.who.pk and item.at < self.unread_from.get(p.pk, self.calendar.now)
            ]
            weights = [3 if p.pk in spoke else 1 for p in pool]
            for token in item.spec.react.split():  # "like3 thanks": kinds, how many people
                kind = token.rstrip("0123456789")
                chosen = set()
                while len(chosen) < min(int(token[len(kind) :] or 1), len(pool)):
                    chosen.add(self.rng.choices(pool, weights)[0])
                for person in sorted(chosen, key=lambda p: p.pk):
                    actions.toggle_reaction(user=person, message=item.message, kind=kind)
                    moment = later(self.rng, item.at, 0.5, 40, self.calendar.limit)
                    moments[item.message.pk, person.pk, kind] = moment
        marks = MessageReaction.objects.filter(message__room=self.room)
        backdate(marks, lambda mark: moments[mark.message_id, mark.user_id, mark.kind])

    def make_question(self, item, question):
        """The thread goes to the group's forum, the accepted reply as its answer, a few
        minutes after the thread's last reply."""
        replies, group = [i for i in self.items if i.parent is item], self.room.group
        actor, accepted = self.cast[question.by], replies[question.accepted].message
        post = actions.make_question(
            actor=actor, message=item.message, title=question.title, accepted_reply=accepted
        )
        moment = later(self.rng, replies[-1].at, 2, 6, self.calendar.limit)
        answered = moment + timedelta(seconds=20)
        Post.objects.filter(pk=post.pk).update(created_at=moment, last_activity_at=answered)
        Comment.objects.filter(post=post).update(created_at=answered)
        Mention.objects.filter(post=post).update(created_at=moment)
        ThreadState.objects.filter(post=post, read_at__isnull=False).update(read_at=moment)
        groups = Group.objects.filter(pk=group.pk, last_activity_at__lt=answered)
        groups.update(last_activity_at=answered)


def _cast(script, by_name, pool):
    """The people a script names (by first name), or for one not in ``pool`` (the demo
    groups draw part of their members at random) a stand-in, the same for the whole room."""
    names = {*script.people, *script.unread, *([script.by] if script.by else [])}
    for msg in (msg for session in script.session for msg in session.message):
        names |= {msg.who, *(reply.who for reply in msg.reply)}
        names |= {msg.question.by} if msg.question else set()
    cast = {name: by_name[name] for name in sorted(names) if by_name.get(name) in pool}
    for name in sorted(names - set(cast) - set(script.unread)):
        cast[name] = stand_in(name, pool, set(cast.values()))
    return cast


def _room(script, group, cast):
    """The script's room, found or opened as its people would."""
    if script.kind == Room.Kind.DIRECT:
        return actions.open_direct(actor=cast[script.people[0]], other=cast[script.people[1]])
    rooms = Room.objects.filter(kind=script.kind, name=script.name)
    if script.kind == Room.Kind.CONVERSATION:
        opener, *others = (cast[name] for name in script.people)
        room = rooms.filter(created_by=opener).first()
        return room or actions.create_conversation(actor=opener, people=others, name=script.name)
    creator = cast[script.by] if script.by else group.created_by
    room = rooms.filter(group=group).first() or actions.create_channel(
        actor=creator, group=group, name=script.name, topic=script.topic
    )
    room.group = group  # the same object: its membership cache serves every message
    return room


@transaction.atomic
def create_chat(data, now=None):
    """Write the demo rooms that have no messages yet; return how many messages."""
    calendar = Calendar(now or timezone.now())
    people = User.objects.filter(email__iendswith=f"@{data.people.domain}", is_active=True)
    by_name = {person.get_short_name(): person for person in people}
    slugs = {s.group for s in data.rooms}
    groups = {g.pk: g for g in Group.objects.filter(slug__in=slugs, archived_at=None)}
    actions.ensure_general_channels(list(groups.values()))
    members = {pk: [] for pk in groups}
    memberships = Membership.objects.filter(group__in=groups).select_related("user")
    for membership in memberships.order_by("joined_at", "pk"):
        remember_membership(groups[membership.group_id], membership.user, membership)
        members[membership.group_id].append(membership.user)
    by_slug = {g.slug: g for g in groups.values()}
    written, rooms = 0, []
    with unlimited:
        for script in data.rooms:
            group = by_slug.get(script.group)
            if (script.kind == Room.Kind.CHANNEL) != bool(group) or {*script.people} - {*by_name}:
                continue
            pool = members[group.pk] if group else list(by_name.values())
            cast = _cast(script, by_name, pool)
            room = _room(script, group, cast)
            if room.last_seq:
                continue  # written before (or used since): left alone
            # Who may react: the group's active members, or the people of the room.
            audience = [p for p in pool if p.is_active] if group else cast.values()
            written += Writer(script, room, cast, audience, calendar).write()
            rooms.append((room, script))
        # The demo logins have read everything the scripts do not leave unread for them.
        for name in (name.split()[0] for name in data.people.logins):
            for room, script in rooms if name in by_name else ():
                reader = by_name[name]
                if name not in script.unread and permissions.can_read_room(reader, room):
                    newest = Room.objects.values_list("last_seq", "last_message_at").get(pk=room.pk)
                    actions.mark_read(user=reader, room=room, seq=newest[0])
                    ReadState.objects.filter(room=room, user=reader).update(updated_at=newest[1])
    return written
