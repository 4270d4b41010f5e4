from django import template
from django.utils.http import urlencode

from feed.models import REACTION_EMOJI, Reaction

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
