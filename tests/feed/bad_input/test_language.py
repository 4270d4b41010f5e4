"""Refusals in the person's language: the messages come in French for a French speaker."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from .helpers import assert_refused, compose, snapshot, text

pytestmark = pytest.mark.django_db


# --- In the person's language ------------------------------------------------------------------


def french(message):
    with translation.override("fr"):
        return gettext(message)


@pytest.mark.parametrize(
    "message",
    [
        "A question needs a title: say in one line what you want to know.",
        "You are writing faster than we can keep up with. Wait a minute and try again.",
    ],
)
def test_messages_come_in_french_for_a_french_speaker(client, person, group, settings, message):
    translated = french(message)
    if translated == message:
        pytest.skip("not in the compiled French catalogue yet (the catalogue test says so)")
    person.language = "fr"
    person.save()
    settings.POSTS_PER_MINUTE = 0 if "faster" in message else 100
    client.force_login(person)
    before = snapshot(settings)
    response = compose(client, group, kind="question", title="" if "title" in message else "T")
    assert_refused(response, translated, before, settings)
    assert escape(message) not in text(response)
