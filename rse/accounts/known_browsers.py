"""Browsers that have signed a person in before, so that a stranger cannot lock them out.

The per-address limit on failed sign-ins stops a password being guessed from many
addresses, but it is also a weapon: five wrong passwords typed for a colleague's address
would keep that colleague out of their own account, again and again. A browser that was
signed in as that person (any signed-in page) keeps a signed cookie: a random id of its
own, and a keyed hash of the person's address and password, which names nobody and is
void once the password changes. Sign-ins from such a browser are counted apart from
everyone else's for that address (per address and browser, at the same rate), so a
stranger's mistakes fill only the stranger's count, and a copied cookie buys no more
guesses than the limit allows anyone. The per-IP limit holds for all.
"""

import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

from .models import User

COOKIE = "rse_known"
MAX_AGE = 365 * 24 * 3600
_SALT = "rse.accounts.known_browsers"


def _digest(user):
    return salted_hmac(_SALT, f"{user.email.lower()}:{user.get_session_auth_hash()}").hexdigest()


def _read(request):
    """``(browser id, digest)`` from a valid cookie, or None."""
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        browser, _, digest = (
            signing.TimestampSigner(salt=_SALT).unsign(value, max_age=MAX_AGE).partition(":")
        )
    except signing.BadSignature:
        return None
    return (browser, digest) if browser and digest else None


def browser_of(request, email):
    """This browser's id if it was signed in as the person with ``email`` (with today's
    password), within a year; else None."""
    mark = _read(request)
    if mark is None or not email:
        return None
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not hmac.compare_digest(mark[1], _digest(user)):
        return None
    return mark[0]


def remember(request, response):
    """Mark the browser of a signed-in request as its person's (once, then a year on)."""
    user = request.user
    mark = _read(request)
    digest = _digest(user)
    if mark is not None and hmac.compare_digest(mark[1], digest):
        return
    browser = mark[0] if mark else secrets.token_urlsafe(12)
    response.set_cookie(
        COOKIE,
        signing.TimestampSigner(salt=_SALT).sign(f"{browser}:{digest}"),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
