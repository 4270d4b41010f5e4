"""The permission matrix of the groups app: every URL, asked by every kind of person
about every kind of group.

The world is built with the ORM only (no actions), so that a broken action cannot hide a
broken door. Each test gets a fresh world: one person per role, each holding that role in
every group, and one group per kind. Expected answers are derived from the rules of
``groups/permissions.py`` written out again here, independently of the code:

* a group is *listed* (name, description, image) to every active employee unless it is
  secret; a secret group only to its members and to site admins;
* its content (members page) is *read* by everyone in a public group, by members
  otherwise, and by site admins;
* moderators (and owners, and site admins) moderate; owners and site admins manage;
* missing and forbidden look the same: 404; anonymous people are sent to sign in.

The last part checks the one promise a secret group makes: its name, address and
description never reach anyone outside it, on any page.
"""

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import import_module
from urllib.parse import quote, quote_plus

import pytest
from django.conf import settings
from django.contrib import messages as django_messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from groups.models import (
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
)
from rse.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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


@pytest.fixture(scope="module")
def _shared_client():
    """One test client for the module: building a client's middleware (WhiteNoise scans
    every static file) costs more than the requests of a test."""
    return Client()


@pytest.fixture
def client(_shared_client):
    _shared_client.cookies = SimpleCookie()  # signed out, no messages, no session
    return _shared_client


@pytest.fixture
def world(db):
    # One query for everybody: the world is built for each of some 1,800 tests.
    people = dict(
        zip(
            PEOPLE,
            User.objects.bulk_create(
                User(
                    email=f"{role}@example.com",
                    display_name=name,
                    department="Quality",  # one team: "suggested groups" would show a leak
                    is_staff=role == "staff",
                    password="!",  # unusable: the tests sign in with sign_in() below
                )
                for role, name in PEOPLE.items()
            ),
            strict=True,
        )
    )
    now = timezone.now()
    groups = {}
    for kind, (name, slug, description, visibility, archived) in GROUPS.items():
        groups[kind] = Group(
            name=name,
            slug=slug,
            description=description,
            description_html=f"<p>{description}</p>",
            visibility=visibility,
            archived_at=now if archived else None,
            created_by=people["owner"],
            image_small=f"groups/1a2b{kind}-small.png",
            image_large=f"groups/1a2b{kind}-large.png",
        )
    Group.objects.bulk_create(groups.values())
    memberships, requests, invitations, bans, entries = [], {}, {}, [], []
    for kind, group in groups.items():
        memberships += [
            Membership(group=group, user=people["owner"], role=Role.OWNER),
            Membership(group=group, user=people["moderator"], role=Role.MODERATOR),
            Membership(group=group, user=people["member"], role=Role.MEMBER),
        ]
        # A request made while the group was private, or an invitation sent before it
        # was archived: every kind of group can hold them.
        requests[kind] = JoinRequest(group=group, user=people["pending"], message="Please")
        invitations[kind] = GroupInvitation(
            group=group,
            email=people["invited"].email,
            user=people["invited"],
            invited_by=people["owner"],
        )
        bans.append(Ban(group=group, user=people["banned"], banned_by=people["owner"]))
        entries.append(
            AuditEntry(group=group, group_name=group.name, actor=people["owner"], action="created")
        )
    Membership.objects.bulk_create(memberships)
    JoinRequest.objects.bulk_create(requests.values())
    GroupInvitation.objects.bulk_create(invitations.values())
    Ban.objects.bulk_create(bans)
    AuditEntry.objects.bulk_create(entries)
    return World(people=people, groups=groups, requests=requests, invitations=invitations)


@pytest.fixture
def images(world):
    """Store the groups' pictures, so that a 404 on an image means "not for you"."""
    for group in world.groups.values():
        for field_name in ("image_small", "image_large"):
            image = getattr(group, field_name)
            image.storage.save(image.name, ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 64))


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

CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def normalized(text):
    """A page without its per-response CSRF tokens."""
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


# --- GET: every page, every person, every group -------------------------------------------------

