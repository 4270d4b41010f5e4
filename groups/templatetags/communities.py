import html

from django import template
from django.utils.html import strip_tags

from groups import tabs
from groups.models import Role, Visibility

register = template.Library()


@register.inclusion_tag("groups/_group_image.html")
def group_image(group, size=48):
    """The group's picture, or its initials on a tile."""
    return {"group": group, "size": size, "url": group.image_url(size * 2)}


@register.inclusion_tag("groups/_visibility.html")
def visibility_badge(group):
    return {"group": group}


@register.filter
def plaintext(value):
    """Stored HTML as plain text for excerpts (entities decoded once, escaped once)."""
    return html.unescape(strip_tags(value))


CHOICE_LABELS = {**dict(Visibility.choices), **dict(Role.choices)}


@register.filter
def choice_label(value):
    """An audit entry's old and new values (a visibility, a role) in the reader's words."""
    return CHOICE_LABELS.get(value, value)


@register.simple_tag
def group_tabs(group):
    """The tabs other apps registered for a group's page (groups/tabs.py): the label of
    the one shown on the page itself, and the links to those that are pages of their own."""
    home = tabs.home_tab()
    return {
        "home_label": home.label if home else "",
        "links": [{"label": tab.label, "url": tab.url(group)} for tab in tabs.link_tabs()],
    }
