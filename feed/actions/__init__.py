"""Every write of the feed: validated against the door, atomic, and published only once
committed. Split by what is written: posts, comments, and the marks people leave."""

from .comments import create_comment, delete_comment, edit_comment, hide_comment
from .marks import (
    accept_answer,
    dismiss_all_announcements,
    dismiss_announcement,
    mark_read,
    set_subscription,
    toggle_bookmark,
    toggle_reaction,
    toggle_vote,
)
from .posts import close_post, create_post, delete_post, edit_post, hide_post

__all__ = [
    "accept_answer",
    "close_post",
    "create_comment",
    "create_post",
    "delete_comment",
    "delete_post",
    "dismiss_all_announcements",
    "dismiss_announcement",
    "edit_comment",
    "edit_post",
    "hide_comment",
    "hide_post",
    "mark_read",
    "set_subscription",
    "toggle_bookmark",
    "toggle_reaction",
    "toggle_vote",
]
