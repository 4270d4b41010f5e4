"""The demo's clock (rse/demo/calendar.py) at awkward moments: whatever the day it is
loaded on, the latest chat session falls in the passed hours of the last working day in
Paris, and nothing is in the future."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from rse.demo.calendar import CLOSING, OPENING, PARIS, Calendar, working_before

# now (UTC), the last working day (Paris), its last working moment (Paris)
CASES = [
    # A Sunday evening: Friday, all of it.
    (datetime(2026, 12, 6, 19, 0, tzinfo=UTC), date(2026, 12, 4), time(19, 30)),
    # Monday 05:10 UTC (06:10 in Paris): the office is not open yet, so Friday.
    (datetime(2026, 12, 7, 5, 10, tzinfo=UTC), date(2026, 12, 4), time(19, 30)),
    # Monday 08:31 in Paris: a minute of Monday has passed, less than the 5 minutes kept
    # free, so Friday still.
    (datetime(2026, 12, 7, 8, 31, tzinfo=PARIS).astimezone(UTC), date(2026, 12, 4), time(19, 30)),
    # Monday 11:00 in Paris: this morning, up to 10:55.
    (datetime(2026, 12, 7, 11, 0, tzinfo=PARIS).astimezone(UTC), date(2026, 12, 7), time(10, 55)),
    # New Year's Eve 23:58 UTC: already Friday 1 January 00:58 in Paris, so Thursday.
    (datetime(2026, 12, 31, 23, 58, tzinfo=UTC), date(2026, 12, 31), time(19, 30)),
    # The spring DST switch (Sunday 2027-03-28, 01:30 UTC = 03:30 CEST): Friday, in CET.
    (datetime(2027, 3, 28, 1, 30, tzinfo=UTC), date(2027, 3, 26), time(19, 30)),
]


@pytest.mark.parametrize(("now", "day", "until"), CASES)
def test_the_latest_session_is_in_the_passed_hours_of_the_last_working_day(now, day, until):
    calendar = Calendar(now)
    assert calendar.date(0) == day
    assert calendar.end == datetime.combine(day, until, PARIS)
    opening = datetime.combine(day, OPENING, PARIS)
    # Every scripted time of day of the latest day is squeezed into what has passed.
    moments = [calendar.moment(0, f"{h:02d}:{m:02d}") for h in range(8, 20) for m in (0, 30)]
    for moment in moments:
        assert moment.astimezone(PARIS).date() == day
        assert moment <= calendar.end <= now - timedelta(minutes=5)
    assert min(m for m in moments if m >= opening) == opening
    assert max(moments) == datetime.combine(day, min(until, CLOSING), PARIS)
    # Earlier working days skip the weekend and keep their times of day.
    for n in range(1, 8):
        earlier = calendar.date(n)
        assert earlier < calendar.date(n - 1) and earlier.weekday() < 5
        moment = calendar.moment(n, "10:20").astimezone(PARIS)
        assert moment.date() == earlier and moment.time() == time(10, 20)
    assert calendar.date(5) == day - timedelta(days=7)  # a week of working days back


@pytest.mark.parametrize(("now", "day", "until"), CASES)
def test_working_before_is_the_latest_working_moment(now, day, until):
    latest = working_before(now)
    assert latest <= now and latest.tzinfo == UTC
    local = latest.astimezone(PARIS)
    assert local.weekday() < 5 and OPENING <= local.time() <= CLOSING
    assert working_before(latest) == latest
    if local.time() < CLOSING:  # within the working day: now itself
        assert latest == now


def test_working_before_keeps_moments_in_working_hours():
    tuesday = datetime(2027, 3, 30, 14, 12, 5, tzinfo=PARIS)
    assert working_before(tuesday) == tuesday
    assert working_before(tuesday.replace(hour=21)) == tuesday.replace(hour=19, minute=30, second=0)
    monday_early = datetime(2027, 3, 29, 8, 29, tzinfo=PARIS)
    assert working_before(monday_early) == datetime(2027, 3, 26, 19, 30, tzinfo=PARIS)
