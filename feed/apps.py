from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "feed"
    verbose_name = _("Feed and forums")

    def ready(self):
        """The feed plugs into the header below it (DESIGN.md, "Layers")."""
        from . import header

        header.register()
