from django.conf import settings

from groups import permissions as groups
from rse.accounts import permissions as people


def product(request):
    """The product's name, and what the shell offers this person, asked of the doors."""
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "can_invite_people": bool(user) and people.can_invite(user),
        "can_administer_groups": bool(user) and groups.can_administer_groups(user),
        "can_open_admin_site": bool(user) and user.is_active and user.is_staff,
    }
