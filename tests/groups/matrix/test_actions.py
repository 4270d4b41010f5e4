"""POST in the groups matrix: every action by every kind of person on every kind of group,
with the effect the rules expect or nothing changed; creating groups; and objects of
one group reached through the address of another."""

import pytest

from groups.models import (
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
)
from tests.factories import UserFactory

from .helpers import (
    GROUPS,
    KINDS,
    MANAGING_ROLES,
    MEMBER_ROLES,
    MISSING_SLUG,
    MODERATING_ROLES,
    OUTSIDE_ROLES,
    ROLES,
    SECRET_KINDS,
    assert_looks_missing,
    assert_sent_to_sign_in,
    can_list,
    errors_of,
    is_archived,
    is_member,
    others,
    role_in,
    sign_in,
    signed_in,
    snapshot,
    text_of,
)

pytestmark = pytest.mark.django_db


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
