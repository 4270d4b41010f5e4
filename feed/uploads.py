"""Checking what people attach to posts and comments, by content, before anything is
stored.

The browser's content type and the file name are claims, not facts: a file is accepted
only when its first bytes are those of the type its extension names, and we serve it
with the content type *we* chose. Images are decoded and re-encoded as WebP without
metadata (as avatars are), so an image bomb or a disguised file never reaches storage.
"""

import io
import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image

from rse.images import clean_copy, open_image

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 640

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:  # a multi-byte character cut at the end is fine
        return error.start >= len(head) - 3
    return True


def _zip_holding(*names):
    def check(upload, head):
        if not head.startswith(_ZIP):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                members = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return any(name in members for name in names)

    return check


def _starts(*signatures):
    return lambda upload, head: head.startswith(signatures)


_OOXML = _zip_holding("[Content_Types].xml")
_OPENDOCUMENT = _zip_holding("mimetype")

# extension -> (content type we serve, check of the first bytes)
FILE_TYPES = {
    ".pdf": ("application/pdf", _starts(b"%PDF-")),
    ".txt": ("text/plain; charset=utf-8", lambda upload, head: _is_text(head)),
    ".md": ("text/markdown; charset=utf-8", lambda upload, head: _is_text(head)),
    ".csv": ("text/csv; charset=utf-8", lambda upload, head: _is_text(head)),
    ".log": ("text/plain; charset=utf-8", lambda upload, head: _is_text(head)),
    ".json": ("application/json", lambda upload, head: _is_text(head)),
    ".rtf": ("application/rtf", _starts(b"{\\rtf")),
    ".doc": ("application/msword", _starts(_OLE)),
    ".xls": ("application/vnd.ms-excel", _starts(_OLE)),
    ".ppt": ("application/vnd.ms-powerpoint", _starts(_OLE)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _OOXML,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _OOXML),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _OOXML,
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", _OPENDOCUMENT),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _OPENDOCUMENT),
    ".odp": ("application/vnd.oasis.opendocument.presentation", _OPENDOCUMENT),
    ".zip": ("application/zip", _starts(_ZIP, b"PK\x05\x06")),
    ".gz": ("application/gzip", _starts(b"\x1f\x8b")),
    ".tgz": ("application/gzip", _starts(b"\x1f\x8b")),
    ".7z": ("application/x-7z-compressed", _starts(b"7z\xbc\xaf\x27\x1c")),
}


@dataclass
class CheckedUpload:
    """An upload that passed: what to store, under which names and type."""

    type: str
    name: str
    content_type: str
    file: ContentFile
    thumbnail: ContentFile | None = None
    width: int | None = None
    height: int | None = None


def _display_name(upload, extension):
    stem = os.path.splitext(os.path.basename(upload.name or ""))[0][:150]
    try:
        stem = get_valid_filename(stem)
    except Exception:  # SuspiciousFileOperation for names like ".."
        stem = ""
    return (stem or "file") + extension


def _webp(image, size):
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "WEBP", quality=85, method=4, exif=b"")
    return buffer.getvalue(), copy.size


def _check_image(upload):
    image = clean_copy(open_image(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES))
    stem = uuid.uuid4().hex
    display, (width, height) = _webp(image, DISPLAY_SIZE)
    thumbnail, _size = _webp(image, THUMBNAIL_SIZE)
    return CheckedUpload(
        type="image",
        name=_display_name(upload, ".webp"),
        content_type="image/webp",
        file=ContentFile(display, name=f"{stem}.webp"),
        thumbnail=ContentFile(thumbnail, name=f"{stem}-thumb.webp"),
        width=width,
        height=height,
    )


def check_upload(upload):
    """Return a :class:`CheckedUpload`, or raise a ValidationError in the person's
    language that names the file and says what is wrong with it."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if not upload.size:  # a failed copy or a cut transfer: say so, not "not an image"
        raise ValidationError(
            _("%(name)s is empty: there is nothing in it to attach.") % {"name": upload.name},
            code="empty",
        )
    if extension in IMAGE_EXTENSIONS:
        try:
            return _check_image(upload)
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s: %(reason)s") % {"name": upload.name, "reason": error.messages[0]},
                code=error.error_list[0].code,
            ) from None
    if extension not in FILE_TYPES:
        raise ValidationError(
            _(
                "%(name)s: this type of file cannot be attached. Attach images, PDF, "
                "office documents, text or archives."
            )
            % {"name": upload.name},
            code="forbidden_type",
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large (%(size)s). The limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="too_large",
        )
    content_type, looks_right = FILE_TYPES[extension]
    upload.seek(0)
    head = upload.read(65536)
    if not looks_right(upload, head):
        raise ValidationError(
            _("%(name)s is not really a %(type)s file: its content does not match its name.")
            % {"name": upload.name, "type": extension[1:].upper()},
            code="disguised",
        )
    upload.seek(0)
    return CheckedUpload(
        type="file",
        name=_display_name(upload, extension),
        content_type=content_type,
        file=ContentFile(upload.read(), name=f"{uuid.uuid4().hex}{extension}"),
    )


def check_uploads(uploads):
    """Check every file first, so that one bad file saves none of the others."""
    if len(uploads) > settings.ATTACHMENTS_MAX_COUNT:
        raise ValidationError(
            _("Attach at most %(limit)d files at a time.")
            % {"limit": settings.ATTACHMENTS_MAX_COUNT},
            code="too_many",
        )
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked
