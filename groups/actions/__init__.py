"""Every write about groups: validated against the door, atomic, audited, and told to
the people concerned (live events and e-mails) only once committed. Split by what is
written: a group's life, getting in (joining, invitations), and its members."""

from .common import audit, notify_by_email
from .invitations import claim_invitations, invite, respond_to_invitation, revoke_invitation
from .joining import cancel_request, decide_request, join_group, request_to_join
from .lifecycle import (
    GROUP_FIELDS,
    archive_group,
    create_group,
    delete_group,
    restore_group,
    update_group,
)
from .members import (
    ban,
    leave_group,
    remove_member,
    set_notification_level,
    set_role,
    transfer_ownership,
    unban,
)

__all__ = [
    "GROUP_FIELDS",
    "archive_group",
    "audit",
    "ban",
    "cancel_request",
    "claim_invitations",
    "create_group",
    "decide_request",
    "delete_group",
    "invite",
    "join_group",
    "leave_group",
    "notify_by_email",
    "remove_member",
    "request_to_join",
    "respond_to_invitation",
    "restore_group",
    "revoke_invitation",
    "set_notification_level",
    "set_role",
    "transfer_ownership",
    "unban",
    "update_group",
]
