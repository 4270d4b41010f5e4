"""Handing stored files to a person once a permission door has said yes.

Files are never served from a public URL: a view asks its app's door, then calls
:func:`protected_file_response`. In production the proxy can send the bytes itself
(``RSE_MEDIA_ACCEL_REDIRECT``, nginx ``internal`` location) so Python only decides.
"""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse


def protected_file_response(field, *, download_name=None, max_age=3600):
    if not field:
        raise Http404
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + field.name
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
    response["Cache-Control"] = f"private, max-age={max_age}"
    return response
