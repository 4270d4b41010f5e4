"""The groups' entries in the header (rse/header.py)."""

from django.utils.translation import gettext_lazy as _

from rse import header

from . import permissions


def register():
    header.register_nav(
        label=_("Groups"), url_name="groups:directory", order=20, section="groups", icon="groups"
    )
    header.register_menu(
        label=_("Administer groups"),
        url_name="groups:admin",
        allows=permissions.can_administer_groups,
        order=50,
    )
