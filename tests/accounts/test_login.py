"""Signing in: by email, rate limited, never for deactivated people; every page needs it."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache

from rse.accounts import known_browsers
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.parametrize("path", ["/", "/people/", "/people/me/edit/", "/people/1/"])
def test_anonymous_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_part_of_a_page_asked_for_without_a_session_sends_the_whole_page_to_sign_in(client):
    """htmx would otherwise put the sign-in form where the part goes (the home page's
    side column, the next posts of a feed); back to the page afterwards."""
    response = client.get(
        "/home/aside/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/?show=questions"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/%3Fshow%3Dquestions"
    assert b"<form" not in response.content


def test_login_with_email_any_case(client):
    UserFactory(email="case@example.com")
    assert login(client, "CASE@example.com")["Location"] == "/"


def test_login_rate_limit_blocks_even_the_right_password(client):
    UserFactory(email="target@example.com")
    for _ in range(5):
        response = login(client, "target@example.com", "wrong password")
        assert "not correct" in response.content.decode()
    response = login(client, "target@example.com")
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_person_cannot_sign_in(client):
    UserFactory(email="gone@example.com", is_active=False)
    response = login(client, "gone@example.com")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == "/accounts/inactive/"


def test_deactivation_ends_an_open_session(client, admin_user):
    person = UserFactory()
    client.force_login(person)
    assert client.get("/").status_code == 200
    admin = client.__class__()
    admin.force_login(admin_user)
    admin.post(f"/people/{person.pk}/active/", {"active": "0"})
    assert client.get("/").status_code == 302


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_two_factor_with_totp(client):
    UserFactory(email="careful@example.com")
    login(client, "careful@example.com")
    # Security changes ask for the password again first.
    assert "/accounts/reauthenticate/" in client.get("/accounts/2fa/totp/activate/")["Location"]
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302

    client.post("/accounts/logout/")
    cache.clear()  # the code just used may not be used twice; this is a new one in effect
    response = login(client, "careful@example.com")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.session["_auth_user_id"]


def test_password_reset_by_email(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="forgetful@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "forgetful@example.com"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "another long passphrase"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    assert login(client, "forgetful@example.com", new_password)["Location"] == "/"


def test_account_pages_use_the_product_shell(client, person_client):
    for path in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        body = client.__class__().get(path).content.decode()
        assert 'class="card auth-card"' in body and "/static/css/rse." in body
    body = person_client.get("/accounts/email/").content.decode()
    assert 'class="settings-nav card"' in body


def test_single_sign_on_button_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "acme",
                    "name": "Acme SSO",
                    "client_id": "rse",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://sso.acme.test/realms/acme"},
                }
            ]
        }
    }
    body = client.get("/accounts/login/").content.decode()
    assert "Continue with Acme SSO" in body
    assert "/accounts/oidc/acme/login/" in body


# --- Lockout is not a weapon ----------------------------------------------------------------


def sign_in_then_out(client, email):
    """A person's own browser: signed in once (any page then marks it), then signed out."""
    assert login(client, email)["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def fail_five_times(client, email):
    for _ in range(5):
        assert "not correct" in login(client, email, "wrong password").content.decode()


def test_a_stranger_cannot_lock_a_colleague_out_of_their_own_browser(client, django_user_model):
    UserFactory(email="victim@example.com")
    sign_in_then_out(client, "victim@example.com")
    assert "victim" not in client.cookies[known_browsers.COOKIE].value  # it names nobody
    stranger = client.__class__()
    fail_five_times(stranger, "victim@example.com")
    # The stranger is held: even the right password does not get through from there.
    assert (
        "Too many failed login attempts" in login(stranger, "victim@example.com").content.decode()
    )
    # The victim's own browser is not.
    assert login(client, "victim@example.com")["Location"] == "/"
    assert client.session["_auth_user_id"]


def test_a_known_browser_gets_no_more_guesses_than_anyone(client, settings):
    """Its own mistakes are counted too, for it alone, at the same per-address rate: a
    copied cookie is no licence to guess."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,2/5m/key"}
    UserFactory(email="owner@example.com")
    sign_in_then_out(client, "owner@example.com")
    for _ in range(2):
        assert "not correct" in login(client, "owner@example.com", "wrong").content.decode()
    assert "Too many failed login attempts" in login(client, "owner@example.com").content.decode()
    assert "_auth_user_id" not in client.session


def test_the_per_ip_limit_holds_for_a_known_browser(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,5/5m/key"}
    UserFactory(email="owner@example.com")
    sign_in_then_out(client, "owner@example.com")
    for _ in range(3):
        assert "not correct" in login(client, "owner@example.com", "wrong").content.decode()
    assert "Too many failed login attempts" in login(client, "owner@example.com").content.decode()


def test_a_new_password_voids_the_mark(client):
    person = UserFactory(email="victim@example.com")
    sign_in_then_out(client, "victim@example.com")
    person.set_password("a brand new password 42")
    person.save()
    fail_five_times(client.__class__(), "victim@example.com")
    refused = login(client, "victim@example.com", "a brand new password 42")
    assert "Too many failed login attempts" in refused.content.decode()


def test_a_browser_known_for_one_person_is_a_stranger_for_another(client):
    UserFactory(email="mine@example.com")
    UserFactory(email="theirs@example.com")
    sign_in_then_out(client, "mine@example.com")
    fail_five_times(client.__class__(), "theirs@example.com")
    assert "Too many failed login attempts" in login(client, "theirs@example.com").content.decode()


def test_a_forged_mark_counts_for_nothing(client):
    UserFactory(email="victim@example.com")
    fail_five_times(client.__class__(), "victim@example.com")
    client.cookies[known_browsers.COOKIE] = "victim@example.com:forged:signature"
    assert "Too many failed login attempts" in login(client, "victim@example.com").content.decode()
