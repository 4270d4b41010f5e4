"""How a message travels in frames: the same shape live and in history, so a client
treats a resumed message exactly like one received as it happened."""


def reaction_data(message):
    """``[{kind, users}]``: who reacted how; each client works out its own "mine"."""
    by_kind = {}
    for reaction in message.reactions.all():
        by_kind.setdefault(reaction.kind, []).append(reaction.user_id)
    return [{"kind": kind, "users": users} for kind, users in sorted(by_kind.items())]


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
    }


def message_frame(message, *, event="chat.message", mentions=(), reactions=True):
    return {
        "type": event,
        "room": message.room_id,
        "message": message_data(message, mentions=mentions, reactions=reactions),
    }
