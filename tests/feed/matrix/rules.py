"""The rules of ``feed/permissions.py`` written out again, independently of the code, and
the search of every response for what its reader may not see: the expected answers of
every module of the feed matrix."""

from urllib.parse import quote

import pytest

from tests.groups.matrix.helpers import text_of

from .world import GROUPS, HIDDEN_WORDS, KINDS, MEMBER_ROLES, MODERATING_ROLES, ROLES, SIGNED_OUT

# --- The rules, written out again ------------------------------------------------------------


def signed_in(role):
    return role not in SIGNED_OUT


def can_list(role, kind):
    if not signed_in(role):
        return False
    return role == "staff" or GROUPS[kind].visibility != "secret" or role in MEMBER_ROLES


def can_read(role, kind):
    if not signed_in(role):
        return False
    return role == "staff" or GROUPS[kind].visibility == "public" or role in MEMBER_ROLES


def moderates(role, kind):
    return can_read(role, kind) and role in MODERATING_ROLES


def takes_part(role, kind):
    return (
        can_read(role, kind)
        and not GROUPS[kind].archived
        and (role == "staff" or role in MEMBER_ROLES)
    )


def can_post(role, kind):
    spec = GROUPS[kind]
    if spec.archived or not can_read(role, kind):
        return False
    if role == "staff":
        return True
    if spec.posting_rule == "moderators":
        return role in {"moderator", "owner"}
    return role in MEMBER_ROLES


def manages_content(role, kind):
    """Edit, close, hide, accept: moderators of a group that is not archived."""
    return moderates(role, kind) and not GROUPS[kind].archived


def mentionable(role, kind):
    """Who an @mention in a group of this kind names (a link, a Mention, a frame)."""
    return role not in SIGNED_OUT and (
        GROUPS[kind].visibility == "public" or role in MEMBER_ROLES or role == "staff"
    )


# Who asks about which group. The signed-out (sent to sign in before any door is asked)
# ask about the secret group; people with a request, an invitation or a ban, outsiders
# to the door, about the three visibilities (archiving and the posting rule change
# nothing for an outsider, as the plain outsider's rows show); everyone else about all.
OUTSIDERS_WITH_A_PAST = {"pending", "invited", "banned"}


def _kinds_asked_by(role):
    if not signed_in(role):
        return ["secret"]
    if role in OUTSIDERS_WITH_A_PAST:
        return ["public", "private", "secret"]
    return KINDS


VIEWERS = [
    pytest.param(role, kind, id=f"{role}-{kind}")
    for role in ROLES
    for kind in _kinds_asked_by(role)
]


# --- Looking for what may not be seen ------------------------------------------------------------


def forbidden_words(role):
    """Words the person may not meet on any page, whatever they asked."""
    words = []
    for kind, spec in GROUPS.items():
        if not can_read(role, kind):
            words.append(spec.marker)
        if spec.visibility == "secret" and not can_list(role, kind):
            words += [spec.name, spec.slug, spec.description.split()[0]]
    if role not in MODERATING_ROLES:
        words += HIDDEN_WORDS
    return words


def body_of(response):
    return "" if response.streaming else text_of(response)


def assert_no_leak(response, role, asked=""):
    """Nothing the person may not read, in the body or the headers (a file's bytes are
    only ever sent to readers, and are not searched)."""
    text = body_of(response)
    for echo in (asked, quote(asked, safe=""), quote(asked, safe="/")):
        if echo:
            text = text.replace(echo, "")  # what the person typed comes back to them
    headers = "\n".join(f"{k}: {v}" for k, v in response.items() if k != "Location")
    lowered = (text + headers).lower()
    for word in forbidden_words(role):
        assert word.lower() not in lowered, f"{word!r} reached {role}"
