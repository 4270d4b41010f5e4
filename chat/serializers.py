"""How a message travels in frames: the same shape live and in history, so a client
treats a resumed message exactly like one received as it happened."""


def reaction_data(message):
    """``[{kind, users}]``: who reacted how; each client works out its own "mine"."""
    by_kind = {}
    for reaction in message.reactions.all():
        by_kind.setdefault(reaction.kind, []).append(reaction.user_id)
    return [{"kind": kind, "users": users} for kind, users in sorted(by_kind.items())]


def attachment_data(attachment):
    """A file as frames and the upload view give it: links go through the door."""
    image = attachment.is_image
    return {
        "id": attachment.pk,
        "type": attachment.type,
        "name": attachment.name,
        "size": attachment.size,
        "url": attachment.get_absolute_url(),
        "thumbnail": attachment.thumbnail_url() if image else None,
        "width": attachment.width,
        "height": attachment.height,
    }


def attachments_of(message):
    """A message's files: none once it is deleted; those already at hand
    (``attachment_list``, set where the message was read or sent), or else read."""
    if message.deleted_at is not None:
        return []
    files = getattr(message, "attachment_list", None)
    return list(message.attachments.all()) if files is None else files


def message_data(message, *, mentions=(), reactions=True):
    return {
        "id": message.pk,
        "room": message.room_id,
        "seq": message.seq,
        "client_id": message.client_id,
        "author": {"id": message.author_id, "name": message.author.display_name},
        "parent": message.parent_id,
        "html": message.body_html,
        "created_at": message.created_at,
        "edited": message.edited_at is not None,
        "deleted": message.deleted_at is not None,
        "reply_count": message.reply_count,
        "question": message.question_id,
        "mentions": list(mentions),
        "reactions": reaction_data(message) if reactions else [],
        "attachments": [attachment_data(a) for a in attachments_of(message)],
    }


def message_frame(message, *, event="chat.message", mentions=(), reactions=True):
    return {
        "type": event,
        "room": message.room_id,
        "message": message_data(message, mentions=mentions, reactions=reactions),
    }
