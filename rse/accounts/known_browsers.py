"""Browsers that have signed a person in before, so that a stranger cannot lock them out.

The per-address limit on failed sign-ins stops a password being guessed from many
addresses, but it is also a weapon: five wrong passwords typed for a colleague's address
would keep that colleague out of their own account, again and again. A browser that
was signed in as that person once (any signed-in page) keeps a signed cookie naming the
person (a keyed hash of their address, so the cookie tells nobody who it is); sign-ins
from it are held only by the per-IP limit. Guessing from anywhere else stays held by
both."""

import hmac

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

COOKIE = "rse_known"
MAX_AGE = 365 * 24 * 3600
_SALT = "rse.accounts.known_browsers"


def _digest(email):
    return salted_hmac(_SALT, email.strip().lower()).hexdigest()


def is_known(request, email):
    """Has this browser been signed in as the person with ``email``, within a year?"""
    value = request.COOKIES.get(COOKIE)
    if not value or not email:
        return False
    try:
        digest = signing.TimestampSigner(salt=_SALT).unsign(value, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return hmac.compare_digest(digest, _digest(email))


def remember(request, response):
    """Mark the browser of a signed-in request as its person's (once, then a year on)."""
    user = request.user
    if is_known(request, user.email):
        return
    response.set_cookie(
        COOKIE,
        signing.TimestampSigner(salt=_SALT).sign(_digest(user.email)),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
