"""The chat's entry in the header (rse/header.py)."""

from django.utils.translation import gettext_lazy as _

from rse import header


def register():
    header.register_nav(
        label=_("Chat"), url_name="chat:index", order=30, section="chat", icon="chat"
    )