GROUP_PAGES = {
    # name: (path under /groups/<slug>/, rule(role, kind) -> may open)
    "detail": ("", can_list),
    "members": ("members/", lambda r, k: can_list(r, k) and can_read(r, k)),
    "settings": ("settings/", lambda r, k: r in MANAGING_ROLES and not is_archived(k)),
    "log": ("log/", lambda r, k: r in MANAGING_ROLES),
    "image_small": ("image/small/", can_list),
    "image_large": ("image/large/", can_list),
    "delete": ("delete/", lambda r, k: r == "staff"),
}


@pytest.mark.parametrize("page", list(GROUP_PAGES))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_group_page(request, client, world, role, kind, page):
    if page.startswith("image"):
        request.getfixturevalue("images")
    group = world.groups[kind]
    suffix, may_open = GROUP_PAGES[page]
    path = f"/groups/{group.slug}/{suffix}"
    response = signed_in(client, world, role).get(path)

    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif may_open(role, kind):
        assert response.status_code == 200
        if page.startswith("image"):
            assert response["Content-Type"] == "image/png"
            assert "private" in response["Cache-Control"]
        else:
            assert group.name in text_of(response)
    else:
        assert response.status_code == 404
        assert group.name not in text_of(response)

    if kind in SECRET_KINDS and role in OUTSIDE_ROLES:
        missing_path = f"/groups/{MISSING_SLUG}/{suffix}"
        missing = client.get(missing_path)
        assert_looks_missing(client, response, missing, group, path, missing_path)


SITE_PAGES = {
    # name: (path, "{word}" being the first word of the group's name;
    #        rule(role, kind) -> may open; rule(role, kind) -> the group's name is on it)
    "directory": ("/groups/?q={word}", lambda r, k: True, can_list),
    "invitations": ("/groups/invitations/", lambda r, k: True, lambda r, k: r == "invited"),
    "admin": ("/groups/admin/?q={word}", lambda r, k: r == "staff", lambda r, k: r == "staff"),
    "admin_log": ("/groups/admin/log/", lambda r, k: r == "staff", lambda r, k: r == "staff"),
}


@pytest.mark.parametrize("page", list(SITE_PAGES))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_site_page(client, world, role, kind, page):
    group = world.groups[kind]
    path, may_open, shows_name = SITE_PAGES[page]
    response = signed_in(client, world, role).get(path.format(word=group.name.split()[0]))

    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif may_open(role, kind):
        assert response.status_code == 200
        assert (group.name in text_of(response)) == shows_name(role, kind)
    else:
        assert response.status_code == 404
        assert group.name not in text_of(response)


@pytest.mark.parametrize(
    ("path", "may_open"),
    [("/groups/new/", lambda r: True), ("/groups/admin/new/", lambda r: r == "staff")],
    ids=["create", "admin_create"],
)
@pytest.mark.parametrize("role", ROLES)
def test_group_forms(client, world, role, path, may_open):
    response = signed_in(client, world, role).get(path)
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == (200 if may_open(role) else 404)
        for group in world.groups.values():
            assert group.name not in text_of(response)


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_directory_lists_exactly_the_listable_groups(client, world, role):
    sign_in(client, world.user(role))
    text = text_of(client.get("/groups/"))
    shown = {kind for kind, group in world.groups.items() if group.name in text}
    assert shown == {kind for kind in KINDS if can_list(role, kind)}


# --- POST: every action, every person, every group -----------------------------------------------

OK = "ok"  # the action takes effect
DENIED = "denied"  # 404, nothing changes
REFUSED = "refused"  # redirect with an error message, nothing changes
NOOP = "noop"  # redirect, nothing changes (nothing to do)
LOGIN = "login"  # sent to sign in, nothing changes


def _settings_data(group):
    return {
        "name": group.name + " Renamed",
        "slug": group.slug,
        "description": group.description,
        "visibility": group.visibility,
        "posting_rule": group.posting_rule,
        "members_can_create_channels": "on",
    }


