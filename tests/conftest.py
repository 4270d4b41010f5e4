"""Shared fixtures: people, signed-in clients, a private media folder, a clean cache."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from rse.realtime import presence
from tests.factories import UserFactory


def pytest_sessionstart(session):
    """Pages name static files by their hashed names, as in production; collect them
    before test modules import the ASGI application (and with it whitenoise)."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(presence, "_waiting", {})  # marks not yet in the cache cleared below
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    cache.clear()  # rate limits live in the cache
    yield
    cache.clear()


@pytest.fixture
def one_rate_window():
    """Rate limits count per minute of the wall clock (rse/ratelimit.py), so a test that
    fills one must not see it roll over midway: its clock starts at the first second of
    a minute, and runs."""
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, 0, 1000, tzinfo=UTC), tick=True) as clock:
        yield clock


@pytest.fixture
def person(db):
    return UserFactory(
        display_name="Paula Person",
        department="Quality",
        job_title="Quality lead",
        location="Nantes",
    )


@pytest.fixture
def other(db):
    return UserFactory(display_name="Oscar Other", department="Sales")


@pytest.fixture
def admin_user(db):
    return UserFactory(display_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client
