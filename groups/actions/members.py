"""What happens to those already in a group: leaving it, being removed or banned (and the
ban lifted), roles and the handing over of ownership, and one's notification level."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rse.realtime.publish import publish_on_commit, user_audience

from .. import permissions
from ..models import Ban, GroupInvitation, JoinRequest, Role
from ..realtime import unsubscribe_on_commit
from .common import Action, audit, lock


def _drop_member(group, membership):
    user_id = membership.user_id
    membership.delete()
    permissions.forget_memberships(group)
    unsubscribe_on_commit(user_id, group.pk)
    publish_on_commit(
        [user_audience(user_id)],
        {"type": "group.left", "group": group.pk},
    )


def leave_group(*, group, user):
    membership = permissions.membership_of(user, group)
    if membership is None:
        raise PermissionDenied
    with transaction.atomic():
        lock(group)
        membership = permissions.membership_of(user, group)
        if membership is None:
            raise PermissionDenied
        if permissions.is_last_owner(membership):
            raise ValidationError(
                _("You are the last owner. Hand ownership to another member before you leave."),
                code="last_owner",
            )
        _drop_member(group, membership)
        audit(group, user, Action.LEFT)


def remove_member(*, group, by, membership):
    with transaction.atomic():
        lock(group)
        if not permissions.can_remove(by, group, membership):
            raise PermissionDenied
        _drop_member(group, membership)
        audit(group, by, Action.REMOVED, target=membership.user)


def ban(*, group, by, user, reason=""):
    """Remove the person (if a member) and keep them out: no joining, asking or invitation."""
    membership = permissions.membership_of(user, group)
    if user.pk == by.pk or not permissions.can_moderate(by, group):
        raise PermissionDenied
    if membership is not None and not permissions.can_remove(by, group, membership):
        raise PermissionDenied
    with transaction.atomic():
        if membership is not None:
            _drop_member(group, membership)
        Ban.objects.get_or_create(
            group=group, user=user, defaults={"banned_by": by, "reason": reason[:300]}
        )
        JoinRequest.objects.filter(
            group=group, user=user, status=JoinRequest.Status.PENDING
        ).update(status=JoinRequest.Status.DECLINED, decided_by=by, decided_at=timezone.now())
        GroupInvitation.objects.filter(
            Q(user=user) | Q(email__iexact=user.email),
            group=group,
            status=GroupInvitation.Status.PENDING,
        ).update(status=GroupInvitation.Status.REVOKED, decided_at=timezone.now())
        audit(group, by, Action.BANNED, target=user, reason=reason[:300])


def unban(*, group, by, user):
    if not permissions.can_moderate(by, group):
        raise PermissionDenied
    with transaction.atomic():
        if Ban.objects.filter(group=group, user=user).delete()[0]:
            audit(group, by, Action.UNBANNED, target=user)


def set_role(*, group, by, membership, role):
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if not permissions.can_change_role(by, group, membership, role):
        if membership.role == Role.OWNER and permissions.is_last_owner(membership):
            raise ValidationError(
                _("A group keeps at least one owner. Make someone else owner first."),
                code="last_owner",
            )
        raise PermissionDenied
    with transaction.atomic():
        lock(group)
        if permissions.is_last_owner(membership):  # checked again under the lock
            raise ValidationError(
                _("A group keeps at least one owner. Make someone else owner first."),
                code="last_owner",
            )
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        permissions.forget_memberships(group)
        audit(group, by, Action.ROLE, target=membership.user, old=old, new=role)
    return membership


def transfer_ownership(*, group, by, membership):
    """Make another member owner; an owner handing over becomes a moderator."""
    if not permissions.can_transfer(by, group, membership):
        raise PermissionDenied
    with transaction.atomic():
        old = membership.role
        membership.role = Role.OWNER
        membership.save(update_fields=["role"])
        mine = permissions.membership_of(by, group)
        if mine is not None and mine.role == Role.OWNER:
            mine.role = Role.MODERATOR
            mine.save(update_fields=["role"])
        permissions.forget_memberships(group)
        audit(group, by, Action.OWNERSHIP, target=membership.user, old=old)
    return membership


def set_notification_level(*, group, user, level):
    membership = permissions.membership_of(user, group)
    if membership is None:
        raise PermissionDenied
    membership.notification_level = level
    membership.full_clean()
    membership.save(update_fields=["notification_level"])
    return membership
