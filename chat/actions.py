"""Every write of the chat: stored and numbered first, published after commit.

``send_message`` is idempotent on (author, client id): a client that lost the
acknowledgement sends again and gets the same stored message back, never a copy.
"""

import contextlib
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.realtime import group_audience
from rse import ratelimit
from rse.accounts.models import User
from rse.markup import render_rich
from rse.realtime.publish import publish_on_commit, user_audience

from . import attachments as uploads
from . import permissions
from .models import (
    CONVERSATION_MAX_PEOPLE,
    Attachment,
    Message,
    MessageReaction,
    Participant,
    ReadState,
    Room,
)
from .serializers import message_frame

GENERAL = "general"
REACTIONS = {"like", "thanks", "celebrate", "insightful", "funny"}


def require(allowed):
    if not allowed:
        raise PermissionDenied


def audiences(room):
    """Where a room's events go: its group's members, or each participant."""
    if room.kind == Room.Kind.CHANNEL:
        return [group_audience(room.group_id)]
    return [user_audience(pk) for pk in room.participants.values_list("user_id", flat=True)]


def readers(room):
    if room.kind == Room.Kind.CHANNEL:
        return User.objects.active().filter(memberships__group=room.group_id)
    return User.objects.active().filter(chat_participations__room=room)


def _render(room, body):
    def find_people(handles):
        query = Q()
        for handle in sorted(handles)[:50]:  # a bounded query, whatever the text
            query |= Q(email__istartswith=f"{handle}@")
        return {p.handle.lower(): p for p in readers(room).filter(query)[:50]}

    return render_rich(body, find_people=find_people)


def _check_body(body, *, files=()):
    """The text, stripped; it may be empty only when files go with it."""
    body = (body or "").strip()
    if not body and not files:
        raise ValidationError(_("Write something first: the message is empty."), code="empty")
    if len(body) > settings.CHAT_MESSAGE_MAX_CHARS:
        raise ValidationError(
            _("This message is too long: %(length)d characters for at most %(limit)d.")
            % {"length": len(body), "limit": settings.CHAT_MESSAGE_MAX_CHARS},
            code="too_long",
        )
    return body


# --- Rooms -------------------------------------------------------------------------------


def ensure_general_channels(groups):
    """Every group has a general channel; it is made the first time it is needed."""
    missing = [
        group
        for group in groups
        if not Room.objects.filter(group=group, kind=Room.Kind.CHANNEL, is_general=True).exists()
    ]
    for group in missing:
        Room.objects.get_or_create(
            group=group,
            kind=Room.Kind.CHANNEL,
            name=GENERAL,
            defaults={"is_general": True, "created_by": group.created_by},
        )


def create_channel(*, actor, group, name, topic=""):
    require(permissions.can_create_channel(actor, group))
    name = (name or "").strip().lower().replace(" ", "-")[:80]
    if not name:
        raise ValidationError(_("Give the channel a name."), code="name")
    if Room.objects.filter(group=group, kind=Room.Kind.CHANNEL, name=name).exists():
        raise ValidationError(_("This group already has a channel with that name."))
    room = Room.objects.create(
        kind=Room.Kind.CHANNEL, group=group, name=name, topic=topic[:250], created_by=actor
    )
    publish_on_commit(
        [group_audience(group.pk)], {"type": "chat.room", "room": room.pk, "name": room.name}
    )
    return room


def open_direct(*, actor, other):
    """The one direct-message room of two people, made on first use."""
    if other.pk == actor.pk or not other.is_active:
        raise ValidationError(_("Choose an active colleague to write to."))
    low, high = sorted([actor.pk, other.pk])
    with transaction.atomic():
        room, created = Room.objects.get_or_create(
            direct_key=f"{low}:{high}", defaults={"kind": Room.Kind.DIRECT, "created_by": actor}
        )
        if created:
            Participant.objects.bulk_create(
                [Participant(room=room, user=actor), Participant(room=room, user=other)]
            )
    return room


def create_conversation(*, actor, people, name=""):
    people = {person for person in people if person.is_active and person.pk != actor.pk}
    if not people:
        raise ValidationError(_("Add at least one colleague to the conversation."))
    if len(people) + 1 > CONVERSATION_MAX_PEOPLE:
        raise ValidationError(
            _("A conversation has at most %(limit)d people; use a group channel for more.")
            % {"limit": CONVERSATION_MAX_PEOPLE}
        )
    with transaction.atomic():
        room = Room.objects.create(kind=Room.Kind.CONVERSATION, name=name[:80], created_by=actor)
        Participant.objects.bulk_create(
            [Participant(room=room, user=actor)]
            + [Participant(room=room, user=p, added_by=actor) for p in people]
        )
        publish_on_commit(audiences(room), {"type": "chat.room", "room": room.pk})
    return room


def add_people(*, actor, room, people):
    people = [p for p in people if p.is_active]
    require(permissions.can_add_people(actor, room, adding=len(people)))
    with transaction.atomic():
        Participant.objects.bulk_create(
            [Participant(room=room, user=p, added_by=actor) for p in people],
            ignore_conflicts=True,
        )
        publish_on_commit(audiences(room), {"type": "chat.room", "room": room.pk})


