"""Who may create an account: an open domain, or an invitation."""

from django.conf import settings

from .models import Invitation


def signup_allowed_for(email):
    """An address may sign up when its domain is open, or when it was invited (allauth
    validates the address again after the invitation is marked used, so used counts)."""
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.SIGNUP_DOMAINS or Invitation.objects.for_email(email).exists()
