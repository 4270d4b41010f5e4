"""What the apps above accounts registered with it (rse/accounts/hooks.py) works: every
sign-up hook runs when an account is created, and every profile section shows what the
viewer may see and nothing else."""

import pytest

from groups.actions import claim_invitations
from groups.models import Group, GroupInvitation, Membership, Role, Visibility
from rse.accounts import hooks
from rse.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase"


def test_signing_up_claims_pending_group_invitations(client, settings):
    assert [claim_invitations] == hooks.ON_SIGNUP  # a new hook gets its own test here
    settings.SIGNUP_DOMAINS = ["example.com"]
    group = Group.objects.create(name="Ops", slug="ops", visibility=Visibility.PRIVATE)
    invitation = GroupInvitation.objects.create(group=group, email="Nora.New@example.com")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nora.new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Nora New",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.user == User.objects.get(email="nora.new@example.com")
    assert invitation.status == GroupInvitation.Status.PENDING


def test_every_profile_section_shows_what_the_viewer_may_see(client, person, other):
    assert [template for template, _ in hooks.PROFILE_SECTIONS] == ["groups/_profile_groups.html"]
    secret = Group.objects.create(name="Hidden Lab", slug="lab", visibility=Visibility.SECRET)
    public = Group.objects.create(name="Open Forum", slug="forum")
    for group in (secret, public):
        Membership.objects.create(group=group, user=other, role=Role.MEMBER)
    client.force_login(person)
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Open Forum" in page and "Hidden Lab" not in page
    Membership.objects.create(group=secret, user=person, role=Role.MEMBER)
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Open Forum" in page and "Hidden Lab" in page
    loner = UserFactory(display_name="Lou Loner")
    page = client.get(loner.get_absolute_url()).content.decode()
    assert 'id="groups-heading"' not in page  # a section with nothing to show is left out
