"""Moments in short words: "now", "5 min", "13:05", "Yesterday", "2 d", "Thu 3 Dec",
"3 Dec 2025", in the reader's language and time zone (Django's active ones, set per person
by rse/accounts/middleware.py), with the full date and time on hover.

The rule, counted in the reader's zone, first match wins:

====================================  ===============  ==================
how long ago                          English          French
====================================  ===============  ==================
under a minute, or in the future      now              à l'instant
under an hour                         5 min            5 min
earlier today                         13:05            13:05
the day before today                  Yesterday        Hier
2 to 6 days before today              2 d              2 j
this year                             Thu 3 Dec        jeu. 3 déc.
an earlier year                       3 Dec 2025       3 déc. 2025
====================================  ===============  ==================

Days are calendar days in the reader's zone (dates subtracted, not 24-hour periods), so
midnight, a DST switch and New Year fall where the reader sees them. Clock times are a
fixed 24-hour "H:i" in both languages: Django's English TIME_FORMAT is "1:05 p.m.", which
is long and American, and chat already shows "H:i" everywhere (templates and chat.js), so
a time reads the same on a card and in a message. Dates are Django's own translated day
and month names through format strings the translators set (French wants "jeu. 3 déc.",
which "D j M" alone does not give: it would be "jeu 3 Déc").

Each card and comment of a page has a moment, so the words and formats of a language are
looked up once and kept (``_words``): gettext and Django's lazy day and month names cost
more than the arithmetic. The formats still use Django's date letters and translated
names, and a test holds the result equal to ``django.utils.dateformat.format``.

Core helper: imports no app, so any layer may use it (templates through the ``moments``
library, ``{{ post.created_at|moment }}``).
"""

import re
from datetime import UTC, timedelta
from functools import cache
from types import SimpleNamespace

from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_AP, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def short_moment(moment, now=None):
    """When ``moment`` was, in a few characters, for the active language and zone."""
    return _short(moment, now or timezone.now(), timezone.get_current_timezone(), _words())


def full_moment(moment):
    """The whole date and time, for a title: "Thursday 3 December 2026, 13:05"."""
    return _render(_words().full, timezone.localtime(moment))


def time_element(moment, now=None):
    """``<time>`` with the short form, the full date and time as its title, and ISO 8601
    for machines. ``None`` (a moment not yet known) gives nothing."""
    if moment is None:
        return ""
    zone = timezone.get_current_timezone()
    words = _words()
    local = timezone.localtime(moment, zone)
    # The two texts are escaped and the ISO form is digits: format_html would cost a third
    # of the whole.
    return mark_safe(
        f'<time datetime="{local.isoformat()}" title="{escape(_render(words.full, local))}">'
        f"{escape(_short(moment, now or timezone.now(), zone, words))}</time>"
    )


def _short(moment, now, zone, words):
    # Elapsed time in UTC: two datetimes of the same zone object subtract as wall-clock
    # times, which is an hour off across a DST switch.
    age = now.astimezone(UTC) - moment.astimezone(UTC)
    if age < MINUTE:
        return words.now
    if age < HOUR:
        return words.minutes[age // MINUTE]
    local, local_now = timezone.localtime(moment, zone), timezone.localtime(now, zone)
    days = (local_now.date() - local.date()).days
    if days == 0:
        return f"{local:%H:%M}"
    if days < 7:
        return words.days[days]
    return _render(words.this_year if local.year == local_now.year else words.other_year, local)


def _words():
    return _words_of(get_language())


@cache
def _words_of(language):
    """Everything a moment says in the active ``language``, looked up once."""
    return SimpleNamespace(
        now=pgettext("moment", "now"),
        minutes=[
            ngettext("%(count)d min", "%(count)d min", count) % {"count": count}
            for count in range(60)
        ],
        days=[None, gettext("Yesterday")]
        + [
            # Translators: days ago, as short as the language allows ("2 d", "2 j").
            ngettext("%(count)d d", "%(count)d d", count) % {"count": count}
            for count in range(2, 7)
        ],
        # Translators: a date of this year, in Django's date format letters
        # (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date).
        this_year=_compile(pgettext("short date", "D j M")),
        # Translators: a date of another year, in Django's date format letters.
        other_year=_compile(pgettext("short date", "j M Y")),
        # Translators: a full date and time (a title on hover), in Django's date format
        # letters.
        full=_compile(pgettext("full date", "l j F Y, H:i")),
    )


FORMAT_LETTERS = re.compile(r"(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")


def _compile(format_string):
    """A Django date format as a list of literal texts and getters, with the day and month
    names of the active language resolved; a letter not in the table below keeps Django's
    formatter (the whole format string, so the two can never disagree)."""
    names = {
        "D": [str(WEEKDAYS_ABBR[day]) for day in range(7)],
        "l": [str(WEEKDAYS[day]) for day in range(7)],
        "b": [None] + [str(MONTHS_3[month]) for month in range(1, 13)],
        "M": [None] + [str(MONTHS_3[month]).title() for month in range(1, 13)],
        "N": [None] + [str(MONTHS_AP[month]) for month in range(1, 13)],
        "F": [None] + [str(MONTHS[month]) for month in range(1, 13)],
    }
    getters = {
        "D": lambda local, names=names["D"]: names[local.weekday()],
        "l": lambda local, names=names["l"]: names[local.weekday()],
        "b": lambda local, names=names["b"]: names[local.month],
        "M": lambda local, names=names["M"]: names[local.month],
        "N": lambda local, names=names["N"]: names[local.month],
        "F": lambda local, names=names["F"]: names[local.month],
        "j": lambda local: str(local.day),
        "d": lambda local: f"{local.day:02}",
        "n": lambda local: str(local.month),
        "m": lambda local: f"{local.month:02}",
        "Y": lambda local: str(local.year),
        "G": lambda local: str(local.hour),
        "H": lambda local: f"{local.hour:02}",
        "i": lambda local: f"{local.minute:02}",
    }
    parts = []
    for index, piece in enumerate(FORMAT_LETTERS.split(format_string)):
        if index % 2:
            if piece not in getters:
                return lambda local: dateformat.format(local, format_string)
            parts.append(getters[piece])
        elif piece:
            parts.append(piece.replace("\\", ""))
    return parts


def _render(parts, local):
    if callable(parts):
        return parts(local)
    return "".join(part if part.__class__ is str else part(local) for part in parts)