# --- Messages ----------------------------------------------------------------------------


def _stored(author, client_id):
    return Message.objects.filter(author=author, client_id=client_id).first()


def _next_seq(room, now):
    """The room's next number. The UPDATE locks the room's row until commit, so numbers
    never repeat or skip; RETURNING (SQLite 3.35+, PostgreSQL) reads the number in the
    same statement, which the ORM's update() cannot."""
    sql = (
        f"UPDATE {connection.ops.quote_name(Room._meta.db_table)}"
        " SET last_seq = last_seq + 1, last_message_at = %s WHERE id = %s RETURNING last_seq"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), room.pk])
        return cursor.fetchone()[0]


def _read_to(room, user, seq, now):
    """Writing in the room means having read it: one UPDATE, the row made the first time
    (an upsert, should a read marker be made meanwhile). Written out, as ``_next_seq``,
    since every message runs it: the ORM's building of it took the database side of
    chat.send from 0.67 to 0.85 ms (docs/bench-chat.md)."""
    sql = (
        f"UPDATE {connection.ops.quote_name(ReadState._meta.db_table)}"
        " SET last_read_seq = %s, updated_at = %s WHERE room_id = %s AND user_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [seq, connection.ops.adapt_datetimefield_value(now), room.pk, user.pk])
        updated = cursor.rowcount
    if not updated:
        ReadState.objects.bulk_create(
            [ReadState(room=room, user=user, last_read_seq=seq, updated_at=now)],
            update_conflicts=True,
            unique_fields=["user", "room"],
            update_fields=["last_read_seq", "updated_at"],
        )


def send_message(*, author, room, body, client_id, parent=None, attachments=()):
    """Store the message with the room's next number, then publish it. Returns
    ``(message, created)``; a known ``client_id`` returns the stored message.
    ``attachments``: ids of the author's uploads of this room that it carries."""
    client_id = str(client_id or "")[:64]
    if not client_id:
        raise ValidationError(_("Each message needs the id its client gave it."), code="client_id")
    try:
        require(permissions.can_write(author, room))
        body = _check_body(body, files=attachments)
        if parent is not None and (parent.room_id != room.pk or parent.parent_id is not None):
            raise ValidationError(_("Reply to a message of this room."), code="parent")
        if not ratelimit.allow("chat", author.pk, limit=settings.CHAT_MESSAGES_PER_MINUTE):
            raise ValidationError(
                _("You are sending messages too fast. Wait a few seconds and try again."),
                code="rate_limited",
            )
        carried = uploads.claim(author=author, room=room, ids=attachments)
    except (PermissionDenied, ValidationError):
        # A resend gets its stored message back whatever changed since (the rate limit,
        # the files it took). Looked for only here, not before every message: a resend
        # that passes the checks is found by the unique constraint (below).
        existing = _stored(author, client_id)
        if existing is None:
            raise
        return existing, False
    rendered = _render(room, body)
    now = timezone.now()
    try:
        with transaction.atomic():
            seq = _next_seq(room, now)
            message = Message.objects.create(
                room=room,
                seq=seq,
                author=author,
                client_id=client_id,
                parent=parent,
                body=body,
                body_html=rendered.html,
                created_at=now,
            )
            uploads.attach(message, carried)
            if parent is not None:
                Message.objects.filter(pk=parent.pk).update(
                    reply_count=F("reply_count") + 1, last_reply_at=now
                )
            mentioned = [p.pk for p in rendered.people if p.pk != author.pk]
            for person_id in mentioned:
                state, _created = ReadState.objects.get_or_create(room=room, user_id=person_id)
                ReadState.objects.filter(pk=state.pk).update(mention_count=F("mention_count") + 1)
            if parent is None:
                # A thread reply says nothing of the room's other messages.
                _read_to(room, author, seq, now)
            message.room = room
            publish_on_commit(
                audiences(room), message_frame(message, mentions=mentioned, reactions=False)
            )
    except IntegrityError:
        # A resend, or the same client id twice at once: the unique constraint on
        # (author, client_id) refused the copy. The atomic block rolled back to where it
        # began (a savepoint inside an outer transaction, which PostgreSQL needs to run
        # the query below), number included.
        existing = _stored(author, client_id)
        if existing is None:
            raise
        return existing, False
    return message, True


def edit_message(*, actor, message, body):
    require(permissions.can_edit_message(actor, message))
    body = _check_body(body)
    rendered = _render(message.room, body)
    with transaction.atomic():
        message.body, message.body_html = body, rendered.html
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "body_html", "edited_at"])
        publish_on_commit(audiences(message.room), message_frame(message, event="chat.edited"))
    return message


def delete_message(*, actor, message):
    """Deleted messages keep their place (and number) in the room, without their text."""
    require(permissions.can_delete_message(actor, message))
    with transaction.atomic():
        message.body = message.body_html = ""
        message.deleted_at = timezone.now()
        message.save(update_fields=["body", "body_html", "deleted_at"])
        MessageReaction.objects.filter(message=message).delete()
        uploads.discard_with(message)
        publish_on_commit(audiences(message.room), message_frame(message, event="chat.deleted"))
    return message


