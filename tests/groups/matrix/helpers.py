"""The groups matrix's world and rules: the roles, the people and the kinds of group, the
session-only sign-in (also used by the feed matrix), the rules of
``groups/permissions.py`` written out again, and the helpers that look for the secret
group's name, address and description in a response."""

import re
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages as django_messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages import get_messages

from groups.models import (
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
)

# --- The world ---------------------------------------------------------------------------

ROLES = ["anonymous", "outsider", "invited", "pending", "member", "moderator", "owner", "staff"]
MEMBER_ROLES = {"member", "moderator", "owner"}
MODERATING_ROLES = {"moderator", "owner", "staff"}
MANAGING_ROLES = {"owner", "staff"}
# Roles that must never learn anything about a secret group.
OUTSIDE_ROLES = ["anonymous", "outsider", "invited", "pending"]

PEOPLE = {
    # role: display name (distinctive, to find them in the people directory)
    "outsider": "Otto Outsider",
    "invited": "Ivy Invited",
    "pending": "Pam Pending",
    "member": "Mia Member",
    "moderator": "Moe Moderator",
    "owner": "Olga Owner",
    "staff": "Sid Staff",
    "banned": "Bert Banned",
}

GROUPS = {
    # kind: (name, slug, description, visibility, archived)
    "public": ("Aardvark Open Square", "aardvark-open-square", "Aardvark talk", "public", False),
    "private": ("Beaver Closed Lodge", "beaver-closed-lodge", "Beaver plans", "private", False),
    "secret": (
        "Zebra Secret Circle",
        "zebra-secret-circle",
        "Quokkaconfidential merger roadmap",
        "secret",
        False,
    ),
    "archived": ("Condor Dusty Hall", "condor-dusty-hall", "Condor memories", "public", True),
    "archived_secret": (
        "Yak Hidden Vault",
        "yak-hidden-vault",
        "Wombatconfidential old layoffs",
        "secret",
        True,
    ),
}
KINDS = list(GROUPS)
SECRET_KINDS = ["secret", "archived_secret"]
MISSING_SLUG = "no-such-group-here"


@dataclass
class World:
    people: dict
    groups: dict
    requests: dict = field(default_factory=dict)  # kind -> pending JoinRequest of "pending"
    invitations: dict = field(default_factory=dict)  # kind -> pending invitation of "invited"

    def user(self, role):
        return None if role == "anonymous" else self.people[role]


def sign_in(client, user):
    """What ``client.force_login`` does, without the sign-in signals (last login, ...): the
    session alone, in half the time, which counts over some 1,500 tests."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def signed_in(client, world, role):
    return client if role == "anonymous" else sign_in(client, world.user(role))


# --- The rules, written out again ------------------------------------------------------------


def can_list(role, kind):
    if role == "anonymous":
        return False
    return role == "staff" or GROUPS[kind][3] != "secret" or role in MEMBER_ROLES


def can_read(role, kind):
    if role == "anonymous":
        return False
    return role == "staff" or GROUPS[kind][3] == "public" or role in MEMBER_ROLES


def is_archived(kind):
    return GROUPS[kind][4]


# --- Helpers ----------------------------------------------------------------------------------


def snapshot():
    """Everything a groups URL could change, as comparable values, by group id (deleted
    groups' audit entries under None)."""
    state = {}

    def put(kind, group_id, row):
        state.setdefault(group_id, {}).setdefault(kind, set()).add(row)

    for row in Group.objects.values_list(
        "pk",
        "name",
        "slug",
        "description",
        "visibility",
        "posting_rule",
        "members_can_create_channels",
        "archived_at",
        "image_small",
        "image_large",
    ):
        put("group", row[0], row)
    for row in Membership.objects.values_list("group_id", "user_id", "role", "notification_level"):
        put("memberships", row[0], row)
    for row in JoinRequest.objects.values_list("group_id", "pk", "user_id", "status"):
        put("requests", row[0], row)
    for row in GroupInvitation.objects.values_list("group_id", "pk", "user_id", "email", "status"):
        put("invitations", row[0], row)
    for row in Ban.objects.values_list("group_id", "user_id"):
        put("bans", row[0], row)
    for row in AuditEntry.objects.values_list("group_id", "pk", "action"):
        put("audit", row[0], row)
    return state


def others(state, group):
    return {group_id: rows for group_id, rows in state.items() if group_id != group.pk}


def errors_of(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == django_messages.ERROR]


def assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def text_of(response):
    return response.content.decode("utf-8", "replace") if not response.streaming else ""


def is_member(group, user):
    return Membership.objects.filter(group=group, user=user).exists()


def role_in(group, user):
    return Membership.objects.filter(group=group, user=user).values_list("role", flat=True).first()


# --- Looking for the secret -------------------------------------------------------------------

CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+')


def normalized(text):
    """A page without its per-response CSRF tokens and script nonces."""
    return CSRF.sub(r"\1-", text)


def secrets_of(group):
    name, slug, description, _visibility, _archived = next(
        spec for spec in GROUPS.values() if spec[1] == group.slug
    )
    return [name, slug, description, description.split()[0]]


def assert_no_secret(response, group, asked=""):
    """Nothing of the group on the page, apart from what the person typed themselves:
    the address they asked for (echoed in the sign-in page's ``next``) or search words."""
    text = text_of(response)
    if asked.startswith("/"):
        for echo in (asked, asked.split("?")[0]):
            for form in (quote(echo, safe=""), quote(echo, safe="/"), echo):
                text = text.replace(form, "")
    for secret in secrets_of(group):
        if asked and not asked.startswith("/") and secret.lower() in asked.lower():
            continue  # the person typed it
        assert secret.lower() not in text.lower(), f"{secret!r} leaked"


def as_if_missing(text, group, path="", missing_path=""):
    """The text with the group's address turned into one that does not exist."""
    if path:
        for safe in ("", "/"):
            text = text.replace(quote(path, safe=safe), quote(missing_path, safe=safe))
        text = text.replace(path, missing_path)
    return text.replace(group.slug, MISSING_SLUG).replace(group.slug.upper(), MISSING_SLUG.upper())


def assert_looks_missing(client, response, missing, group, path, missing_path):
    """The answer about the secret group is, byte for byte (CSRF tokens aside), the answer
    about a group that does not exist; redirects are followed one step."""
    assert response.status_code == missing.status_code
    if response.status_code in (301, 302):
        location = response["Location"]
        assert as_if_missing(location, group, path, missing_path) == missing["Location"]
        response, missing = client.get(location), client.get(missing["Location"])
        assert response.status_code == missing.status_code
    assert normalized(as_if_missing(text_of(response), group, path, missing_path)) == normalized(
        text_of(missing)
    )
    assert_no_secret(response, group, asked=path)
