"""Mention suggestions in every kind of room: the people of the room, and only them."""

import pytest
from django.urls import reverse

from chat import actions

from .helpers import client_of

pytestmark = pytest.mark.django_db


# --- Mentions in every kind of room ----------------------------------------------------


def _suggested(user, room, q=""):
    response = client_of(user).get(reverse("chat:mentions", args=[room.pk]), {"q": q})
    assert response.status_code == 200
    return [p["name"] for p in response.json()["people"]]


def test_mentions_suggest_the_people_of_the_room(world):
    conversation = actions.create_conversation(
        actor=world.owner, people=[world.member, world.tess], name="Trio"
    )
    assert _suggested(world.owner, world.direct) == ["Oscar Other"]
    assert _suggested(world.owner, conversation) == ["Oscar Other", "Tess Third"]
    assert _suggested(world.owner, conversation, "te") == ["Tess Third"]
    assert _suggested(world.owner, world.channel) == ["Oscar Other", "Rémi Removed"]
    # Someone who cannot be mentioned in the room is never suggested.
    assert _suggested(world.owner, world.channel, "nina") == []
    handle = (
        client_of(world.owner)
        .get(reverse("chat:mentions", args=[world.direct.pk]), {"q": "osc"})
        .json()["people"][0]["handle"]
    )
    assert handle == world.member.handle