def toggle_reaction(*, user, message, kind):
    require(permissions.can_write(user, message.room) and not message.is_deleted)
    if kind not in REACTIONS:
        raise ValidationError(_("Unknown reaction."))
    with transaction.atomic():
        deleted, _rows = MessageReaction.objects.filter(
            message=message, user=user, kind=kind
        ).delete()
        if not deleted:
            MessageReaction.objects.get_or_create(message=message, user=user, kind=kind)
        publish_on_commit(
            audiences(message.room),
            {
                "type": "chat.reaction",
                "room": message.room_id,
                "message": message.pk,
                "kind": kind,
                "user": user.pk,
                "active": not deleted,
            },
        )
    return not deleted


def mark_read(*, user, room, seq):
    """Move the read marker forward (never back) and tell the person's other tabs."""
    require(permissions.can_read_room(user, room))
    newest = Room.objects.values_list("last_seq", flat=True).get(pk=room.pk)
    seq = max(0, min(int(seq), newest))
    state, _created = ReadState.objects.get_or_create(room=room, user=user)
    # Mentions are counted, not located: they are cleared once the room is read to its end.
    mentions = 0 if seq >= newest else state.mention_count
    if seq > state.last_read_seq or mentions != state.mention_count:
        ReadState.objects.filter(pk=state.pk).update(
            last_read_seq=max(seq, state.last_read_seq),
            mention_count=mentions,
            updated_at=timezone.now(),
        )
        publish_on_commit(
            [user_audience(user.pk)],
            {"type": "chat.read", "room": room.pk, "seq": max(seq, state.last_read_seq)},
        )
    return max(seq, state.last_read_seq)


# --- From chat to the forum ----------------------------------------------------------------


def _quote(message, files):
    link = f"{message.room.get_absolute_url()}?message={message.seq}"
    lines = [f"> {line}" for line in message.body.splitlines()]
    # Files of the other replies stay in the chat: the quote names them.
    lines += [f"> 📎 {attachment.name}" for attachment in files.get(message.pk, ())]
    return "\n".join(lines) + f"\n>\n> — {message.author.display_name}, [{_('in chat')}]({link})"


def _copies(attachments, opened):
    """The chat's files as uploads for the forum, which checks and stores its own copy:
    the question must not depend on who may read the room."""
    return [File(opened.enter_context(a.file.open("rb")), name=a.name) for a in attachments]


def make_question(*, actor, message, title="", accepted_reply=None):
    """Turn a channel message and its thread into a question of the group's forum, with
    the exchange quoted and linked; a reply may become the accepted answer. The chat
    message then shows where it went. All of it, or nothing."""
    from feed import actions as feed_actions
    from feed import permissions as feed_permissions
    from feed.models import Kind

    require(permissions.can_make_question(actor, message))
    replies = list(
        message.replies.filter(deleted_at__isnull=True)
        .select_related("author")
        .order_by("seq")[:50]
    )
    if accepted_reply is not None and accepted_reply.pk not in {r.pk for r in replies}:
        raise ValidationError(_("The accepted answer must be a reply in this thread."))
    if accepted_reply is not None and not feed_permissions.can_take_part(
        accepted_reply.author, message.room.group
    ):
        raise ValidationError(
            _("The author of this reply is no longer in the group: choose another answer, or none.")
        )
    title = (title or next(iter(message.body.splitlines()), "")).strip()
    files = defaultdict(list)
    for attachment in Attachment.objects.filter(message__in=[message, *replies]):
        files[attachment.message_id].append(attachment)
    title = (title or ", ".join(a.name for a in files[message.pk]))[:200]
    quoted = [_quote(message, {})] + [_quote(r, files) for r in replies if r != accepted_reply]
    with transaction.atomic(), contextlib.ExitStack() as opened:
        # Settled first, so that two people asking at once store no files in vain.
        locked = Message.objects.select_for_update().filter(pk=message.pk).first()
        if locked is None or locked.question_id is not None:
            raise ValidationError(_("This exchange is already a forum question."))
        post = feed_actions.create_post(
            author=actor,
            group=message.room.group,
            kind=Kind.QUESTION,
            title=title,
            body="\n\n".join(quoted),
            files=_copies(files[message.pk], opened),
        )
        if accepted_reply is not None:
            link = f"{message.room.get_absolute_url()}?message={accepted_reply.seq}"
            answer = feed_actions.create_comment(
                author=accepted_reply.author,
                post=post,
                body=f"{accepted_reply.body}\n\n[{_('Answered in chat')}]({link})",
                files=_copies(files[accepted_reply.pk], opened),
            )
            feed_actions.accept_answer(actor=actor, post=post, comment=answer)
        Message.objects.filter(pk=message.pk).update(question=post)
        message.question = post
        publish_on_commit(audiences(message.room), message_frame(message, event="chat.edited"))
    return post
