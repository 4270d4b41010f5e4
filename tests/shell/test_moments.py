"""Short moments (rse/moments.py) on a pinned clock: each boundary of the rule, in the
reader's own zone and language, around midnight, a week, New Year and the DST switch."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import dateformat, timezone, translation

from rse import moments

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def shown(now, moment, zone=PARIS, language="en"):
    """What a reader in ``zone`` reading ``language`` sees at ``now`` for ``moment``."""
    with (
        time_machine.travel(now, tick=False),
        translation.override(language),
        timezone.override(zone),
    ):
        return moments.short_moment(moment)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


# Thursday 3 December 2026, 13:05 in Paris.
NOON = paris(2026, 12, 3, 13, 5)


@pytest.mark.parametrize(
    ("moment", "en", "fr"),
    [
        (NOON, "now", "à l'instant"),
        (NOON - timedelta(seconds=59), "now", "à l'instant"),
        (NOON - timedelta(seconds=60), "1 min", "1 min"),
        (NOON - timedelta(minutes=5, seconds=30), "5 min", "5 min"),
        (NOON - timedelta(minutes=59, seconds=59), "59 min", "59 min"),
        (NOON - timedelta(minutes=60), "12:05", "12:05"),
        (paris(2026, 12, 3, 0, 0), "00:00", "00:00"),
        # Clock skew: a moment a little ahead of the server's clock is "now".
        (NOON + timedelta(minutes=3), "now", "à l'instant"),
        (NOON + timedelta(days=2), "now", "à l'instant"),
    ],
)
def test_the_last_minute_hour_and_day(moment, en, fr):
    assert shown(NOON, moment, language="en") == en
    assert shown(NOON, moment, language="fr") == fr


@pytest.mark.parametrize(
    ("now", "moment", "en", "fr"),
    [
        # Ten past midnight in Paris: 23:05 is yesterday already, midnight is 10 min ago.
        (paris(2026, 12, 3, 0, 10), paris(2026, 12, 2, 23, 5), "Yesterday", "Hier"),
        (paris(2026, 12, 3, 0, 10), paris(2026, 12, 2, 23, 59, 59), "10 min", "10 min"),
        (paris(2026, 12, 3, 1, 30), paris(2026, 12, 2, 23, 59, 59), "Yesterday", "Hier"),
        (paris(2026, 12, 3, 1, 30), paris(2026, 12, 3, 0, 0), "00:00", "00:00"),
        (paris(2026, 12, 3, 23, 59), paris(2026, 12, 3, 0, 1), "00:01", "00:01"),
        # Calendar days, not periods of 24 hours.
        (paris(2026, 12, 3, 9, 0), paris(2026, 12, 1, 23, 0), "2 d", "2 j"),
        (paris(2026, 12, 3, 9, 0), paris(2026, 12, 2, 0, 0), "Yesterday", "Hier"),
    ],
)
def test_midnight_in_the_readers_zone(now, moment, en, fr):
    assert shown(now, moment, language="en") == en
    assert shown(now, moment, language="fr") == fr


# Thursday 10 December 2026, 09:00 in Paris.
@pytest.mark.parametrize(
    ("moment", "en", "fr"),
    [
        (paris(2026, 12, 8, 18, 0), "2 d", "2 j"),
        (paris(2026, 12, 4, 0, 0), "6 d", "6 j"),
        (paris(2026, 12, 4, 23, 59), "6 d", "6 j"),
        (paris(2026, 12, 3, 23, 59), "Thu 3 Dec", "jeu. 3 déc."),
        # Django's French abbreviates January "jan." (its MONTHS_AP).
        (paris(2026, 1, 1, 0, 0), "Thu 1 Jan", "jeu. 1 jan."),
        (paris(2026, 6, 1, 8, 0), "Mon 1 Jun", "lun. 1 juin"),
        (paris(2026, 7, 14, 8, 0), "Tue 14 Jul", "mar. 14 juil."),
        (paris(2025, 12, 31, 23, 59), "31 Dec 2025", "31 déc. 2025"),
    ],
)
def test_six_days_then_the_date(moment, en, fr):
    now = paris(2026, 12, 10, 9, 0)
    assert shown(now, moment, language="en") == en
    assert shown(now, moment, language="fr") == fr


# 00:30 on New Year's Day 2027 in Paris (23:30 UTC on 31 December).
@pytest.mark.parametrize(
    ("moment", "en", "fr"),
    [
        # 40 minutes ago, though last year.
        (paris(2026, 12, 31, 23, 50), "40 min", "40 min"),
        # Last year's last evening is yesterday, not "31 Dec 2026".
        (paris(2026, 12, 31, 22, 0), "Yesterday", "Hier"),
        # Three days ago counts in days across New Year: no year shown.
        (paris(2026, 12, 29, 10, 0), "3 d", "3 j"),
        (paris(2026, 12, 25, 10, 0), "25 Dec 2026", "25 déc. 2026"),
        (paris(2026, 6, 1, 10, 0), "1 Jun 2026", "1 juin 2026"),
    ],
)
def test_new_year(moment, en, fr):
    now = paris(2027, 1, 1, 0, 30)
    assert shown(now, moment, language="en") == en
    assert shown(now, moment, language="fr") == fr


def test_the_spring_dst_switch_in_paris():
    # 28 March 2027: at 02:00 CET the clocks go to 03:00 CEST.
    half_past_three = paris(2027, 3, 28, 3, 30)
    assert half_past_three.utcoffset() == timedelta(hours=2)
    ten_to_two = paris(2027, 3, 28, 1, 50)
    assert ten_to_two.utcoffset() == timedelta(hours=1)
    # 40 minutes have passed, though the wall clock moved 1 h 40.
    assert shown(half_past_three, ten_to_two) == "40 min"
    assert shown(half_past_three, ten_to_two.astimezone(UTC)) == "40 min"
    assert shown(half_past_three, paris(2027, 3, 28, 0, 10)) == "00:10"
    assert shown(half_past_three, paris(2027, 3, 27, 23, 0)) == "Yesterday"
    # The day is 23 hours long: 22 hours ago is still today.
    late = paris(2027, 3, 28, 23, 30)
    assert shown(late, paris(2027, 3, 28, 0, 30)) == "00:30"
    assert shown(late, paris(2027, 3, 27, 23, 30)) == "Yesterday"
    assert shown(late, paris(2027, 3, 22, 0, 0), language="fr") == "6 j"
    assert shown(late, paris(2027, 3, 21, 23, 59), language="fr") == "dim. 21 mars"


def test_the_same_instant_in_new_york_and_in_paris():
    now = datetime(
        2026, 12, 3, 4, 30, tzinfo=UTC
    )  # 05:30 in Paris, 23:30 the day before in New York
    moment = datetime(2026, 12, 2, 22, 0, tzinfo=UTC)  # 23:00 in Paris, 17:00 in New York
    assert shown(now, moment, zone=PARIS) == "Yesterday"
    assert shown(now, moment, zone=NEW_YORK) == "17:00"
    assert shown(now, moment, zone=PARIS, language="fr") == "Hier"
    assert shown(now, moment, zone=NEW_YORK, language="fr") == "17:00"
    week_ago = datetime(
        2026, 11, 26, 4, 0, tzinfo=UTC
    )  # 05:00 on the 26th in Paris, 23:00 on the 25th in New York
    assert shown(now, week_ago, zone=PARIS) == "Thu 26 Nov"
    assert shown(now, week_ago, zone=NEW_YORK) == "Wed 25 Nov"


def element(now, moment, zone=PARIS, language="en"):
    with (
        time_machine.travel(now, tick=False),
        translation.override(language),
        timezone.override(zone),
    ):
        return Template("{% load moments %}{{ moment|moment }}").render(Context({"moment": moment}))


def test_the_element_has_the_full_date_and_iso_8601():
    moment = datetime(2026, 12, 2, 22, 0, tzinfo=UTC)
    now = datetime(2026, 12, 3, 4, 30, tzinfo=UTC)
    assert element(now, moment) == (
        '<time datetime="2026-12-02T23:00:00+01:00" '
        'title="Wednesday 2 December 2026, 23:00">Yesterday</time>'
    )
    assert element(now, moment, language="fr") == (
        '<time datetime="2026-12-02T23:00:00+01:00" '
        'title="mercredi 2 décembre 2026 à 23:00">Hier</time>'
    )
    assert element(now, moment, zone=NEW_YORK) == (
        '<time datetime="2026-12-02T17:00:00-05:00" '
        'title="Wednesday 2 December 2026, 17:00">17:00</time>'
    )
    assert element(now, None) == ""


def test_the_element_escapes_what_a_translation_may_hold():
    with translation.override("fr"), timezone.override(PARIS):
        html = moments.time_element(timezone.now() - timedelta(seconds=5))
    assert ">à l&#x27;instant</time>" in html


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "format_string",
    ["D j M", "j M Y", "l j F Y, H:i", "D. j N", "j N Y", "l j F Y à H:i", r"d/m/Y G\h i", "b n"],
)
def test_the_formats_say_what_djangos_date_filter_says(language, format_string):
    with translation.override(language):
        parts = moments._compile(format_string)
        for month in range(1, 13):
            local = paris(2026, month, month * 2, month + 8, month * 4)
            assert moments._render(parts, local) == dateformat.format(local, format_string)


def test_a_format_letter_it_does_not_know_goes_to_django():
    local = paris(2026, 12, 3, 13, 5)
    with translation.override("en"):
        assert moments._render(moments._compile("P, j M"), local) == "1:05 p.m., 3 Dec"
