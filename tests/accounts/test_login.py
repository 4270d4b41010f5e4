"""Signing in: by email, rate limited, never for deactivated people; every page needs it."""

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.parametrize("path", ["/", "/people/", "/people/me/edit/", "/people/1/"])
def test_anonymous_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


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
