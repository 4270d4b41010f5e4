"""Request bodies larger than RSE accepts are refused before they are read.

Django's ASGI handler reads a request's whole body (spooled to a temporary file) before
any view or form can check its size, so a client could make a server process write
gigabytes to disk for nothing. This wrapper answers 413 at once when the announced
length is too large, and stops reading, with a 413 too, once a body sent without a
length (chunked) passes the limit. The limit is ``settings.REQUEST_MAX_BYTES``: every
file a post may carry at their largest, and the form around them.
"""

import json

from django.conf import settings
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.translation import gettext as _


class BodyLimit:
    """Wraps the HTTP application (rse/asgi.py); sockets and lifespan pass through."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = settings.REQUEST_MAX_BYTES
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > limit:
            return await _refuse(scope, send)
        seen = 0

        async def bounded_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        try:
            return await self.app(scope, bounded_receive, send)
        except _TooLarge:
            return await _refuse(scope, send)


class _TooLarge(Exception):
    pass


def _language(scope):
    """The person's language from the cookie RSE keeps for it (rse/accounts/middleware.py):
    no session is read for a request refused before Django sees it."""
    cookies = parse_cookie(dict(scope["headers"]).get(b"cookie", b"").decode("latin-1"))
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


async def _refuse(scope, send):
    """The refusal in the person's language; as JSON (``{"error": ...}``) for a script
    that asked for JSON (the chat's uploads), as text otherwise."""
    with translation.override(_language(scope)):
        text = _("This is more than RSE accepts at once: send fewer or smaller files.")
    if b"application/json" in dict(scope["headers"]).get(b"accept", b""):
        kind, body = b"application/json", json.dumps({"error": text}).encode()
    else:
        kind, body = b"text/plain; charset=utf-8", (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", kind), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
