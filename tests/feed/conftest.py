"""Fixtures shared by the feed's tests: a public group with an owner, a moderator and two
members (``person`` and ``other``), and a helper that writes posts through the actions.

Keep this file additive: several test modules rely on these names."""

import pytest

from feed import actions
from groups import actions as group_actions
from groups.models import Membership, Role, Visibility
from tests.factories import UserFactory


@pytest.fixture
def owner(db):
    return UserFactory(display_name="Olga Owner", email="olga.owner@example.com")


@pytest.fixture
def moderator(db):
    return UserFactory(display_name="Max Moderator", email="max.moderator@example.com")


@pytest.fixture
def group(owner, moderator, person, other):
    """A public group: ``owner`` owns it, ``moderator`` moderates, ``person`` and
    ``other`` are plain members."""
    created = group_actions.create_group(
        by=owner, fields={"name": "Support escalations", "visibility": Visibility.PUBLIC}
    )
    Membership.objects.create(group=created, user=moderator, role=Role.MODERATOR)
    Membership.objects.create(group=created, user=person, role=Role.MEMBER)
    Membership.objects.create(group=created, user=other, role=Role.MEMBER)
    return created


@pytest.fixture
def write_post(settings):
    """``write_post(author, group, body=..., **fields)`` through ``feed.actions``, with the
    rate limit lifted (tests write many posts in a row)."""
    settings.POSTS_PER_MINUTE = 10_000
    settings.COMMENTS_PER_MINUTE = 10_000

    def write(author, group, body="Hello colleagues", **fields):
        return actions.create_post(author=author, group=group, body=body, **fields)

    return write


@pytest.fixture
def write_comment(settings):
    settings.POSTS_PER_MINUTE = 10_000
    settings.COMMENTS_PER_MINUTE = 10_000

    def write(author, post, body="Me too", **fields):
        return actions.create_comment(author=author, post=post, body=body, **fields)

    return write