ACTIONS = {
    # name: (path under /groups/ from (world, kind), data from (world, kind))
    "join": (lambda w, k: f"{w.groups[k].slug}/join/", lambda w, k: {}),
    "request": (lambda w, k: f"{w.groups[k].slug}/request/", lambda w, k: {"message": "Hi"}),
    "cancel_request": (lambda w, k: f"{w.groups[k].slug}/request/cancel/", lambda w, k: {}),
    "leave": (lambda w, k: f"{w.groups[k].slug}/leave/", lambda w, k: {}),
    "notifications": (
        lambda w, k: f"{w.groups[k].slug}/notifications/",
        lambda w, k: {"level": "all"},
    ),
    "invite": (
        lambda w, k: f"{w.groups[k].slug}/invite/",
        lambda w, k: {"who": w.people["outsider"].email},
    ),
    "approve_request": (
        lambda w, k: f"{w.groups[k].slug}/requests/{w.requests[k].pk}/",
        lambda w, k: {"decision": "approve"},
    ),
    "decline_request": (
        lambda w, k: f"{w.groups[k].slug}/requests/{w.requests[k].pk}/",
        lambda w, k: {"decision": "decline"},
    ),
    "revoke_invitation": (
        lambda w, k: f"{w.groups[k].slug}/invitations/{w.invitations[k].pk}/revoke/",
        lambda w, k: {},
    ),
    "set_role": (
        lambda w, k: f"{w.groups[k].slug}/members/{w.people['member'].pk}/role/",
        lambda w, k: {"role": "owner"},
    ),
    "transfer": (
        lambda w, k: f"{w.groups[k].slug}/members/{w.people['member'].pk}/transfer/",
        lambda w, k: {},
    ),
    "remove": (
        lambda w, k: f"{w.groups[k].slug}/members/{w.people['member'].pk}/remove/",
        lambda w, k: {},
    ),
    "ban": (
        lambda w, k: f"{w.groups[k].slug}/members/{w.people['member'].pk}/ban/",
        lambda w, k: {"reason": "Spam"},
    ),
    "unban": (
        lambda w, k: f"{w.groups[k].slug}/members/{w.people['banned'].pk}/unban/",
        lambda w, k: {},
    ),
    "settings": (
        lambda w, k: f"{w.groups[k].slug}/settings/",
        lambda w, k: _settings_data(w.groups[k]),
    ),
    "archive": (lambda w, k: f"{w.groups[k].slug}/archive/", lambda w, k: {}),
    "restore": (lambda w, k: f"{w.groups[k].slug}/restore/", lambda w, k: {}),
    "delete": (
        lambda w, k: f"{w.groups[k].slug}/delete/",
        lambda w, k: {"confirm_name": w.groups[k].name},
    ),
    "accept_invitation": (
        lambda w, k: f"invitations/{w.invitations[k].pk}/",
        lambda w, k: {"decision": "accept"},
    ),
    "decline_invitation": (
        lambda w, k: f"invitations/{w.invitations[k].pk}/",
        lambda w, k: {"decision": "decline"},
    ),
}


def expected(action, role, kind):
    if role == "anonymous":
        return LOGIN
    archived = is_archived(kind)
    member = role in MEMBER_ROLES
    moderates = role in MODERATING_ROLES
    manages = role in MANAGING_ROLES
    if action in ("accept_invitation", "decline_invitation"):
        # Not behind the group's door: only the invited person's own invitation exists.
        if role != "invited":
            return DENIED
        return REFUSED if archived and action == "accept_invitation" else OK
    if not can_list(role, kind):
        return DENIED
    if action == "join":
        return OK if GROUPS[kind][3] == "public" and not archived and not member else DENIED
    if action == "request":
        if GROUPS[kind][3] != "private" or archived or member:
            return DENIED
        return REFUSED if role == "pending" else OK
    if action == "cancel_request":
        return OK if role == "pending" else NOOP
    if action == "leave":
        if role == "owner":
            return REFUSED  # the last owner hands over first
        return OK if member else DENIED
    if action == "notifications":
        return OK if member else DENIED
    if action == "invite":
        return OK if moderates and not archived else DENIED
    if action == "approve_request":
        if not moderates:
            return DENIED
        # "Archived groups take no new members": approving one must not add a member.
        return REFUSED if archived else OK
    if action in ("decline_request", "revoke_invitation", "remove", "ban", "unban"):
        return OK if moderates else DENIED
    if action in ("set_role", "transfer"):
        return OK if manages else DENIED
    if action in ("settings", "archive"):
        return OK if manages and not archived else DENIED
    if action == "restore":
        return OK if role == "staff" and archived else DENIED
    if action == "delete":
        return OK if role == "staff" else DENIED
    raise AssertionError(action)


