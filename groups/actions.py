"""Every write about groups: validated against the door, atomic, audited, and told to
the people concerned (live events and e-mails) only once committed."""

import contextlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rse.accounts import permissions as account_permissions
from rse.accounts.invitations import signup_allowed_for
from rse.accounts.models import Invitation, User
from rse.accounts.tasks import send_email
from rse.images import square_thumbnails
from rse.markup import render_markdown
from rse.realtime import publish
from rse.realtime.publish import publish_on_commit, user_audience

from . import permissions
from .models import (
    GROUP_IMAGE_SIZES,
    RESERVED_SLUGS,
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from .realtime import group_audience, subscribe_on_commit, unsubscribe_on_commit

Action = AuditEntry.Action
GROUP_FIELDS = (
    "name",
    "slug",
    "description",
    "visibility",
    "posting_rule",
    "members_can_create_channels",
)


def audit(group, actor, action, target=None, target_email="", **details):
    AuditEntry.objects.create(
        group=group,
        group_name=group.name,
        actor=actor,
        action=action,
        target=target,
        target_email=target_email or (target.email if target else ""),
        details=details,
    )


def notify_by_email(person, template, context, subject):
    """Render in the recipient's language now; send after commit."""
    with translation.override(person.language):
        body = render_to_string(f"groups/email/{template}.txt", {"person": person, **context})
        subject = str(subject)
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[person.email]))


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _unique_slug(name):
    base = slugify(name)[:50] or "group"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Group.objects.filter(slug__iexact=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _secret_slug():
    """A secret group's address says nothing of its name, so nobody can learn that it
    exists by trying addresses or by seeing which names are taken."""
    return "s-" + secrets.token_hex(6)


def _lock(group):
    """Serialize membership writes of one group, so that two owners leaving together
    cannot leave it without an owner."""
    Group.objects.select_for_update().filter(pk=group.pk).first()
    permissions.forget_memberships(group)


def _thumbnails(image):
    """Decode before anything is written: a bad image leaves nothing behind."""
    if not image:
        return None
    return square_thumbnails(image, GROUP_IMAGE_SIZES, max_bytes=settings.AVATAR_MAX_BYTES)


@contextlib.contextmanager
def _deleted_on_failure(stored):
    """Wrap the transaction that stores a group's new image files (their names are added
    to ``stored``): if it fails (a web address taken meanwhile, say), they go again."""
    try:
        yield
    except BaseException:
        storage = Group._meta.get_field("image_large").storage
        for name in stored:
            storage.delete(name)
        raise


def _set_image(group, thumbs, remove_image, stored):
    if not thumbs and not remove_image:
        return []
    old = [group.image_small.name, group.image_large.name]
    group.image_small = group.image_large = ""
    if thumbs:
        group.image_small.save(thumbs[64].name, thumbs[64], save=False)
        group.image_large.save(thumbs[256].name, thumbs[256], save=False)
        stored += [group.image_small.name, group.image_large.name]
    storage = group.image_large.storage
    names = [n for n in old if n]
    transaction.on_commit(lambda: [storage.delete(n) for n in names])
    return names


# --- Groups ------------------------------------------------------------------------------


def _fill(group, fields):
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    group.description_html = render_markdown(group.description)  # rendered once, on write


def _save(group):
    """Validate and save; a slug taken meanwhile by a concurrent write is a form error."""
    group.full_clean()
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ValidationError(
            {"slug": _("This web address is already taken. Choose another one.")}
        ) from None


def create_group(*, by, fields, owner=None, image=None):
    """Create a group; its creator (or the owner a site admin names) owns it."""
    if not permissions.can_create_group(by):
        raise PermissionDenied
    if owner is not None and owner != by and not permissions.can_administer_groups(by):
        raise PermissionDenied
    owner = owner or by
    if not owner.is_active:
        raise ValidationError(_("The owner must be an active colleague."), code="owner")
    thumbs, stored = _thumbnails(image), []
    with _deleted_on_failure(stored), transaction.atomic():
        group = Group(created_by=by)
        _fill(group, fields)
        if group.visibility == Visibility.SECRET:
            group.slug = _secret_slug()
        else:
            group.slug = group.slug or _unique_slug(group.name)
        _set_image(group, thumbs, False, stored)
        _save(group)
        Membership.objects.create(group=group, user=owner, role=Role.OWNER)
        audit(group, by, Action.CREATED, target=owner if owner != by else None)
        subscribe_on_commit(owner.pk, group.pk)
    return group


def update_group(*, group, by, fields, image=None, remove_image=False):
    if not permissions.can_manage(by, group) or group.is_archived:
        raise PermissionDenied
    thumbs, stored = _thumbnails(image), []
    with _deleted_on_failure(stored), transaction.atomic():
        group = Group.objects.select_for_update().get(pk=group.pk)
        before = {name: getattr(group, name) for name in GROUP_FIELDS}
        _fill(group, fields)
        _set_image(group, thumbs, remove_image, stored)
        _save(group)
        changed = sorted(n for n in GROUP_FIELDS if before[n] != getattr(group, n))
        if "visibility" in changed:
            audit(group, by, Action.VISIBILITY, old=before["visibility"], new=group.visibility)
            changed.remove("visibility")
        if changed or image or remove_image:
            audit(group, by, Action.UPDATED, fields=changed + (["image"] if image else []))
    return group


def archive_group(*, group, by):
    if not permissions.can_archive(by, group):
        raise PermissionDenied
    with transaction.atomic():
        group.archived_at = timezone.now()
        group.save(update_fields=["archived_at"])
        audit(group, by, Action.ARCHIVED)
    return group


def restore_group(*, group, by):
    if not permissions.can_restore(by, group):
        raise PermissionDenied
    with transaction.atomic():
        group.archived_at = None
        group.save(update_fields=["archived_at"])
        audit(group, by, Action.RESTORED)
    return group


def delete_group(*, group, by, confirm_name):
    """Remove a group and everything in it; the site admin types its name to confirm."""
    if not permissions.can_delete(by, group):
        raise PermissionDenied
    if confirm_name.strip() != group.name:
        raise ValidationError(
            _("Type the group's name exactly to confirm the deletion."), code="confirm"
        )
    with transaction.atomic():
        audit(group, by, Action.DELETED, visibility=group.visibility)
        # One message to the group's own audience drops it from every member's sockets.
        audience = group_audience(group.pk)
        publish.send_on_commit([audience], {"type": "rse.unsubscribe", "audience": audience})
        storage = group.image_large.storage
        names = [n for n in (group.image_small.name, group.image_large.name) if n]
        group.delete()
        transaction.on_commit(lambda: [storage.delete(n) for n in names])


# --- Getting in ---------------------------------------------------------------------------


def _add_member(group, user, by, action, role=Role.MEMBER):
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
        return _add_member(group, user, user, Action.JOINED)


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
            _add_member(group, asker, by, Action.APPROVED)
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
            {"group": group, "approved": approve, "link": _absolute(group.get_absolute_url())},
            subject,
        )
        publish_on_commit(
            [user_audience(asker.pk)],
            {"type": "group.request_decided", "group": group.pk, "approved": approve},
        )
    return join_request


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
                {"group": group, "inviter": by, "link": _absolute(reverse("groups:invitations"))},
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
                        "link": _absolute(
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
            _add_member(group, user, user, Action.INVITATION_ACCEPTED)
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


# --- Members ------------------------------------------------------------------------------


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
        _lock(group)
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
        _lock(group)
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
        _lock(group)
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
