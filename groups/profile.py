"""The groups section of a person's profile, registered with accounts (rse/accounts/hooks.py)."""

from . import permissions

TEMPLATE = "groups/_profile_groups.html"
SHOWN = 12


def section(viewer, person):
    """Only groups the viewer may see listed: a secret group is never named here."""
    groups = list(permissions.profile_groups(viewer, person).order_by("name")[:SHOWN])
    return {"groups": groups} if groups else None
