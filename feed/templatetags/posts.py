from functools import cache

from django import template
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.translation import get_language

from feed.models import REACTION_EMOJI, Reaction
from rse import links

register = template.Library()


@register.simple_tag(takes_context=True)
def with_params(context, **changes):
    """The current address with some query parameters changed (``None`` removes one);
    the cursor always restarts unless it is the one being set."""
    params = context["request"].GET.copy()
    changes.setdefault("cursor", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.items())) if params else "?"


@register.simple_tag
def reaction_choices():
    return [(kind.value, REACTION_EMOJI[kind], kind.label) for kind in Reaction]


@register.simple_tag
def reaction_buttons():
    """The reaction picker's buttons, the same under every comment of a thread: rendered
    once per language, not fifty times a page (their labels are lazy translations)."""
    return _reaction_buttons(get_language())


@cache
def _reaction_buttons(language):
    return render_to_string("feed/_reaction_buttons.html", {"choices": reaction_choices()})


@register.simple_tag
def link(viewname, *args):
    """``{% url %}`` for ids and slugs, without reversing the route each time."""
    return links.link(viewname, *args)


@register.filter
def headline(post):
    """What names a post in one line: its title, or else the first line of its text with
    the Markdown marks that start a line (heading, quote, list) left out."""
    if post.title:
        return post.title
    for line in post.body.splitlines():
        line = line.strip().lstrip("#>*-+ ").strip()
        if line:
            return line
    return ""
