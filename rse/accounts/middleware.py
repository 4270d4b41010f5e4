"""Request-wide behaviour that follows the signed-in person."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone, translation
from django_htmx.http import HttpResponseClientRedirect

from . import known_browsers

PUBLIC_PREFIXES = ("/accounts/", "/invitations/", "/i18n/", "/static/", "/healthz", "/csp-report/")


class PersonalPreferencesMiddleware:
    """The person's own language and time zone win over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        if (
            user.is_authenticated
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != user.language
        ):
            # Pages seen after signing out stay in the person's language.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                max_age=365 * 24 * 3600,
            )
        if request.user.is_authenticated:  # signed in now, by this very request or before
            known_browsers.remember(request, response)
        timezone.deactivate()
        return response


class LoginRequiredMiddleware:
    """Every page needs a signed-in person, except sign-in itself and static files.

    Django 5.1's own LoginRequiredMiddleware would need every allauth view marked
    exempt; the list of public prefixes here is shorter and visible in one place.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if getattr(request, "htmx", False):
                # A part of a page asked for after its session ended (the home page's side
                # column, the next posts): the whole page goes to sign-in and back, rather
                # than the sign-in form into that part.
                sign_in = redirect_to_login(request.htmx.current_url_abs_path or "/")
                return HttpResponseClientRedirect(sign_in.url)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
