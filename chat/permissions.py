"""The chat's door: who may read, write and act in which room.

A group's channels belong to the group's members (whatever the group's visibility: chat
is where members talk among themselves); a direct message or a conversation belongs to
its participants. Nobody else learns that a room exists: missing and forbidden are the
same 404 on a page, and the same error frame on the socket.

One exception, for reading only: a **public** group's channels may be *previewed* by any
active employee who is not a member and not banned from the group (as Slack previews a
public channel), since a public group's forum is readable by everyone already
(``groups.permissions.can_read``). A previewer reads the channel's pages, its threads and
its files over HTTP (``get_room_for_reading_or_404``), and nothing more: every write, and
every socket command (``socket_room_or_none``, chat.history included), stays the members'.
Private and secret groups' channels stay the 404 of a room that does not exist.
"""

import functools

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from groups import permissions as groups
from groups.models import Group, Membership, Visibility
from rse.accounts.models import User

from .models import CONVERSATION_MAX_PEOPLE, Attachment, Message, Participant, Room


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def _still_active(user):
    """Whether the person is still active, asked within the query that finds the room or
    message: a socket keeps the person it opened with (docs/bench-chat.md), and should
    the event that closes a deactivated person's sockets be lost, their commands must
    still find nothing."""
    return Exists(User.objects.filter(pk=user.pk, is_active=True))


def readable_rooms(user):
    if not _active(user):
        return Room.objects.none()
    member = Membership.objects.filter(group=OuterRef("group"), user=user)
    participant = Participant.objects.filter(room=OuterRef("pk"), user=user)
    return Room.objects.filter((Q(kind=Room.Kind.CHANNEL) & Exists(member)) | Exists(participant))


def can_read_room(user, room):
    if not _active(user):
        return False
    known = _known_access(user, room)
    if known is not None:
        return known[0]
    if room.kind == Room.Kind.CHANNEL:
        return groups.membership_of(user, room.group) is not None
    return room.participants.filter(user=user).exists()


def _may_preview_group(user, group):
    """The rule behind every preview, which depends on the group alone: public, readable
    by the person (``groups.can_read``), who is neither a member (members read, they do
    not preview) nor banned from it. An archived public group is previewable too (read
    only, like everything in it). A deleted group is gone with its rooms. Decided once
    per group object (once per request, as ``groups.membership_of`` caches)."""
    if not _active(user):
        return False
    cache = group.__dict__.setdefault("_previewable", {})
    if user.pk not in cache:
        cache[user.pk] = (
            group.visibility == Visibility.PUBLIC
            and groups.can_read(user, group)
            and groups.membership_of(user, group) is None
            and not groups.is_banned(user, group)
        )
    return cache[user.pk]


def can_preview_room(user, room):
    """Whether this person may read this room without taking part: a channel (never a
    direct message or a conversation) of a public group they are not in."""
    return room.kind == Room.Kind.CHANNEL and _may_preview_group(user, room.group)


def previewable_channels(user, group):
    """The channels of ``group`` a previewer may list (all of a public group's, since the
    rule depends on the group alone), or none."""
    if not _may_preview_group(user, group):
        return Room.objects.none()
    return Room.objects.filter(group=group, kind=Room.Kind.CHANNEL)


def can_write(user, room):
    known = _known_access(user, room)
    if known is not None:
        return _active(user) and known[1]
    if not can_read_room(user, room):
        return False
    if room.kind == Room.Kind.CHANNEL:
        return not room.group.is_archived
    if room.kind == Room.Kind.DIRECT:
        # A direct message with a deactivated colleague stays readable, not writable.
        return not room.participants.filter(user__is_active=False).exists()
    return True


def can_create_channel(user, group):
    if group.is_archived or groups.membership_of(user, group) is None:
        return False
    return group.members_can_create_channels or groups.can_moderate(user, group)


def can_add_people(user, room, adding=1):
    return (
        room.kind == Room.Kind.CONVERSATION
        and can_read_room(user, room)
        and room.participants.count() + adding <= CONVERSATION_MAX_PEOPLE
    )


def can_edit_message(user, message):
    return message.author_id == user.pk and not message.is_deleted and can_write(user, message.room)


def can_delete_message(user, message):
    if message.is_deleted or not _active(user):
        return False
    if message.author_id == user.pk:
        return can_write(user, message.room)
    room = message.room
    return room.kind == Room.Kind.CHANNEL and groups.can_moderate(user, room.group)


def can_make_question(user, message):
    """A channel exchange can become a question in its group's forum."""
    room = message.room
    return (
        room.kind == Room.Kind.CHANNEL
        and message.parent_id is None
        and not message.is_deleted
        and message.question_id is None
        and groups.can_post(user, room.group)
        # Site admins may post in any group, but the exchange is the room's members':
        # one previewing a public channel does not turn it into a question.
        and can_read_room(user, room)
    )


def _room_for(user, room_id):
    """The room of ``room_id`` with its group, if the person is (still) active; else None."""
    if not _active(user):
        return None
    try:
        room = (
            Room.objects.select_related("group")
            .annotate(reader_active=_still_active(user))
            .get(pk=int(room_id))
        )
    except (Room.DoesNotExist, TypeError, ValueError, OverflowError):
        return None
    return room if room.reader_active else None


