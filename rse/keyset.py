"""Keyset (cursor) pagination: each page continues strictly after the last row seen,
ordered by a value and the primary key. Unlike page numbers, a row written meanwhile
neither repeats an item nor skips one, and page 5,000 costs what page 1 costs.

Cursors are plain text ("<value>.<id>"), so a link can carry them; a cursor that does
not parse is treated as "from the start".
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass
class Page:
    items: list
    next_cursor: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def has_next(self):
        return bool(self.next_cursor)


def _encode(value):
    if isinstance(value, datetime):
        return str((value - _EPOCH) // _MICROSECOND)  # exact, unlike a float timestamp
    return str(value)


def _decode(text, is_date):
    number = int(text)
    if is_date:
        return _EPOCH + number * _MICROSECOND
    return number


def parse_cursor(cursor, *, is_date):
    try:
        value, pk = (cursor or "").split(".", 1)
        return _decode(value, is_date), int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def keyset_page(queryset, *, key, cursor, size, descending=True, is_date=True):
    """One page of ``queryset`` ordered by ``key`` then ``pk`` (both descending, or
    both ascending), starting after ``cursor``."""
    parsed = parse_cursor(cursor, is_date=is_date)
    if parsed is not None:
        value, pk = parsed
        op = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{key}__{op}": value}) | Q(**{key: value, f"pk__{op}": pk})
        )
    sign = "-" if descending else ""
    rows = list(queryset.order_by(f"{sign}{key}", f"{sign}pk")[: size + 1])
    items = rows[:size]
    next_cursor = ""
    if len(rows) > size:
        last = items[-1]
        next_cursor = f"{_encode(getattr(last, key))}.{last.pk}"
    return Page(items=items, next_cursor=next_cursor)
