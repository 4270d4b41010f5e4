"""The demo's clock: working days in Paris (Monday to Friday, 8:30 to 19:30), counted back
from now, so that the demo company looks alive whatever day it is loaded on (nothing in
the future, the latest chat session within the hours of today already passed)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
OPENING, CLOSING = time(8, 30), time(19, 30)


def working_before(moment):
    """The latest moment, no later than ``moment``, of a working day in Paris."""
    local = moment.astimezone(PARIS)
    while True:
        if local.weekday() < 5:
            local = min(local, datetime.combine(local.date(), CLOSING, PARIS))
            if local.time() >= OPENING:
                return local.astimezone(UTC)
        local = datetime.combine(local.date() - timedelta(days=1), CLOSING, PARIS)


class Calendar:
    """Working days counted back from the latest one; on that day, the scripted times of
    day are squeezed into the part of it that has passed."""

    def __init__(self, now):
        self.now, self.limit = now, now - timedelta(minutes=2)  # nothing later than limit
        self.end = working_before(now - timedelta(minutes=5)).astimezone(PARIS)
        self.dates = [self.end.date()]

    def date(self, day):
        """The date ``day`` working days before the latest one."""
        while len(self.dates) <= day:
            previous = self.dates[-1] - timedelta(days=1)  # Sunday, Saturday: Friday
            self.dates.append(previous - timedelta(days=max(0, previous.weekday() - 4)))
        return self.dates[day]

    def moment(self, day, clock):
        """When ``clock`` ("HH:MM" in Paris) of working day ``day`` happened, in UTC."""
        date = self.date(day)
        local = datetime.combine(date, time.fromisoformat(clock), PARIS)
        opening = datetime.combine(date, OPENING, PARIS)
        if day == 0 and local > opening:
            closing = datetime.combine(date, CLOSING, PARIS)
            ratio = min(1.0, (self.end - opening) / (closing - opening))
            local = opening + (local - opening) * ratio
        return local.astimezone(UTC)
