"""Creating a group (and bad input creating nothing), and getting in: joining, asking and
being approved or declined, invitations by name or by address, bans."""

import pytest

from groups import actions, permissions
from groups.models import (
    AuditEntry,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from rse.accounts.models import User
from tests.factories import UserFactory

from .helpers import add, make_group, messages_of, state

pytestmark = pytest.mark.django_db


# --- Creating ------------------------------------------------------------------------------


def test_create_group_makes_the_creator_owner(person_client, person):
    response = person_client.post(
        "/groups/new/",
        {
            "name": "Python guild",
            "slug": "",
            "description": "We **love** Python",
            "visibility": "private",
            "posting_rule": "everyone",
            "members_can_create_channels": "on",
        },
    )
    group = Group.objects.get(name="Python guild")
    assert response["Location"] == f"/groups/{group.slug}/members/"
    assert group.slug == "python-guild"
    assert "<strong>love</strong>" in group.description_html
    assert Membership.objects.get(group=group).role == Role.OWNER
    assert AuditEntry.objects.filter(group=group, action="created").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Taken", "slug": "TAKEN"}, "already taken"),
        ({"name": "x" * 81}, "at most 80 characters"),
        ({"name": "ab"}, "at least 3 characters"),
        ({"name": "Fine", "slug": "not a slug!"}, "Enter a valid"),
        ({"name": "Fine", "visibility": "galactic"}, "Select a valid choice"),
    ],
)
def test_bad_group_input_creates_nothing(person_client, person, data, message):
    make_group(person, name="Taken", slug="taken")
    payload = {"slug": "", "visibility": "public", "posting_rule": "everyone", **data}
    response = person_client.post("/groups/new/", payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Group.objects.count() == 1


def test_site_admin_creates_a_group_for_an_owner(admin_client_, person):
    admin_client_.post(
        "/groups/admin/new/",
        {
            "owner": person.email.upper(),
            "name": "Company news",
            "slug": "",
            "visibility": "public",
            "posting_rule": "moderators",
        },
    )
    group = Group.objects.get(name="Company news")
    assert Membership.objects.get(group=group).user == person
    assert Membership.objects.get(group=group).role == Role.OWNER


# --- Getting in ---------------------------------------------------------------------------


def test_join_a_public_group(person_client, person, other):
    group = make_group(other)
    person_client.post(f"/groups/{group.slug}/join/")
    assert Membership.objects.get(group=group, user=person).role == Role.MEMBER
    assert AuditEntry.objects.filter(group=group, action="joined", actor=person).exists()


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_joining_a_closed_group_by_url_does_nothing(person_client, other, visibility):
    group = make_group(other, visibility=visibility)
    before = state(group)
    response = person_client.post(f"/groups/{group.slug}/join/")
    assert response.status_code == 404
    assert state(group) == before


def test_ask_approve_and_the_asker_is_told(
    client, person, other, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_group(other, visibility=Visibility.PRIVATE, name="Sales leadership")
    person.language = "fr"
    person.save()
    client.force_login(person)
    client.post(f"/groups/{group.slug}/request/", {"message": "I lead the Lyon team"})
    join_request = JoinRequest.objects.get(group=group, user=person)
    assert join_request.message == "I lead the Lyon team"

    # A second request while one waits is refused with a message.
    response = client.post(f"/groups/{group.slug}/request/", follow=True)
    assert JoinRequest.objects.filter(group=group, user=person).count() == 1
    assert any("attend" in m or "waiting" in m for m in messages_of(response))

    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/groups/{group.slug}/requests/{join_request.pk}/", {"decision": "approve"})
    assert permissions.membership_of(person, group) is not None
    assert mailoutbox[-1].to == [person.email]
    assert "Sales leadership" in mailoutbox[-1].subject
    assert "membre" in mailoutbox[-1].subject  # in the asker's language


def test_decline_tells_the_asker(other, person, mailoutbox, django_capture_on_commit_callbacks):
    group = make_group(other, visibility=Visibility.PRIVATE)
    join_request = actions.request_to_join(group=group, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_request(join_request=join_request, by=other, approve=False)
    assert "declined" in mailoutbox[-1].subject
    assert permissions.membership_of(person, group) is None


def test_approving_without_rights_changes_nothing(client, person, other):
    group = make_group(other, visibility=Visibility.PRIVATE)
    join_request = actions.request_to_join(group=group, user=person)
    bystander = UserFactory()
    add(group, bystander)  # a plain member is no moderator
    client.force_login(bystander)
    response = client.post(
        f"/groups/{group.slug}/requests/{join_request.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert permissions.membership_of(person, group) is None


def test_banned_person_cannot_ask_or_join_again(client, person, other):
    private = make_group(other, visibility=Visibility.PRIVATE, name="Private one")
    public = make_group(other, name="Public one")
    for group in (private, public):
        add(group, person)
        actions.ban(group=group, by=other, user=person, reason="spam")
        assert permissions.membership_of(person, group) is None
    client.force_login(person)
    response = client.post(f"/groups/{private.slug}/request/", follow=True)
    assert "You cannot ask to join this group." in messages_of(response)
    response = client.post(f"/groups/{public.slug}/join/", follow=True)
    assert "You cannot join this group." in messages_of(response)
    assert not JoinRequest.objects.filter(user=person, status="pending").exists()
    assert not Membership.objects.filter(user=person).exists()


def test_invite_a_colleague_by_name_and_they_accept(
    client, person, other, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_group(other, visibility=Visibility.SECRET, name="Project Aurora")
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/groups/{group.slug}/invite/", {"who": person.display_name})
    invitation = GroupInvitation.objects.get(group=group)
    assert invitation.user == person
    assert mailoutbox[-1].to == [person.email]

    client.force_login(person)
    assert "Project Aurora" in client.get("/groups/invitations/").content.decode()
    client.post(f"/groups/invitations/{invitation.pk}/", {"decision": "accept"})
    assert permissions.membership_of(person, group) is not None


def test_someone_elses_invitation_is_404(client, person, other):
    group = make_group(other, visibility=Visibility.SECRET)
    invitation = actions.invite(group=group, by=other, email=person.email)
    client.force_login(UserFactory())
    response = client.post(f"/groups/invitations/{invitation.pk}/", {"decision": "accept"})
    assert response.status_code == 404
    assert Membership.objects.filter(group=group).count() == 1


def test_invitation_to_an_unregistered_address_survives_sign_up(
    client, other, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SIGNUP_DOMAINS = ["example.com"]
    group = make_group(other, visibility=Visibility.PRIVATE, name="Onboarding")
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(group=group, by=other, email="New.Hire@example.com")
    assert mailoutbox[-1].to == ["new.hire@example.com"]
    assert "/invitations/" in mailoutbox[-1].body

    password = "a long and unusual passphrase"
    client.post(
        "/accounts/signup/",
        {
            "email": "new.hire@example.com",
            "display_name": "New Hire",
            "password1": password,
            "password2": password,
        },
    )
    newcomer = User.objects.get(email="new.hire@example.com")
    invitation = GroupInvitation.objects.get(group=group)
    assert invitation.user == newcomer
    actions.respond_to_invitation(invitation=invitation, user=newcomer, accept=True)
    assert permissions.membership_of(newcomer, group) is not None


def test_only_site_admins_invite_addresses_that_cannot_sign_up(other, settings):
    settings.SIGNUP_DOMAINS = ["example.com"]
    group = make_group(other)
    with pytest.raises(Exception, match="cannot sign up here"):
        actions.invite(group=group, by=other, email="outsider@elsewhere.org")
    assert not GroupInvitation.objects.exists()


def test_inviting_twice_or_a_member_is_refused(client, person, other):
    group = make_group(other)
    add(group, person)
    client.force_login(other)
    response = client.post(f"/groups/{group.slug}/invite/", {"who": person.email}, follow=True)
    assert any("already a member" in m for m in messages_of(response))
    stranger = UserFactory()
    client.post(f"/groups/{group.slug}/invite/", {"who": stranger.email})
    response = client.post(f"/groups/{group.slug}/invite/", {"who": stranger.email}, follow=True)
    assert any("already invited" in m for m in messages_of(response))
    assert GroupInvitation.objects.filter(group=group).count() == 1