def check_effect(action, world, kind, actor):
    """The action did what it says (on the group it was asked about)."""
    group = world.groups[kind]
    people = world.people
    if action == "delete":
        assert not Group.objects.filter(pk=group.pk).exists()
        assert AuditEntry.objects.filter(group_name=group.name, action="deleted").exists()
        return
    group.refresh_from_db()
    audited = AuditEntry.objects.filter(group=group).exclude(action="created")
    if action == "join":
        assert role_in(group, actor) == Role.MEMBER
    elif action == "request":
        assert JoinRequest.objects.filter(group=group, user=actor, status="pending").exists()
    elif action == "cancel_request":
        assert not JoinRequest.objects.filter(group=group, user=actor, status="pending").exists()
    elif action == "leave":
        assert not is_member(group, actor)
    elif action == "notifications":
        assert Membership.objects.get(group=group, user=actor).notification_level == "all"
    elif action == "invite":
        assert GroupInvitation.objects.filter(
            group=group, user=people["outsider"], status="pending"
        ).exists()
    elif action == "approve_request":
        assert is_member(group, people["pending"])
        assert JoinRequest.objects.get(pk=world.requests[kind].pk).status == "approved"
    elif action == "decline_request":
        assert not is_member(group, people["pending"])
        assert JoinRequest.objects.get(pk=world.requests[kind].pk).status == "declined"
    elif action == "revoke_invitation":
        assert GroupInvitation.objects.get(pk=world.invitations[kind].pk).status == "revoked"
    elif action == "set_role":
        assert role_in(group, people["member"]) == Role.OWNER
    elif action == "transfer":
        assert role_in(group, people["member"]) == Role.OWNER
        if actor == people["owner"]:
            assert role_in(group, actor) == Role.MODERATOR
    elif action == "remove":
        assert not is_member(group, people["member"])
    elif action == "ban":
        assert not is_member(group, people["member"])
        assert Ban.objects.filter(group=group, user=people["member"]).exists()
    elif action == "unban":
        assert not Ban.objects.filter(group=group, user=people["banned"]).exists()
    elif action == "settings":
        assert group.name == GROUPS[kind][0] + " Renamed"
    elif action == "archive":
        assert group.archived_at is not None
    elif action == "restore":
        assert group.archived_at is None
    elif action == "accept_invitation":
        assert is_member(group, actor)
        assert GroupInvitation.objects.get(pk=world.invitations[kind].pk).status == "accepted"
    elif action == "decline_invitation":
        assert not is_member(group, actor)
        assert GroupInvitation.objects.get(pk=world.invitations[kind].pk).status == "declined"
    else:
        raise AssertionError(action)
    if action not in ("notifications", "cancel_request"):
        assert audited.exists(), "every change to a group is in its audit log"


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_action(client, world, role, kind, action):
    group = world.groups[kind]
    path, data = ACTIONS[action]
    url = f"/groups/{path(world, kind)}"
    outcome = expected(action, role, kind)
    before = snapshot()

    response = signed_in(client, world, role).post(url, data(world, kind))

    if outcome == OK:
        assert response.status_code == 302, text_of(response)[:300]
        assert not response["Location"].startswith("/accounts/login/")
        assert not errors_of(response)
        check_effect(action, world, kind, world.user(role))
        after = snapshot()
        if action == "delete":  # its audit entry stays, without the group
            after.pop(None)
        assert others(after, group) == others(before, group), "other groups are untouched"
        return
    if outcome == LOGIN:
        assert_sent_to_sign_in(response)
    elif outcome == DENIED:
        assert response.status_code == 404
        assert group.name not in text_of(response)
    elif outcome == REFUSED:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
        assert errors_of(response)
    elif outcome == NOOP:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
    assert snapshot() == before, f"{outcome}: nothing may change"

    if kind in SECRET_KINDS and role in OUTSIDE_ROLES and outcome in (LOGIN, DENIED):
        if action in ("accept_invitation", "decline_invitation"):
            missing_url = "/groups/invitations/999999/"
        else:
            missing_url = url.replace(group.slug, MISSING_SLUG)
        missing = client.post(missing_url, data(world, kind))
        assert_looks_missing(client, response, missing, group, url, missing_url)