def room_or_none(user, room_id):
    """The room if this person may read it; ``None`` for missing and forbidden alike."""
    room = _room_for(user, room_id)
    return room if room is not None and can_read_room(user, room) else None


def socket_room_or_none(user, room_id):
    """``room_or_none`` for socket commands: the room (without its group) if this person
    may read it, knowing already whether they may write there.

    Every chat message sent asks this first, so it is one statement written out: the
    ORM spent ~1 ms of CPU building the queries of ``room_or_none`` and ``can_write``,
    twenty times what running this one costs (docs/bench-chat.md). It decides what
    ``can_read_room`` and ``can_write`` decide (tests/chat/test_room_matrix.py holds
    them together over every kind of room and person), and leaves both answers on the room."""
    if not _active(user):
        return None
    try:
        found = list(Room.objects.raw(_socket_room_sql(), [user.pk] * 3 + [int(room_id)]))
    except (TypeError, ValueError, OverflowError):
        return None
    if not found or not found[0].reader_active:
        return None
    room = found[0]
    if room.kind == Room.Kind.CHANNEL:
        readable = bool(room.reader_member)
        writable = readable and not room.group_archived
    else:
        readable = bool(room.reader_participant)
        writable = readable and not (room.kind == Room.Kind.DIRECT and room.someone_inactive)
    room.__dict__["_access"] = {user.pk: (readable, writable)}
    return room if readable else None


def _known_access(user, room):
    """(may read, may write) as ``socket_room_or_none`` found them, if it did."""
    return room.__dict__.get("_access", {}).get(user.pk)


@functools.cache
def _socket_room_sql():
    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    room, user, member = table(Room), table(User), table(Membership)
    group, participant = table(Group), table(Participant)
    return f"""
        SELECT r.*,
            EXISTS (SELECT 1 FROM {user} WHERE id = %s AND is_active) AS reader_active,
            EXISTS (SELECT 1 FROM {member} WHERE group_id = r.group_id AND user_id = %s)
                AS reader_member,
            EXISTS (SELECT 1 FROM {participant} WHERE room_id = r.id AND user_id = %s)
                AS reader_participant,
            EXISTS (SELECT 1 FROM {group} WHERE id = r.group_id AND archived_at IS NOT NULL)
                AS group_archived,
            EXISTS (
                SELECT 1 FROM {participant} p JOIN {user} u ON u.id = p.user_id
                WHERE p.room_id = r.id AND NOT u.is_active
            ) AS someone_inactive
        FROM {room} r WHERE r.id = %s"""


def message_or_none(user, message_id):
    """A message of a room this person may read, with its room, group and author;
    ``None`` for missing and forbidden alike."""
    if not _active(user) or not isinstance(message_id, int):
        return None
    message = (
        Message.objects.select_related("room__group", "author")
        .annotate(reader_active=_still_active(user))
        .filter(pk=message_id)
        .first()
    )
    if message is None or not message.reader_active or not can_read_room(user, message.room):
        return None
    return message


def get_room_or_404(user, room_id):
    room = room_or_none(user, room_id)
    if room is None:
        raise Http404
    return room


def get_room_for_reading_or_404(user, room_id):
    """A room whose messages this person may read: theirs (``room.previewing`` False), or
    a public group's channel they may preview (``room.previewing`` True: read only, not
    in their sidebar, no read state). The 404 of a room that does not exist otherwise.
    The room's page, thread, messages and files ask this; every write asks
    ``get_room_or_404`` (a room the person is in) or ``can_write``."""
    room = _room_for(user, room_id)
    if room is None:
        raise Http404
    if can_read_room(user, room):
        room.previewing = False
    elif can_preview_room(user, room):
        room.previewing = True
    else:
        raise Http404
    return room


def get_attachment_or_404(user, room_id, attachment_id):
    """A file of a room: to whoever may read the room while its message stands (a
    previewer of a public channel too, as a public group's forum files are readable by
    every employee); not sent yet, to its uploader alone. Anyone else gets the 404 of a
    file that does not exist."""
    room = get_room_for_reading_or_404(user, room_id)
    attachment = (
        Attachment.objects.select_related("message").filter(pk=attachment_id, room=room).first()
    )
    if attachment is None:
        raise Http404
    if attachment.message_id is None:
        # A preview reads messages, not uploads waiting to be sent (a former member's).
        allowed = attachment.uploader_id == user.pk and not room.previewing
    else:
        allowed = not attachment.message.is_deleted
    if not allowed:
        raise Http404
    attachment.room = room
    return attachment


def presence_visible(viewer, user_ids):
    """Of ``user_ids``, the people whose presence ``viewer`` may know, each with whether
    they show when they were last seen: active colleagues who share a group or a direct
    message or conversation with the viewer, and the viewer. Anyone else's comings and
    goings are nobody's business: they are left out, exactly as unknown ids are."""
    if not _active(viewer) or not user_ids:
        return {}
    shares_a_group = Membership.objects.filter(user=OuterRef("pk"), group__memberships__user=viewer)
    shares_a_room = Participant.objects.filter(user=OuterRef("pk"), room__participants__user=viewer)
    return dict(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .filter(Q(pk=viewer.pk) | Exists(shares_a_group) | Exists(shares_a_room))
        .values_list("pk", "show_last_seen")
    )
