"""Files and images of chat messages: checked and stored when they are chosen, while the
message is still being written, then taken by the message that names them.

As in Slack, a person attaches a file and it uploads at once (over HTTP: a socket frame
is no place for megabytes); it waits as a *pending* upload of that person in that room,
which nobody else can see. ``chat.send`` then names the uploads its message carries, and
the message takes them in the transaction that stores it, or takes none of them. The
checks are the feed's (feed/uploads.py): a file's content must match its name, an image
is decoded and re-encoded as WebP without metadata, a bomb is refused.

Files reach storage outside any transaction, before their row is written, and are
deleted if that write fails; a message's files are deleted only once the deletion of
their rows is committed. So no rolled-back transaction leaves a file without its row, or
a row without its file. Call :func:`upload` outside a transaction, as the upload view
does. Uploads never sent are deleted a day later, when their uploader uploads again
(:func:`discard_stale`), or for everyone by ``manage.py chat_discard_stale_uploads``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feed.uploads import check_upload
from rse import ratelimit
from rse.attachments import delete_files_on_commit, deleted_on_failure

from . import permissions
from .models import Attachment

STALE_AFTER = timedelta(days=1)


def _pending(uploader):
    return Attachment.objects.filter(uploader=uploader, message__isnull=True)


def _too_many():
    return ValidationError(
        _("Attach at most %(limit)d files to a message.")
        % {"limit": settings.ATTACHMENTS_MAX_COUNT},
        code="too_many",
    )


def _delete(attachments):
    """Rows now, their files once the deletion is committed."""
    attachments = list(attachments)
    if attachments:
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        delete_files_on_commit(attachments)


def upload(*, uploader, room, file):
    """Check and store one chosen file as a pending upload of ``uploader`` in ``room``.
    Raises a ValidationError in the person's language that names the file."""
    if not permissions.can_write(uploader, room):
        raise PermissionDenied
    discard_stale(uploader=uploader)
    if _pending(uploader).filter(room=room).count() >= settings.ATTACHMENTS_MAX_COUNT:
        raise _too_many()
    if not ratelimit.allow("chat-upload", uploader.pk, limit=settings.CHAT_UPLOADS_PER_MINUTE):
        raise ValidationError(
            _("You are attaching files too fast. Wait a minute and try again."),
            code="rate_limited",
        )
    attachment = Attachment.from_upload(check_upload(file), room=room, uploader=uploader)
    with deleted_on_failure([attachment]):
        attachment.save()
    return attachment


def discard(*, uploader, attachment):
    """Its uploader takes back an upload not sent yet (the chip's remove button)."""
    if attachment.message_id is not None or attachment.uploader_id != uploader.pk:
        raise PermissionDenied
    with transaction.atomic():
        _delete([attachment])


def discard_stale(*, uploader=None, now=None):
    """Delete uploads never sent within ``STALE_AFTER`` (one person's, or everyone's);
    returns how many."""
    stale = Attachment.objects.filter(
        message__isnull=True, created_at__lt=(now or timezone.now()) - STALE_AFTER
    )
    if uploader is not None:
        stale = stale.filter(uploader=uploader)
    with transaction.atomic():
        found = list(stale.select_for_update())
        _delete(found)
    return len(found)


def claim(*, author, room, ids):
    """The uploads a new message of ``author`` in ``room`` will carry, checked before its
    transaction: only the author's own uploads of this room, not sent yet, and at most
    ``RSE_ATTACHMENTS_MAX_COUNT``. Anything else is refused, naming nothing."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    if len(ids) > settings.ATTACHMENTS_MAX_COUNT:
        raise _too_many()
    found = {a.pk: a for a in _pending(author).filter(room=room, pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError(
            _(
                "A file of this message is no longer waiting to be sent (sent already, "
                "removed, or never uploaded here). Attach it again."
            ),
            code="attachment",
        )
    return [found[pk] for pk in ids]


def attach(message, files):
    """Inside the message's transaction: the message takes its files, all of them or,
    if another message took one meanwhile, none (the ValidationError rolls it back)."""
    if files:
        taken = Attachment.objects.filter(
            pk__in=[f.pk for f in files], message__isnull=True
        ).update(message=message)
        if taken != len(files):
            raise ValidationError(
                _("A file of this message was just sent with another one. Attach it again."),
                code="attachment",
            )
        for attachment in files:
            attachment.message = message
    # What the message's frame shows, without asking the database again; in the order
    # it is read back in (the uploads' order).
    message.attachment_list = sorted(files, key=lambda a: a.pk)


def discard_with(message):
    """A deleted message's files go with its text."""
    _delete(message.attachments.all())