@pytest.mark.parametrize("role", ROLES)
def test_create_group_needs_only_an_active_account(client, world, role):
    before = Group.objects.count()
    response = signed_in(client, world, role).post(
        "/groups/new/",
        {"name": "Koala Fresh Start", "visibility": "secret", "posting_rule": "everyone"},
    )
    if role == "anonymous":
        assert_sent_to_sign_in(response)
        assert Group.objects.count() == before
    else:
        assert response.status_code == 302
        group = Group.objects.get(name="Koala Fresh Start")
        assert role_in(group, world.user(role)) == Role.OWNER


@pytest.mark.parametrize("role", ROLES)
def test_admin_create_is_for_site_admins(client, world, role):
    before = snapshot()
    response = signed_in(client, world, role).post(
        "/groups/admin/new/",
        {
            "owner": world.people["member"].email,
            "name": "Koala Fresh Start",
            "visibility": "public",
            "posting_rule": "everyone",
        },
    )
    if role == "staff":
        assert response.status_code == 302
        group = Group.objects.get(name="Koala Fresh Start")
        assert role_in(group, world.people["member"]) == Role.OWNER
        return
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == 404
    assert snapshot() == before


# --- Objects of one group, reached through the address of another ------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "approve_request",
        "decline_request",
        "revoke_invitation",
        "set_role",
        "transfer",
        "remove",
        "unban",
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_an_owner_of_another_group_cannot_reach_this_groups_objects(client, world, kind, action):
    """Owning group B gives no right over the requests, invitations, members and bans of
    group A, even when their ids are put in B's addresses."""
    boss = UserFactory(display_name="Ibis Boss", verified=False)
    mine = Group.objects.create(name="Ibis Own Team", slug="ibis-own-team", created_by=boss)
    Membership.objects.create(group=mine, user=boss, role=Role.OWNER)
    path, data = ACTIONS[action]
    target = path(world, kind).replace(world.groups[kind].slug, mine.slug, 1)
    before = snapshot()
    sign_in(client, boss)
    response = client.post(f"/groups/{target}", data(world, kind))
    assert response.status_code == 404
    assert snapshot() == before


# --- The secret stays secret ------------------------------------------------------------------

ODD_ADDRESSES = {
    "members_search": "/groups/{slug}/members/?q=Mia",
    "join_by_get": "/groups/{slug}/join/",
    "unknown_subpage": "/groups/{slug}/nothing-here/",
    "upper_case": "/groups/{upper}/",
    "no_trailing_slash": "/groups/{slug}",
    "image_of_unknown_kind": "/groups/{slug}/image/huge/",
}


@pytest.mark.parametrize("page", list(ODD_ADDRESSES))
@pytest.mark.parametrize("kind", SECRET_KINDS)
@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_odd_addresses_of_a_secret_group_look_like_missing_ones(client, world, role, kind, page):
    group = world.groups[kind]
    client = signed_in(client, world, role)
    path = ODD_ADDRESSES[page].format(slug=group.slug, upper=group.slug.upper())
    missing_path = ODD_ADDRESSES[page].format(slug=MISSING_SLUG, upper=MISSING_SLUG.upper())
    assert_looks_missing(
        client, client.get(path), client.get(missing_path), group, path, missing_path
    )


SEARCHES = {
    # (address, "{first}", "{last_two}" and "{description}" being words of the group)
    "name_word": "/groups/?q={first}",
    "name_words": "/groups/?q={last_two}",
    "description_word": "/groups/?q={description}",
    "mine": "/groups/?filter=mine&q={first}",
    "newest": "/groups/?sort=new",
    "by_name": "/groups/?sort=name",
    "all": "/groups/",
    "page_two": "/groups/?page=2",
    "admin_search": "/groups/admin/?q={first}",
    "admin_log": "/groups/admin/log/",
}


