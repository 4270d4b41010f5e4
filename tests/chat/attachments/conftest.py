"""Fixtures of the chat attachment tests: the rate limits lifted for every one of them,
and the people and rooms of `world`."""

from types import SimpleNamespace

import pytest

from chat import actions
from groups.models import Visibility
from tests.factories import UserFactory

from ..conftest import make_channel
from .helpers import SECRET


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 100_000
    settings.CHAT_UPLOADS_PER_MINUTE = 100_000


@pytest.fixture
def world(db, person, other):
    """Paula owns Ops (public: Oscar is a member), the private Legal and the secret Project
    Aurora; she and Oscar share a direct message. Nina is in none of it; Rémi was in Ops
    and in Legal, and was removed from both."""
    remi = UserFactory(display_name="Rémi Removed")
    nina = UserFactory(display_name="Nina Outsider")
    tess = UserFactory(display_name="Tess Third")
    ops, channel = make_channel("Ops", owners=[person], members=[other, remi])
    _secret, secret_channel = make_channel(SECRET, owners=[person], visibility=Visibility.SECRET)
    legal, private_channel = make_channel(
        "Legal", owners=[person], members=[remi], visibility=Visibility.PRIVATE
    )
    direct = actions.open_direct(actor=person, other=other)
    others_direct = actions.open_direct(actor=other, other=tess)
    return SimpleNamespace(
        owner=person,
        member=other,
        remi=remi,
        nina=nina,
        tess=tess,
        ops=ops,
        channel=channel,
        legal=legal,
        private_channel=private_channel,
        secret_channel=secret_channel,
        direct=direct,
        others_direct=others_direct,
    )
