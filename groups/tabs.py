"""The tabs that apps above groups bring to a group's page.

A group knows no content: the feed (layer 5) builds on groups (layer 3), so groups may not
import it. The feed registers its tabs here in its ``AppConfig.ready()`` instead, and the
group's page and header show what was registered (DESIGN.md, "Layers").

``TABS`` is the registry: a plain dict from a tab's name to its ``Tab``, in the order shown
after the group's own first tab. Keyed by name, so registering twice changes nothing. A test
(tests/groups/test_tabs.py) checks that every registered tab works and keeps secret groups
secret.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Tab:
    """One tab of a group's page, shown only to those who may read the group.

    A tab is either the group's page itself (``url_name`` empty: its ``template`` fills
    the page's main column, with what ``context(request, group)`` returns, and
    ``more_template`` answers htmx's "more" with a ``cursor``), or a link to a page of
    its own (``url_name``, reversed with the group's slug), which asks the door itself.
    """

    label: Any  # a lazy translation: the registry is filled before any language is chosen
    url_name: str = ""
    template: str = ""
    context: Callable[..., dict] | None = None
    more_template: str = ""

    @property
    def is_home(self):
        return not self.url_name

    def url(self, group):
        if self.is_home:
            return group.get_absolute_url()
        return reverse(self.url_name, args=[group.slug])


TABS: dict[str, Tab] = {}


def home_tab():
    """The tab shown on the group's page itself, if an app brought one."""
    return next((tab for tab in TABS.values() if tab.is_home), None)


def link_tabs():
    """The tabs that are pages of their own, in the order they were registered."""
    return [tab for tab in TABS.values() if not tab.is_home]
