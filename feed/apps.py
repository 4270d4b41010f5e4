from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "feed"
    verbose_name = _("Feed and forums")

    def ready(self):
        """The feed plugs into the layers below it (DESIGN.md, "Layers"): the header, and a
        group's page, whose tabs groups keeps in a registry (groups/tabs.py)."""
        from groups.tabs import TABS, Tab

        from . import header
        from .views.lists import group_feed_context

        header.register()
        TABS["feed"] = Tab(
            label=_("Feed"),
            template="feed/_group_feed.html",
            context=group_feed_context,
            more_template="feed/_post_list.html",
        )
        TABS["forum"] = Tab(label=_("Forum"), url_name="feed:forum")
