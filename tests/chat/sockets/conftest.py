"""Fixtures of the chat's socket command tests: the session cookie of each person of the
team (tests/chat/conftest.py)."""

from types import SimpleNamespace

import pytest

from ..conftest import cookie_of


@pytest.fixture
def cookies(team):
    return SimpleNamespace(
        owner=cookie_of(team.owner),
        member=cookie_of(team.member),
        moderator=cookie_of(team.moderator),
        outsider=cookie_of(team.outsider),
    )
