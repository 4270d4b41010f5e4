"""Every write about people: profiles, avatars, follows, invitations, deactivation."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rse.images import square_thumbnails
from rse.realtime.publish import close_on_commit, user_audience

from . import permissions
from .models import AVATAR_SIZES, Follow, Invitation, Skill, User
from .tasks import send_email

PROFILE_FIELDS = (
    "display_name",
    "job_title",
    "department",
    "location",
    "phone",
    "bio",
    "language",
    "time_zone",
    "show_last_seen",
)


def parse_skills(text):
    """Comma-separated skills, trimmed, de-duplicated case-insensitively, at most 12."""
    seen, skills = set(), []
    for raw in text.split(","):
        name = " ".join(raw.split())[:40]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            skills.append(name)
    if len(skills) > 12:
        raise ValidationError(_("List at most 12 skills."), code="too_many_skills")
    return skills


def skills_named(names):
    """Existing skills are reused whatever their case, so "Python" and "python" are one."""
    skills = []
    for name in names:
        skill = Skill.objects.filter(name__iexact=name).first()
        skills.append(skill or Skill.objects.create(name=name))
    return skills


def _delete_files_on_commit(names):
    storage = User._meta.get_field("avatar_large").storage

    def delete():
        for name in names:
            storage.delete(name)

    names = [n for n in names if n]
    if names:
        transaction.on_commit(delete)


def update_profile(*, person, by, fields, skills=None, avatar=None, remove_avatar=False):
    """Save profile fields, skills and avatar together, or nothing at all.

    The avatar is decoded and re-encoded before the transaction starts, so a bad image
    raises ValidationError with the profile untouched.
    """
    if not permissions.can_edit_profile(by, person):
        raise PermissionDenied
    thumbnails = (
        square_thumbnails(avatar, AVATAR_SIZES, max_bytes=settings.AVATAR_MAX_BYTES)
        if avatar
        else None
    )
    old_files, new_files = [], []
    try:
        with transaction.atomic():
            for name in PROFILE_FIELDS:
                if name in fields:
                    setattr(person, name, fields[name])
            if thumbnails or remove_avatar:
                old_files = [person.avatar_small.name, person.avatar_large.name]
                person.avatar_small = person.avatar_large = ""
            if thumbnails:
                person.avatar_small.save(thumbnails[64].name, thumbnails[64], save=False)
                person.avatar_large.save(thumbnails[256].name, thumbnails[256], save=False)
                new_files = [person.avatar_small.name, person.avatar_large.name]
            person.full_clean(exclude=["password", "email"])
            person.save()
            if skills is not None:
                person.skills.set(skills_named(skills))
            _delete_files_on_commit(old_files)
    except BaseException:  # the new avatar's files go with the write that failed
        storage = User._meta.get_field("avatar_large").storage
        for name in new_files:
            storage.delete(name)
        raise
    return person


def follow(*, follower, followed):
    if not permissions.can_follow(follower, followed):
        raise PermissionDenied
    try:
        with transaction.atomic():
            Follow.objects.create(follower=follower, followed=followed)
    except IntegrityError:
        pass  # already following: following twice is the same as once


def unfollow(*, follower, followed):
    Follow.objects.filter(follower=follower, followed=followed).delete()


def invite(*, by, email, request=None):
    """Invite one address to sign up; a pending invitation is re-sent, not duplicated."""
    if not permissions.can_invite(by):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s already has an account.") % {"email": email}, code="exists"
        )
    with transaction.atomic():
        invitation = Invitation.objects.pending().for_email(email).first()
        if invitation is None:
            invitation = Invitation.objects.create(email=email, invited_by=by)
        link = reverse("accounts:accept_invitation", args=[invitation.token])
        if request is not None:
            link = request.build_absolute_uri(link)
        context = {"inviter": by, "link": link, "site_name": settings.SITE_NAME}
        with translation.override(by.language):
            subject = _("%(name)s invites you to %(site)s") % {
                "name": by.display_name,
                "site": settings.SITE_NAME,
            }
            body = render_to_string("accounts/email/invitation.txt", context)
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[email]))
    return invitation


def accept_invitation(*, email):
    """Mark the invitation of a freshly signed-up address as used."""
    Invitation.objects.pending().for_email(email).update(accepted_at=timezone.now())


def set_active(*, person, by, active):
    """Deactivate (or restore) a person: they can no longer sign in, their open sockets
    close at once, and everything they wrote stays."""
    if not permissions.can_deactivate(by, person):
        raise PermissionDenied
    with transaction.atomic():
        person.is_active = active
        person.save(update_fields=["is_active"])
        if not active:
            close_on_commit([user_audience(person.pk)])
    return person
