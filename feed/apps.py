from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "feed"
    verbose_name = _("Feed and forums")

    def ready(self):
        # Groups sit below the feed and may not import it: the feed brings its tabs to a
        # group's page through the registry groups keeps for them (groups/tabs.py).
        from groups.tabs import TABS, Tab

        from .views.lists import group_feed_context

        TABS["feed"] = Tab(
            label=_("Feed"),
            template="feed/_group_feed.html",
            context=group_feed_context,
            more_template="feed/_post_list.html",
        )
        TABS["forum"] = Tab(label=_("Forum"), url_name="feed:forum")
