"""Handing stored files to a person once a permission door has said yes.

Files are never served from a public URL: a view asks its app's door, then calls
:func:`protected_file_response`. In production the proxy can send the bytes itself
(``RSE_MEDIA_ACCEL_REDIRECT``, nginx ``internal`` location) so Python only decides.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def protected_file_response(field, *, download_name=None, max_age=3600):
    if not field:
        raise Http404
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = (
            settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(field.name)
        )
        if download_name is not None:
            response["Content-Disposition"] = content_disposition_header(True, download_name)
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=content_type,
            as_attachment=download_name is not None,
            filename=download_name or "",
        )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a stored file were HTML or SVG, it could run nothing on our origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = f"private, max-age={max_age}"
    return response
