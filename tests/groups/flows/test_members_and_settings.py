"""Running a group: members leaving or removed, roles and ownership, notification levels,
settings (audited), archiving, restoring and deleting."""

import pytest

from groups import actions, permissions
from groups.models import (
    AuditEntry,
    Group,
    Membership,
    Role,
    Visibility,
)
from tests.factories import UserFactory

from .helpers import add, make_group, messages_of

pytestmark = pytest.mark.django_db


# --- Members and roles -----------------------------------------------------------------------


def test_last_owner_cannot_leave(person_client, person):
    group = make_group(person)
    response = person_client.post(f"/groups/{group.slug}/leave/", follow=True)
    assert any("last owner" in m for m in messages_of(response))
    assert permissions.membership_of(person, group).role == Role.OWNER


def test_member_leaves(person_client, person, other):
    group = make_group(other)
    add(group, person)
    person_client.post(f"/groups/{group.slug}/leave/")
    assert permissions.membership_of(person, group) is None
    assert AuditEntry.objects.filter(group=group, action="left").exists()


def test_moderator_removes_a_member_but_not_an_owner(client, person, other):
    group = make_group(other)
    moderator = UserFactory()
    add(group, moderator, Role.MODERATOR)
    add(group, person)
    client.force_login(moderator)
    assert client.post(f"/groups/{group.slug}/members/{other.pk}/remove/").status_code == 404
    assert Membership.objects.filter(group=group, user=other).exists()
    client.post(f"/groups/{group.slug}/members/{person.pk}/remove/")
    assert not Membership.objects.filter(group=group, user=person).exists()
    assert AuditEntry.objects.filter(group=group, action="removed", target=person).exists()


def test_promote_demote_and_transfer_ownership(client, person, other):
    group = make_group(other)
    add(group, person)
    client.force_login(other)
    client.post(f"/groups/{group.slug}/members/{person.pk}/role/", {"role": "moderator"})
    assert permissions.membership_of(person, group).role == Role.MODERATOR
    client.post(f"/groups/{group.slug}/members/{person.pk}/transfer/")
    group = Group.objects.get(pk=group.pk)
    assert permissions.membership_of(person, group).role == Role.OWNER
    assert permissions.membership_of(other, group).role == Role.MODERATOR
    entry = AuditEntry.objects.filter(group=group, action="ownership").get()
    assert entry.actor == other and entry.target == person


def test_the_last_owner_cannot_be_demoted(admin_client_, person):
    group = make_group(person)
    response = admin_client_.post(
        f"/groups/{group.slug}/members/{person.pk}/role/", {"role": "member"}, follow=True
    )
    assert any("at least one owner" in m for m in messages_of(response))
    assert permissions.membership_of(person, group).role == Role.OWNER


def test_notification_level(person_client, person, other):
    group = make_group(other)
    add(group, person)
    person_client.post(f"/groups/{group.slug}/notifications/", {"level": "all"})
    assert permissions.membership_of(person, group).notification_level == "all"
    response = person_client.post(
        f"/groups/{group.slug}/notifications/", {"level": "loud"}, follow=True
    )
    assert "Choose one of the notification levels." in messages_of(response)


# --- Settings, archive, delete ---------------------------------------------------------------


def test_visibility_change_is_audited(person_client, person):
    group = make_group(person)
    person_client.post(
        f"/groups/{group.slug}/settings/",
        {
            "name": group.name,
            "slug": group.slug,
            "description": "",
            "visibility": "secret",
            "posting_rule": "everyone",
        },
    )
    group.refresh_from_db()
    assert group.visibility == Visibility.SECRET
    entry = AuditEntry.objects.get(group=group, action="visibility")
    assert entry.details == {"old": "public", "new": "secret"}


def test_archived_group_is_read_only_and_only_site_admins_restore(
    client, person, other, admin_user
):
    group = make_group(other)
    add(group, person)
    actions.archive_group(group=group, by=other)
    group.refresh_from_db()
    assert not permissions.can_post(person, group)
    assert not permissions.can_join(UserFactory(), group)
    client.force_login(person)
    assert client.get(f"/groups/{group.slug}/").status_code == 200  # still readable
    client.force_login(other)
    assert client.post(f"/groups/{group.slug}/restore/").status_code == 404
    assert client.get(f"/groups/{group.slug}/settings/").status_code == 404
    client.force_login(admin_user)
    client.post(f"/groups/{group.slug}/restore/")
    group.refresh_from_db()
    assert not group.is_archived


def test_delete_needs_the_exact_name(admin_client_, person):
    group = make_group(person, name="Old project")
    response = admin_client_.post(f"/groups/{group.slug}/delete/", {"confirm_name": "old"})
    assert "Type the group" in response.content.decode()
    assert Group.objects.filter(pk=group.pk).exists()
    admin_client_.post(f"/groups/{group.slug}/delete/", {"confirm_name": "Old project"})
    assert not Group.objects.filter(pk=group.pk).exists()
    entry = AuditEntry.objects.get(action="deleted")
    assert entry.group is None and entry.group_name == "Old project"


def test_owner_cannot_delete(person_client, person):
    group = make_group(person)
    assert person_client.post(f"/groups/{group.slug}/delete/", {"confirm_name": group.name})
    assert Group.objects.filter(pk=group.pk).exists()
