"""Who may sign up, and that an address is verified before it can sign in."""

import re

import pytest
from allauth.account.models import EmailAddress

from rse.accounts.models import Invitation, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase"


def signup(client, email, name="Nora New"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name},
    )


def verification_link(message):
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)


def test_signup_allowed_for_open_domain_then_verification_required(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SIGNUP_DOMAINS = ["example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, "Nora.New@Example.com")
    assert response.status_code == 302
    user = User.objects.get(email="nora.new@example.com")
    assert user.display_name == "Nora New"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nora.new@example.com"]

    # Not verified yet: signing in sends the person to "verify your address", not in.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "nora.new@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")
    assert client.get("/").status_code == 302

    link = verification_link(mailoutbox[0])
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    response = client.post(
        "/accounts/login/", {"login": "nora.new@example.com", "password": PASSWORD}
    )
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_signup_refused_for_other_domain(client, settings, mailoutbox):
    settings.SIGNUP_DOMAINS = ["example.com"]
    response = signup(client, "intruder@elsewhere.org")
    assert response.status_code == 200
    assert "Sign-up is open to addresses at example.com" in response.content.decode()
    assert not User.objects.filter(email="intruder@elsewhere.org").exists()
    assert mailoutbox == []


def test_signup_closed_without_domains_or_invitation(client, settings):
    settings.SIGNUP_DOMAINS = []
    response = client.get("/accounts/signup/")
    assert "Accounts here are created by invitation" in response.content.decode()
    signup(client, "someone@example.com")
    assert not User.objects.exists()


def test_invitation_opens_signup_for_that_address_only(
    client, settings, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SIGNUP_DOMAINS = []
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/people/invite/", {"emails": "guest@partner.org"})
    invitation = Invitation.objects.get(email="guest@partner.org")
    assert "/invitations/" + invitation.token in mailoutbox[0].body
    client.logout()

    client.get(f"/invitations/{invitation.token}/")
    signup(client, "other@partner.org")
    assert not User.objects.filter(email="other@partner.org").exists()

    response = signup(client, "guest@partner.org", name="Gus Guest")
    assert response.status_code == 302
    user = User.objects.get(email="guest@partner.org")
    # The link reached that mailbox: the address counts as verified.
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_unknown_invitation_token_is_404(client):
    assert client.get("/invitations/nope/").status_code == 404


def test_only_site_admins_invite(person_client):
    assert person_client.get("/people/invite/").status_code == 404
    person_client.post("/people/invite/", {"emails": "x@example.com"})
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_refused_with_a_message(admin_client_, person):
    response = admin_client_.post("/people/invite/", {"emails": person.email}, follow=True)
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invalid_invitation_addresses_are_named(admin_client_):
    response = admin_client_.post("/people/invite/", {"emails": "good@example.com, not-an-email"})
    assert "not-an-email" in response.content.decode()
    assert not Invitation.objects.exists()


def test_duplicate_email_cannot_sign_up_twice(client, settings):
    settings.SIGNUP_DOMAINS = ["example.com"]
    UserFactory(email="taken@example.com")
    signup(client, "TAKEN@example.com")
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
