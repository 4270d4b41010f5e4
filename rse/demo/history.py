"""What the feed and chat demos share: the actions write everything "now" (rate limits
lifted: weeks are written in seconds), then the rows move to the planned moments; a person
a script names who is not in the group gets a stand-in, the same one on every run."""

from datetime import timedelta

from django.test.utils import override_settings

LIMITS = ("CHAT_MESSAGES_PER_MINUTE", "POSTS_PER_MINUTE", "COMMENTS_PER_MINUTE")
unlimited = override_settings(**dict.fromkeys(LIMITS, 10**9))  # reusable, not nested


def backdate(rows, when, field="created_at"):
    """Give each row its moment, ``when(row)``, in one bulk update."""
    rows = list(rows)
    for row in rows:
        setattr(row, field, when(row))
    if rows:
        type(rows[0]).objects.bulk_update(rows, [field])


def later(rng, moment, low, high, limit):
    """A moment ``low`` to ``high`` minutes after ``moment``, but no later than ``limit``."""
    return min(moment + timedelta(minutes=rng.uniform(low, high)), limit)


def stand_in(name, people, taken=()):
    """Someone of ``people`` (not ``taken`` if possible) to play ``name``: drawn from the
    name itself, so that the company is the same on every run."""
    free = [person for person in people if person not in taken] or people
    return free[sum(map(ord, name)) % len(free)]
