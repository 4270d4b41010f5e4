"""How allauth fits the company: who may sign up, where mail goes, what SSO may do."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db import transaction

from . import hooks, known_browsers
from .actions import accept_invitation
from .models import Invitation
from .tasks import send_email

INVITATION_SESSION_KEY = "rse_invitation"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        if settings.SIGNUP_DOMAINS:
            return True
        token = request.session.get(INVITATION_SESSION_KEY)
        return bool(token) and Invitation.objects.pending().filter(token=token).exists()

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            welcome(user)
            request.session.pop(INVITATION_SESSION_KEY, None)
        return user

    def pre_authenticate(self, request, **credentials):
        """From a browser the person signed in with before, failed sign-ins for their
        address are counted for that browser alone (rse/accounts/known_browsers.py says
        why): the same limits, a count of its own."""
        browser = known_browsers.browser_of(request, credentials.get("email", ""))
        if browser is None:
            return super().pre_authenticate(request, **credentials)
        key = f"{self._get_login_attempts_cache_key(request, **credentials)}:{browser}"
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed", key=key
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def send_mail(self, template_prefix, email, context):
        """Render in the recipient's language now; send from a task after commit."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", ())
                if mimetype == "text/html"
            ),
            None,
        )
        kwargs = {
            "subject": message.subject,
            "body": message.body,
            "to": list(message.to),
            "html": html,
            "from_email": message.from_email,
            "headers": dict(message.extra_headers),
        }
        transaction.on_commit(lambda: send_email.enqueue(**kwargs))


def welcome(user):
    """What a new account gets, however it signed up: its waiting invitations, then what
    the apps above registered (groups: the person's pending group invitations)."""
    accept_invitation(email=user.email)
    for hook in hooks.ON_SIGNUP:
        hook(user=user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        welcome(user)
        return user

    def is_open_for_signup(self, request, sociallogin):
        """The company's identity provider decides who is an employee."""
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.display_name = (name or user.email.split("@")[0])[:80]
        return user
