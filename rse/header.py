"""The header's items: the main navigation and the person's menu, registered by the apps.

The header is drawn by base.html, below every app (DESIGN.md, "Layers"): it cannot know
that groups, the feed or the chat exist. Each app registers its own entries in its
``AppConfig.ready()``, with a predicate asked of the app's own door, and the header shows
the entries whose predicate allows the person, in ``order``. Two plain lists, filled once
at start-up and only read afterwards.

An entry is *current* when the first segment of the page's path is its ``section``
("groups" for /groups/..., "" for the home page only): one string comparison per entry.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

NAV = []  # the main navigation: the top bar on a wide screen, the tab bar on a phone
MENU = []  # the person's menu, under their avatar


def everyone(user):
    return True


@dataclass(frozen=True)
class Item:
    label: Any  # gettext_lazy: the header is drawn in the person's language
    url_name: str
    order: int
    allows: Any = everyone  # (user) -> bool, through the registering app's door
    section: str | None = None  # current when the path's first segment is this
    icon: str = ""  # a symbol of static/img/icons.svg
    url_kwargs: Any = None  # (user) -> dict, for a URL of the person's own (their profile)

    def url_for(self, user):
        return reverse(self.url_name, kwargs=self.url_kwargs(user) if self.url_kwargs else None)


def _register(entries, item):
    if any(entry.url_name == item.url_name for entry in entries):
        raise ValueError(f"header item {item.url_name!r} is already registered")
    entries.append(item)
    entries.sort(key=lambda entry: entry.order)


def register_nav(**fields):
    _register(NAV, Item(**fields))


def register_menu(**fields):
    _register(MENU, Item(**fields))


@dataclass(frozen=True)
class Shown:
    """An entry as one page shows it."""

    label: Any
    url: str
    icon: str
    current: bool


def shown(entries, user, section):
    return [
        Shown(item.label, item.url_for(user), item.icon, item.section == section)
        for item in entries
        if item.allows(user)
    ]


def section_of(path):
    """The first segment of a path: "groups" for /groups/x/, "" for /."""
    return path.split("/", 2)[1] if path.startswith("/") else ""


def for_request(request):
    """The header of one page, worked out only if the page draws it (htmx partials do
    not), and once however many times the page draws it (top bar and tab bar)."""
    user, section = request.user, section_of(request.path_info)
    return {
        "nav": SimpleLazyObject(lambda: shown(NAV, user, section)),
        "menu": SimpleLazyObject(lambda: shown(MENU, user, section)),
    }
