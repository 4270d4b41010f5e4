"""GET in the feed matrix: every feed page asked by every kind of person about every kind
of group, with the status and content the rules expect and nothing leaked; and a check
that the matrix asks every feed URL."""

import pytest

from tests.groups.matrix.helpers import assert_sent_to_sign_in

from .pages import (
    PAGES,
    check_home,
    check_home_aside,
    check_people,
    check_questions,
    check_saved,
    check_shared_topic,
    check_unanswered,
)
from .rules import VIEWERS, assert_no_leak, body_of, signed_in
from .world import ROLES, as_role
from .writes import ACTIONS

pytestmark = pytest.mark.django_db


# --- GET: every page, every person, every group ------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(("role", "kind"), VIEWERS)
def test_page(request, client, world, role, kind, page):
    path_of, status_of, check = PAGES[page]
    path = path_of(world, kind)
    if "attachments" in path:
        request.getfixturevalue("stored_files")
    as_role(client, world, role)
    if page == "preview":
        data = {"group": world.groups[kind].slug, "body": "Hi @outsider, @member, @deactivated"}
        response = client.post(path, data)
    else:
        response = client.get(path)

    if not signed_in(role):
        assert_sent_to_sign_in(response)
        assert_no_leak(response, role)
        return
    expected = status_of(role, kind)
    assert response.status_code == expected, body_of(response)[:300]
    assert_no_leak(response, role, asked=path)
    if expected == 404:
        return
    if page == "people":
        check_people(world, role, kind, client, path)
    elif check is not None:
        check(world, role, kind, response)


LISTS = {
    # Lists across groups: asked once per person, checked for every kind of group.
    "home": ("/", check_home),
    "home_questions": ("/?show=questions", check_questions),
    "home_aside": ("/home/aside/", check_home_aside),
    "saved": ("/?show=saved", check_saved),
    "unanswered": ("/unanswered/", check_unanswered),
    "shared_topic": ("/topics/roadmap/", check_shared_topic),
}


@pytest.mark.parametrize("page", list(LISTS))
@pytest.mark.parametrize("role", ROLES)
def test_list(client, world, role, page):
    path, check = LISTS[page]
    response = as_role(client, world, role).get(path)
    assert_no_leak(response, role, asked=path)
    if not signed_in(role):
        assert_sent_to_sign_in(response)
        return
    assert response.status_code == 200
    check(world, role, response)


def test_the_matrix_asks_every_feed_url(world):
    """A new feed URL cannot be added without a row here."""
    from django.urls import resolve

    from feed.urls import urlpatterns

    paths = [path(world, "public") for path, *_ in PAGES.values()] + [p for p, _ in LISTS.values()]
    asked = {resolve(path.split("?")[0]).url_name for path in paths}
    asked |= {resolve(path(world, "public")).url_name for path, *_ in ACTIONS.values()}
    assert {pattern.name for pattern in urlpatterns} <= asked
