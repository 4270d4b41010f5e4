"""Getting into a group without an invitation: joining an open group, asking to join a
private one, withdrawing the request, and the moderators' answer to it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rse.realtime.publish import publish_on_commit, user_audience

from .. import permissions
from ..models import JoinRequest, Membership, Role, Visibility
from ..realtime import subscribe_on_commit
from .common import Action, absolute, audit, notify_by_email


def add_member(group, user, by, action, role=Role.MEMBER):
    membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": role}
    )
    permissions.forget_memberships(group)
    if created:
        audit(group, by, action, target=user if by != user else None)
        subscribe_on_commit(user.pk, group.pk)
        publish_on_commit(
            [user_audience(user.pk)],
            {"type": "group.joined", "group": {"id": group.pk, "name": group.name}},
        )
    return membership


def join_group(*, group, user):
    if not permissions.can_join(user, group):
        if permissions.is_banned(user, group):
            raise ValidationError(_("You cannot join this group."), code="banned")
        raise PermissionDenied
    with transaction.atomic():
        return add_member(group, user, user, Action.JOINED)


def request_to_join(*, group, user, message=""):
    if permissions.is_banned(user, group):
        raise ValidationError(_("You cannot ask to join this group."), code="banned")
    if not permissions.can_request_to_join(user, group):
        # Explain only where asking makes sense: a private group one is not in.
        if group.visibility == Visibility.PRIVATE and not permissions.membership_of(user, group):
            if JoinRequest.objects.filter(
                group=group, user=user, status=JoinRequest.Status.PENDING
            ).exists():
                raise ValidationError(_("Your request is already waiting for a moderator."))
            if group.is_archived:
                raise ValidationError(_("This group is archived: nobody can join it."))
        raise PermissionDenied
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(
                    group=group, user=user, message=message.strip()[:500]
                )
        except IntegrityError:  # a double click: the first request is waiting
            raise ValidationError(_("Your request is already waiting for a moderator.")) from None
        audit(group, user, Action.REQUESTED)
        moderators = group.memberships.filter(role__in=[Role.MODERATOR, Role.OWNER])
        publish_on_commit(
            [user_audience(m.user_id) for m in moderators],
            {"type": "group.join_requested", "group": group.pk, "request": request.pk},
        )
    return request


def cancel_request(*, group, user):
    JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.PENDING).delete()


def decide_request(*, join_request, by, approve):
    group = join_request.group
    if not permissions.can_moderate(by, group):
        raise PermissionDenied
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequest.Status.PENDING:
            raise ValidationError(_("This request has already been answered."), code="decided")
        if approve and group.is_archived:
            raise ValidationError(_("This group is archived: nobody can join it."))
        join_request.status = (
            JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        )
        join_request.decided_by, join_request.decided_at = by, timezone.now()
        join_request.save()
        asker = join_request.user
        if approve:
            add_member(group, asker, by, Action.APPROVED)
        else:
            audit(group, by, Action.DECLINED, target=asker)
        with translation.override(asker.language):
            subject = (
                _("You are now a member of %(group)s")
                if approve
                else _("Your request to join %(group)s was declined")
            ) % {"group": group.name}
        notify_by_email(
            asker,
            "request_decided",
            {"group": group, "approved": approve, "link": absolute(group.get_absolute_url())},
            subject,
        )
        publish_on_commit(
            [user_audience(asker.pk)],
            {"type": "group.request_decided", "group": group.pk, "approved": approve},
        )
    return join_request
