"""``{% load moments %}``: ``{{ post.created_at|moment }}`` gives a ``<time>`` element
with the short form ("5 min", "Yesterday", "Thu 3 Dec"), the full date and time as its
title and ISO 8601 for machines (rse/moments.py has the rule). Registered under
TEMPLATES' ``libraries`` in settings: rse is the core, not an installed app."""

from django import template

from rse import moments

register = template.Library()


@register.filter(is_safe=True)
def moment(value):
    return moments.time_element(value)
