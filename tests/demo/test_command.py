"""What ``make run`` shows a newcomer comes from ``manage.py demo``: nothing while it
builds the company quietly (``-v0``), then the logins alone (``--logins``), which change
nothing."""

import io

import pytest
from django.core.management import call_command

from rse.accounts.models import User

pytestmark = pytest.mark.django_db


def demo(*args):
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_quiet_then_logins_only():
    assert demo("-v0") == ""
    people = User.objects.count()
    assert people > 30
    logins = demo("--logins")
    assert logins.splitlines()[0] == "Demo logins (password for all: rse-demo-2026):"
    assert "alice.martin@demo.rse.test" in logins and "Demo company" not in logins
    assert User.objects.count() == people


def test_logins_alone_make_no_company():
    assert "chloe.dubois@demo.rse.test" in demo("--logins")
    assert not User.objects.exists()
