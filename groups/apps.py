from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        """Groups plug into the layers below them (DESIGN.md, "Layers"): a socket joins its
        person's groups, sign-up claims pending group invitations, a profile lists groups,
        the header links to them."""
        from rse.accounts import hooks
        from rse.realtime.commands import register_audiences

        from . import actions, header, profile, realtime

        register_audiences(realtime.member_audiences)
        hooks.register_signup(actions.claim_invitations)
        hooks.register_profile_section(profile.TEMPLATE, profile.section)
        header.register()