@pytest.mark.parametrize(
    ("search", "htmx"),
    [(search, False) for search in SEARCHES]
    + [(search, True) for search in SEARCHES if SEARCHES[search].startswith("/groups/?")],
    ids=lambda value: (
        {False: "page", True: "htmx"}.get(value, value) if isinstance(value, bool) else value
    ),
)
@pytest.mark.parametrize("kind", SECRET_KINDS)
@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_searching_for_a_secret_group_finds_nothing(client, world, role, kind, search, htmx):
    group = world.groups[kind]
    name, _slug, description, *_ = GROUPS[kind]
    words = {
        "first": name.split()[0],
        "last_two": " ".join(name.split()[1:]),
        "description": description.split()[0],
    }
    path = SEARCHES[search].format(**{key: quote_plus(value) for key, value in words.items()})
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client = signed_in(client, world, role)

    response = client.get(path, follow=True, **headers)

    asked = next((words[key] for key in words if f"{{{key}}}" in SEARCHES[search]), "")
    assert_no_secret(response, group, asked=asked or path)
    if asked and role != "anonymous":
        # The same page as for words that match nothing at all: no count, no hint.
        nothing = client.get(path.replace(quote_plus(asked), "Qqqqqq"), **headers)
        echoed = text_of(response).replace(quote_plus(asked), "Qqqqqq").replace(asked, "Qqqqqq")
        assert normalized(echoed) == normalized(text_of(nothing))


PEOPLE_PAGES = {
    "home": lambda w: "/",
    "owner_profile": lambda w: f"/people/{w.people['owner'].pk}/",
    "moderator_profile": lambda w: f"/people/{w.people['moderator'].pk}/",
    "member_profile": lambda w: f"/people/{w.people['member'].pk}/",
    "people_search": lambda w: "/people/?q=Mia",
    "people_search_htmx": lambda w: "/people/?q=Moe",
    "people_of_the_team": lambda w: "/people/?department=Quality",
    "groups_invitations": lambda w: "/groups/invitations/",
}


@pytest.mark.parametrize("page", list(PEOPLE_PAGES))
@pytest.mark.parametrize("kind", SECRET_KINDS)
@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_pages_about_members_never_name_their_secret_groups(client, world, role, kind, page):
    group = world.groups[kind]
    headers = {"HTTP_HX_REQUEST": "true"} if page.endswith("htmx") else {}
    path = PEOPLE_PAGES[page](world)
    response = signed_in(client, world, role).get(path, follow=True, **headers)
    if role == "anonymous" and headers:
        # htmx is told to take the whole page to sign-in (rse/accounts/middleware.py).
        assert response["HX-Redirect"].startswith("/accounts/login/")
    elif role == "anonymous":
        assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    else:
        assert response.status_code == 200
    if page == "groups_invitations" and role == "invited":
        # The one place where the invited person learns the name: to accept or decline.
        assert group.name in text_of(response)
        return
    assert_no_secret(response, group, asked=path)


# --- Findings beyond the matrix -----------------------------------------------------------------


@pytest.mark.parametrize("kind", SECRET_KINDS)
def test_an_invited_person_answers_a_secret_invitation_from_the_invitations_page(
    client, world, kind
):
    """The invitations page is the only door to a secret group's invitation (its detail
    page is a 404 to the invited person); answering it lands on a real page."""
    group = world.groups[kind]
    invited = world.people["invited"]
    sign_in(client, invited)
    page = text_of(client.get("/groups/invitations/"))
    assert group.name in page
    assert f"/groups/invitations/{world.invitations[kind].pk}/" in page

    response = client.post(
        f"/groups/invitations/{world.invitations[kind].pk}/", {"decision": "accept"}, follow=True
    )

    assert response.status_code == 200, "after answering, one lands on a page, not on a 404"
    if is_archived(kind):
        assert not is_member(group, invited)
        assert "archived" in text_of(response)
    else:
        assert is_member(group, invited)
        assert group.name in text_of(response)


def test_an_archived_private_group_does_not_tell_an_outsider_their_request_is_waiting(
    client, world
):
    group = world.groups["private"]
    Group.objects.filter(pk=group.pk).update(archived_at=timezone.now())
    sign_in(client, world.people["outsider"])
    before = snapshot()

    response = client.post(f"/groups/{group.slug}/request/", {"message": "Hi"})

    assert snapshot() == before
    assert response.status_code in (302, 404)
    assert not any("already waiting" in message for message in errors_of(response))
