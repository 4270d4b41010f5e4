"""A room's history is cut into days ("Today", "Yesterday", then dates) in the reader's
own time zone: around midnight, New Year and a daylight-saving switch, a message lands
under the day its reader lived it, whatever the server's clock or zone."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from chat.models import Message

from .test_pages import general, get, group_with, say

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(person, other):
    return general(group_with("Ops", owner=person, members=[other]))


def days_shown(client, room):
    html = get(client, f"/chat/{room.pk}/").content.decode()
    return re.findall(r'<li class="chat-day" data-day="([\d-]+)"><span>([^<]+)</span>', html)


def said_at(author, room, body, moment):
    message = say(author, room, body)
    Message.objects.filter(pk=message.pk).update(created_at=moment)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # Paris is already in 2027 at 23:58 UTC: 23:50 there was last year.
        (
            "Europe/Paris",
            [
                ("2026-12-29", "Tuesday 29 December 2026"),
                ("2026-12-31", "Yesterday"),
                ("2027-01-01", "Today"),
            ],
        ),
        # New York is still on the 31st of 2026: both late messages are today's, and the
        # 29th needs no year.
        ("America/New_York", [("2026-12-29", "Tuesday 29 December"), ("2026-12-31", "Today")]),
    ],
)
def test_days_around_new_year_follow_the_readers_zone(client, person, other, room, zone, expected):
    person.time_zone = zone
    person.save()
    with time_machine.travel(datetime(2026, 12, 31, 23, 58, tzinfo=UTC), tick=False):
        said_at(other, room, "Before the break", datetime(2026, 12, 29, 16, 0, tzinfo=UTC))
        said_at(other, room, "Last call of the year", datetime(2026, 12, 31, 22, 50, tzinfo=UTC))
        said_at(other, room, "Happy new year!", datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
        client.force_login(person)
        assert days_shown(client, room) == expected


def test_days_across_the_spring_switch_to_summer_time(client, person, other, room):
    """At 01:30 UTC on 28 March 2027 Paris has just jumped from 02:00 to 03:00: 00:30 UTC
    was 01:30 there, today; 22:30 UTC the day before was 23:30 on Saturday."""
    person.time_zone = "Europe/Paris"
    person.save()
    with time_machine.travel(datetime(2027, 3, 28, 1, 30, tzinfo=UTC), tick=False):
        said_at(other, room, "Saturday night deploy", datetime(2027, 3, 27, 22, 30, tzinfo=UTC))
        said_at(other, room, "Rolled back", datetime(2027, 3, 28, 0, 30, tzinfo=UTC))
        client.force_login(person)
        assert days_shown(client, room) == [("2027-03-27", "Yesterday"), ("2027-03-28", "Today")]
