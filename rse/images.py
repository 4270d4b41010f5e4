"""Uploaded images, checked by content and re-encoded before anything is stored.

Every image a person uploads (avatars now; group images and attachments later) goes
through :func:`square_thumbnails` or its siblings, so that a disguised file, a
decompression bomb or a truncated upload is refused with a clear message, and what we
store carries no metadata (EXIF can hold GPS positions) under a name we made.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


def open_image(upload, *, max_bytes):
    """Open and fully decode an upload, or raise a ValidationError that says why not."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    # Pillow's own guard (checked as it opens a file, and again for each GIF frame) uses
    # RSE_IMAGE_MAX_PIXELS too, not its built-in 89 megapixels: a limit set higher is
    # then honoured, and one set lower is enforced by Pillow as well as below.
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise Image.DecompressionBombError
            image.seek(0)  # an animated GIF keeps its first frame
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image is too large in pixels to be processed safely."), code="bomb"
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("Upload a JPEG, PNG, WebP or GIF image. This file is not one of them."),
            code="not_image",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("This image is damaged or incomplete. Try saving it again and re-uploading it."),
            code="damaged",
        ) from None
    return image


def clean_copy(image):
    """Apply the camera's orientation, then drop every piece of metadata."""
    image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I"):  # 16-bit greyscale: scale to 8 bits, not clip to white
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    transparent = image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if transparent else "RGB")
    image.info = {}
    return image


def square_thumbnails(upload, sizes, *, max_bytes):
    """Return ``{size: ContentFile}`` of centred square WebP thumbnails with fresh names."""
    image = clean_copy(open_image(upload, max_bytes=max_bytes))
    stem = uuid.uuid4().hex
    files = {}
    for size in sizes:
        thumb = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        thumb.save(buffer, "WEBP", quality=85, method=4, exif=b"")
        files[size] = ContentFile(buffer.getvalue(), name=f"{stem}-{size}.webp")
    return files
