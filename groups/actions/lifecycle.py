"""A group's life: created (its creator, or the owner a site admin names, owns it),
updated with its picture, archived, restored, and deleted with everything in it."""

import contextlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rse.images import square_thumbnails
from rse.markup import render_markdown
from rse.realtime import publish

from .. import permissions
from ..models import GROUP_IMAGE_SIZES, RESERVED_SLUGS, Group, Membership, Role, Visibility
from ..realtime import group_audience, subscribe_on_commit
from .common import Action, audit

GROUP_FIELDS = (
    "name",
    "slug",
    "description",
    "visibility",
    "posting_rule",
    "members_can_create_channels",
)


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
