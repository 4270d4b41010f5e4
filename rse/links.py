"""Links to one object's pages, at the cost of a string replacement.

``reverse()`` costs tens of microseconds (80 on the shared bench machine), and a thread
page links each of its fifty comments half a dozen times: reversing was a quarter of the
page's time. ``link()`` reverses each route once, with markers in place of its arguments,
then fills the arguments in; the address is the one ``reverse()`` gives.
"""

import re
from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

# Digits, so that every path converter (int, slug, str) accepts them; no id reaches them.
_MARKERS = ("91807326510", "91807326511", "91807326512")
# Values that every converter takes as they are and that need no quoting.
_PLAIN = re.compile(r"[-\w]+", re.ASCII)


@lru_cache(maxsize=512)
def _route(viewname, arity, resolver, prefix):
    args = [int(marker) for marker in _MARKERS[:arity]]
    return reverse(viewname, urlconf=resolver.urlconf_name, args=args)


def link(viewname, *args):
    """``reverse(viewname, args=args)`` for arguments that are ids, slugs or plain words."""
    values = [str(arg) for arg in args]
    if len(values) > len(_MARKERS) or not all(_PLAIN.fullmatch(value) for value in values):
        return reverse(viewname, args=args)
    url = _route(viewname, len(values), get_resolver(get_urlconf()), get_script_prefix())
    for marker, value in zip(_MARKERS, values, strict=False):
        url = url.replace(marker, value, 1)
    return url
