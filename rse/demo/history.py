"""What the feed and the chat demos do alike: the actions write everything "now" (with
their rate limits lifted, as a company's weeks are written in seconds), so the rows are
then moved to the moments the scripts planned; and a person a script names but who is
not in the group gets a stand-in, the same one on every run."""

from datetime import timedelta

from django.test.utils import override_settings

LIMITS = ("CHAT_MESSAGES_PER_MINUTE", "POSTS_PER_MINUTE", "COMMENTS_PER_MINUTE")


def unlimited():
    return override_settings(**dict.fromkeys(LIMITS, 10**9))


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
