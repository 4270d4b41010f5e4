"""What the chat's pages read, each in a fixed number of queries whatever the number of
rooms, messages or reactions (tests/chat/test_pages.py counts them).

Reads only: who may see what is still asked of ``permissions`` (rooms come from
``readable_rooms``); writes are in ``actions``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from feed.models import REACTION_EMOJI, Reaction
from groups import permissions as group_permissions
from groups.models import Membership
from rse.accounts import permissions as people

from . import actions, permissions
from .models import Attachment, Message, MessageReaction, Participant, ReadState, Room

PAGE = 50  # messages shown at once (the socket's history pages are as long)
AROUND = 25  # messages shown on each side of a linked message
THREAD_PAGE = 100
CHANNELS_SHOWN = 300  # a ceiling: nobody reads more channels than that in one sidebar
OTHERS_SHOWN = 40  # direct messages and conversations, most recent first
PEOPLE_SHOWN = 8
GROUPED_WITHIN = timedelta(minutes=5)  # one header for a person's messages in a row


# --- The sidebar -------------------------------------------------------------------------


def my_groups(user):
    """The person's groups, by name, each with their membership already known to the
    groups door (its per-request cache), so asking ``can_create_channel`` for each of
    them costs no query."""
    memberships = list(
        Membership.objects.filter(user=user).select_related("group").order_by("group__name")
    )
    groups = []
    for membership in memberships:
        group = membership.group
        group_permissions.remember_membership(group, user, membership)
        groups.append(group)
    return groups


def ensure_general(groups):
    """Every group of the sidebar has its #general: one query to find the few that do
    not yet (then the action makes them), none more once they all have one."""
    if not groups:
        return
    have = set(
        Room.objects.filter(group__in=groups, kind=Room.Kind.CHANNEL, is_general=True).values_list(
            "group_id", flat=True
        )
    )
    missing = [group for group in groups if group.pk not in have]
    if missing:
        actions.ensure_general_channels(missing)


def with_counts(rooms, user):
    """Rooms annotated with the person's read marker, unread count (top-level messages
    of others after the marker, not deleted: thread replies do not make a room unread) and waiting
    mentions. Two subqueries per row of one query: no query per room."""
    state = ReadState.objects.filter(room=OuterRef("pk"), user=user)
    unread = (
        Message.objects.filter(
            room=OuterRef("pk"),
            seq__gt=OuterRef("my_last_read"),
            parent__isnull=True,
            deleted_at__isnull=True,
        )
        .exclude(author=user)
        .order_by()
        .values("room")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rooms.annotate(
        my_last_read=Coalesce(
            Subquery(state.values("last_read_seq")[:1]), Value(0), output_field=IntegerField()
        ),
        mentions=Coalesce(
            Subquery(state.values("mention_count")[:1]), Value(0), output_field=IntegerField()
        ),
    ).annotate(unread=Coalesce(Subquery(unread), Value(0), output_field=IntegerField()))


def _people_of(rooms, user):
    """Fills ``room.people`` (everyone but the person) and ``room.label``."""
    for room in rooms:
        everyone = [p.user for p in room.all_participants]
        room.people = [p for p in everyone if p.pk != user.pk]
        if room.kind == Room.Kind.DIRECT:
            room.partner = room.people[0] if room.people else user
            room.label = room.partner.display_name
        else:
            room.partner = None
            room.label = room.name or ", ".join(p.get_short_name() for p in room.people[:4])
    return rooms


def participants_prefetch():
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related("user").order_by("user__display_name"),
        to_attr="all_participants",
    )


@dataclass
class Sidebar:
    groups: list  # [(group, [channels], may create a channel)]
    direct: list
    conversations: list
    total_unread: int = 0
    room_ids: set = field(default_factory=set)


def sidebar(user, current=None):
    """Everything the sidebar shows: channels under their group, direct messages and
    conversations, with unread and mention counts. Five queries whatever the numbers."""
    groups = my_groups(user)
    ensure_general(groups)
    readable = permissions.readable_rooms(user)
    channels = list(
        with_counts(readable.filter(kind=Room.Kind.CHANNEL), user)
        .select_related("group")
        .order_by("-is_general", "name", "pk")[:CHANNELS_SHOWN]
    )
    others = readable.exclude(kind=Room.Kind.CHANNEL)
    recent_first = (Coalesce("last_message_at", "created_at").desc(), "-pk")
    shown = Q(pk__in=others.order_by(*recent_first).values("pk")[:OTHERS_SHOWN])
    if current is not None and not current.is_channel:
        shown |= Q(pk=current.pk)  # the open room is listed, however long ago it was used
    recent = with_counts(others.filter(shown), user).order_by(*recent_first)
    others = _people_of(list(recent.prefetch_related(participants_prefetch())), user)
    by_group = defaultdict(list)
    for room in channels:
        by_group[room.group_id].append(room)
    rows = [
        (group, by_group.get(group.pk, []), permissions.can_create_channel(user, group))
        for group in groups
    ]
    everything = channels + others
    return Sidebar(
        groups=rows,
        direct=[r for r in others if r.kind == Room.Kind.DIRECT],
        conversations=[r for r in others if r.kind == Room.Kind.CONVERSATION],
        total_unread=sum(r.unread for r in everything),
        room_ids={r.pk for r in everything},
    )


def creatable_groups(user):
    return [group for group in my_groups(user) if permissions.can_create_channel(user, group)]


# --- A room's messages ---------------------------------------------------------------------


def read_marker(user, room):
    state = ReadState.objects.filter(room=room, user=user).values_list("last_read_seq", flat=True)
    return next(iter(state), 0)


def room_people(room, user):
    """The people of a direct message or conversation (none for a channel: its group's
    members are counted, not listed)."""
    if room.is_channel:
        room.people, room.partner = [], None
        room.label = room.name
        room.member_count = room.group.memberships.filter(user__is_active=True).count()
        return room
    room.all_participants = list(
        room.participants.select_related("user").order_by("user__display_name")
    )
    return _people_of([room], user)[0]


def _messages(room):
    return Message.objects.filter(room=room).select_related("author")


@dataclass
class Page:
    messages: list
    has_older: bool
    has_newer: bool
    target: int | None = None  # the linked message's number


def latest(room):
    rows = list(_messages(room).filter(parent__isnull=True).order_by("-seq")[: PAGE + 1])
    return Page(rows[:PAGE][::-1], has_older=len(rows) > PAGE, has_newer=False)


def before(room, seq):
    rows = list(
        _messages(room).filter(parent__isnull=True, seq__lt=seq).order_by("-seq")[: PAGE + 1]
    )
    return Page(rows[:PAGE][::-1], has_older=len(rows) > PAGE, has_newer=True)


def after(room, seq):
    rows = list(
        _messages(room).filter(parent__isnull=True, seq__gt=seq).order_by("seq")[: PAGE + 1]
    )
    return Page(rows[:PAGE], has_older=True, has_newer=len(rows) > PAGE)


def around(room, seq):
    """The messages on each side of a top-level message (for a link to it)."""
    top = _messages(room).filter(parent__isnull=True)
    older = list(top.filter(seq__lt=seq).order_by("-seq")[: AROUND + 1])
    newer = list(top.filter(seq__gte=seq).order_by("seq")[: AROUND + 2])
    return Page(
        older[:AROUND][::-1] + newer[: AROUND + 1],
        has_older=len(older) > AROUND,
        has_newer=len(newer) > AROUND + 1,
        target=seq,
    )


def message_by_seq(room, seq):
    return _messages(room).filter(seq=seq).first()


def thread(room, parent_id):
    """A top-level message of the room and its replies (the latest ``THREAD_PAGE``)."""
    parent = _messages(room).filter(pk=parent_id, parent__isnull=True).first()
    if parent is None:
        return None, [], False
    rows = list(_messages(room).filter(parent=parent).order_by("-seq")[: THREAD_PAGE + 1])
    return parent, rows[:THREAD_PAGE][::-1], len(rows) > THREAD_PAGE


def dress(messages, user, *, last_read=None, moderator=False, writable=True):
    """Adds what the templates show to each message, in one query for all reactions and
    one for all files: ``reaction_summary`` [(kind, emoji, label, count, mine)], its
    ``images`` and ``files``, whether the person may edit or delete it (never where they
    only read: ``writable`` False, a preview), whether it starts a new run of one author's
    messages, a new day, or the unread part of the room."""
    ids = [m.pk for m in messages]
    counts, mine = defaultdict(lambda: defaultdict(int)), defaultdict(set)
    attached = defaultdict(list)
    if ids:
        for attachment in Attachment.objects.filter(message__in=ids):
            attached[attachment.message_id].append(attachment)
        rows = (
            MessageReaction.objects.filter(message__in=ids)
            .values("message", "kind")
            .annotate(n=Count("pk"), me=Count("pk", filter=Q(user=user)))
        )
        for row in rows:
            counts[row["message"]][row["kind"]] = row["n"]
            if row["me"]:
                mine[row["message"]].add(row["kind"])
    labels = {kind.value: kind.label for kind in Reaction}
    previous, unread_marked = None, False
    for message in messages:
        found = counts[message.pk]
        message.reaction_summary = [
            (kind, REACTION_EMOJI[kind], label, found[kind], kind in mine[message.pk])
            for kind, label in labels.items()
            if found.get(kind)
        ]
        message.attachment_list = [] if message.is_deleted else attached[message.pk]
        message.images = [a for a in message.attachment_list if a.is_image]
        message.files = [a for a in message.attachment_list if not a.is_image]
        message.mine = message.author_id == user.pk
        message.can_edit = writable and message.mine and not message.is_deleted
        message.can_delete = writable and not message.is_deleted and (message.mine or moderator)
        local = timezone.localtime(message.created_at)
        message.day = local.date()
        message.new_day = previous is None or previous.day != message.day
        message.first_unread = (
            not unread_marked
            and last_read is not None
            and message.seq > last_read
            and not message.mine
        )
        unread_marked = unread_marked or message.first_unread
        message.continued = (
            previous is not None
            and not message.new_day
            and not message.first_unread
            and previous.author_id == message.author_id
            and message.created_at - previous.created_at < GROUPED_WITHIN
        )
        previous = message
    return messages


def preview_channels(user, group):
    """The channels a previewer of ``group`` may open from the preview, #general first:
    one query, at most ``CHANNELS_SHOWN``."""
    channels = permissions.previewable_channels(user, group)
    return list(channels.order_by("-is_general", "name", "pk")[:CHANNELS_SHOWN])


# --- People --------------------------------------------------------------------------------


def find_people(user, text, *, exclude=(), limit=PEOPLE_SHOWN):
    """Active colleagues whose name (or address) starts a word of what was typed."""
    text = (text or "").strip()[:60]
    if not text:
        return []
    found = people.directory_for(user).exclude(pk=user.pk).exclude(pk__in=list(exclude))
    for word in text.split()[:3]:
        found = found.filter(Q(display_name__icontains=word) | Q(email__istartswith=word))
    return list(found.order_by("display_name")[:limit])


def mentionable(room, user, text):
    """Who a message of the room can mention, by name or address, as typed after @: the
    people who read the room, since naming anyone else stays plain text."""
    text = (text or "").strip()[:40]
    found = actions.readers(room).exclude(pk=user.pk)
    if text:
        found = found.filter(Q(display_name__icontains=text) | Q(email__istartswith=text))
    return list(found.order_by("display_name")[:PEOPLE_SHOWN])
