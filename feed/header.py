"""The feed's entry in the header (rse/header.py): the home page is the feed."""

from django.utils.translation import gettext_lazy as _

from rse import header


def register():
    header.register_nav(label=_("Home"), url_name="home", order=10, section="", icon="home")
