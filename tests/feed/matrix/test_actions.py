"""POST in the feed matrix: every write by every kind of person in every kind of group,
taking effect where the rules allow and refused elsewhere, leaving no row behind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.groups.matrix.helpers import assert_sent_to_sign_in

from .rules import VIEWERS, assert_no_leak, body_of
from .world import as_role
from .writes import ACTIONS, DENIED, INVALID, LOGIN, OK, REFUSED, row_counts, written_tables

pytestmark = pytest.mark.django_db


# --- POST: every write, every person, every group ----------------------------------------------


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize(("role", "kind"), VIEWERS)
def test_action(client, world, role, kind, action):
    path_of, data_of, outcome_of, effect = ACTIONS[action]
    path = path_of(world, kind)
    outcome = outcome_of(role, kind)
    as_role(client, world, role)
    before = row_counts()

    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data_of(world, kind))

    assert_no_leak(response, role, asked=path)
    if outcome == OK:
        assert response.status_code == 302, body_of(response)[:500]
        assert not response["Location"].startswith("/accounts/login/")
        effect(world, kind, world.user(role))
        return
    if outcome == LOGIN:
        assert_sent_to_sign_in(response)
    elif outcome == DENIED:
        assert response.status_code == 404, response.status_code
    elif outcome == INVALID:
        assert response.status_code == 400, response.status_code
    elif outcome == REFUSED:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
    assert row_counts() == before, f"{outcome}: no row added or removed"
    # Not a single row changed either; showing a thread again records how far it was read.
    allowed = {"django_session"} | ({"feed_threadstate"} if outcome == INVALID else set())
    assert written_tables(queries) <= allowed, f"{outcome}: nothing may be written"
