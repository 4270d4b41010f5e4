"""What a post's attachment and a chat message's attachment share: a file that
feed/uploads.py has checked (its content matches its name; an image is re-encoded as WebP
with a thumbnail), how it is described, and how it reaches storage.

Files are written before the transaction that stores their row (a large upload then
never holds the database's write lock) and are deleted again if that transaction fails,
so no rolled-back write leaves a file without its row. Files of deleted rows go once the
deletion is committed, so no rolled-back deletion leaves a row without its file.
"""

import contextlib

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def upload_to(instance, filename):
    return f"{instance.folder}/{filename}"


class StoredAttachment(models.Model):
    folder = ""  # where a concrete attachment's files go, below MEDIA_ROOT

    class Type(models.TextChoices):
        IMAGE = "image", _("Image")
        FILE = "file", _("File")

    type = models.CharField(max_length=8, choices=Type.choices)
    file = models.FileField(upload_to=upload_to)
    thumbnail = models.FileField(upload_to=upload_to, blank=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.type == self.Type.IMAGE

    @classmethod
    def from_upload(cls, checked, **fields):
        """A row not saved yet, its files already in storage."""
        attachment = cls(
            type=checked.type,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.file.size,
            width=checked.width,
            height=checked.height,
            **fields,
        )
        with deleted_on_failure([attachment]):
            attachment.file.save(checked.file.name, checked.file, save=False)
            if checked.thumbnail is not None:
                attachment.thumbnail.save(checked.thumbnail.name, checked.thumbnail, save=False)
        return attachment

    def delete_files(self):
        for field in (self.file, self.thumbnail):
            if field.name:
                field.storage.delete(field.name)


@contextlib.contextmanager
def deleted_on_failure(attachments):
    """Wrap the transaction that saves the rows of files already stored."""
    try:
        yield
    except BaseException:
        for attachment in attachments:
            attachment.delete_files()
        raise


def delete_files_on_commit(attachments):
    attachments = list(attachments)

    def delete():
        for attachment in attachments:
            attachment.delete_files()

    transaction.on_commit(delete)
