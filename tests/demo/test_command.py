"""What ``make run`` shows a newcomer comes from ``manage.py demo``: with ``-v0`` it builds
the company and prints the logins alone; again, it adds nothing and says so."""

import io

import pytest
from django.core.management import call_command

from rse.accounts.models import User

pytestmark = pytest.mark.django_db


def demo(*args):
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_quiet_prints_only_the_logins():
    printed = demo("-v0").splitlines()
    assert printed[0] == "Demo logins (password for all: rse-demo-2026):"
    assert len(printed) == 4 and "alice.martin@demo.rse.test" in printed[1]
    people = User.objects.count()
    assert people > 30
    again = demo()
    assert "Demo company: " in again and "(0 new)" in again and "Demo logins" in again
    assert User.objects.count() == people
