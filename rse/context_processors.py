from django.conf import settings

from . import header


def product(request):
    """The product's name, and the header's items the apps registered (rse/header.py)."""
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "header": header.for_request(request) if user is not None else {},
        "can_open_admin_site": bool(user) and user.is_active and user.is_staff,
    }
