"""Getting into a group by invitation: a moderator invites a colleague or an address that
has no account yet, the invitation waits for its sign-up, and the person accepts or
declines it, unless a moderator revokes it first."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rse.accounts import permissions as account_permissions
from rse.accounts.invitations import signup_allowed_for
from rse.accounts.models import Invitation, User
from rse.accounts.tasks import send_email
from rse.realtime.publish import publish_on_commit, user_audience

from .. import permissions
from ..models import GroupInvitation, JoinRequest
from .common import Action, absolute, audit, notify_by_email
from .joining import add_member


def invite(*, group, by, email):
    """Invite a colleague, or an address that has no account yet (the invitation waits
    for its sign-up). Outside the sign-up domains only a site admin may invite."""
    if not permissions.can_invite(by, group):
        raise PermissionDenied
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is not None:
        if not person.is_active:
            raise ValidationError(_("%(email)s cannot be invited.") % {"email": email})
        if permissions.membership_of(person, group) is not None:
            raise ValidationError(
                _("%(name)s is already a member.") % {"name": person.display_name}
            )
        if permissions.is_banned(person, group):
            raise ValidationError(
                _("%(name)s is banned from this group. Lift the ban first.")
                % {"name": person.display_name}
            )
    elif not signup_allowed_for(email) and not account_permissions.can_invite(by):
        raise ValidationError(
            _("%(email)s cannot sign up here. Ask a site admin to invite this address.")
            % {"email": email}
        )
    with transaction.atomic():
        invitation = GroupInvitation.objects.filter(
            group=group, email__iexact=email, status=GroupInvitation.Status.PENDING
        ).first()
        if invitation is not None:
            raise ValidationError(_("%(email)s is already invited.") % {"email": email})
        try:
            with transaction.atomic():
                invitation = GroupInvitation.objects.create(
                    group=group, email=email, user=person, invited_by=by
                )
        except IntegrityError:
            raise ValidationError(_("%(email)s is already invited.") % {"email": email}) from None
        audit(group, by, Action.INVITED, target=person, target_email=email)
        if person is not None:
            with translation.override(person.language):
                subject = _("%(name)s invites you to the group %(group)s") % {
                    "name": by.display_name,
                    "group": group.name,
                }
            notify_by_email(
                person,
                "invitation",
                {"group": group, "inviter": by, "link": absolute(reverse("groups:invitations"))},
                subject,
            )
            publish_on_commit(
                [user_audience(person.pk)],
                {"type": "group.invited", "group": {"id": group.pk, "name": group.name}},
            )
        else:
            if not Invitation.objects.pending().for_email(email).exists():
                Invitation.objects.create(email=email, invited_by=by)
            account_invitation = Invitation.objects.pending().for_email(email).first()
            with translation.override(by.language):
                subject = _("%(name)s invites you to the group %(group)s") % {
                    "name": by.display_name,
                    "group": group.name,
                }
                body = render_to_string(
                    "groups/email/invitation_new_person.txt",
                    {
                        "group": group,
                        "inviter": by,
                        "link": absolute(
                            reverse("accounts:accept_invitation", args=[account_invitation.token])
                        ),
                    },
                )
            transaction.on_commit(
                lambda: send_email.enqueue(subject=subject, body=body, to=[email])
            )
    return invitation


def claim_invitations(*, user):
    """Invitations sent to an address before it had an account become the person's."""
    GroupInvitation.objects.filter(
        email__iexact=user.email, user__isnull=True, status=GroupInvitation.Status.PENDING
    ).update(user=user)


def respond_to_invitation(*, invitation, user, accept):
    if not permissions.can_respond_to_invitation(user, invitation):
        raise PermissionDenied
    group = invitation.group
    if accept and group.is_archived:
        raise ValidationError(_("This group is archived: nobody can join it."))
    with transaction.atomic():
        invitation.status = (
            GroupInvitation.Status.ACCEPTED if accept else GroupInvitation.Status.DECLINED
        )
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
        if accept:
            add_member(group, user, user, Action.INVITATION_ACCEPTED)
            JoinRequest.objects.filter(
                group=group, user=user, status=JoinRequest.Status.PENDING
            ).update(status=JoinRequest.Status.APPROVED, decided_at=timezone.now())
        else:
            audit(group, user, Action.INVITATION_DECLINED)
    return invitation


def revoke_invitation(*, invitation, by):
    if not permissions.can_moderate(by, invitation.group):
        raise PermissionDenied
    with transaction.atomic():
        invitation.status = GroupInvitation.Status.REVOKED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
        audit(
            invitation.group,
            by,
            Action.INVITATION_REVOKED,
            target=invitation.user,
            target_email=invitation.email,
        )
