"""The people's entries in the header (rse/header.py): the directory, and the person's menu."""

from django.utils.translation import gettext_lazy as _

from rse import header

from . import permissions


def register():
    header.register_nav(
        label=_("People"), url_name="accounts:directory", order=40, section="people", icon="people"
    )
    header.register_menu(
        label=_("My profile"),
        url_name="accounts:profile",
        url_kwargs=lambda user: {"pk": user.pk},
        order=10,
    )
    header.register_menu(label=_("Edit profile"), url_name="accounts:edit_profile", order=20)
    header.register_menu(label=_("Account and security"), url_name="account_email", order=30)
    header.register_menu(
        label=_("Invite people"),
        url_name="accounts:invitations",
        allows=permissions.can_invite,
        order=40,
    )
