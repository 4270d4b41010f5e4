"""GET in the groups matrix: every group page, site page and group form asked by every kind
of person about every kind of group, and the directory listing exactly the listable
groups."""

import pytest

from .helpers import (
    KINDS,
    MANAGING_ROLES,
    MISSING_SLUG,
    OUTSIDE_ROLES,
    ROLES,
    SECRET_KINDS,
    assert_looks_missing,
    assert_sent_to_sign_in,
    can_list,
    can_read,
    is_archived,
    sign_in,
    signed_in,
    text_of,
)

pytestmark = pytest.mark.django_db


# --- GET: every page, every person, every group -------------------------------------------------

GROUP_PAGES = {
    # name: (path under /groups/<slug>/, rule(role, kind) -> may open)
    "detail": ("", can_list),
    "members": ("members/", lambda r, k: can_list(r, k) and can_read(r, k)),
    "settings": ("settings/", lambda r, k: r in MANAGING_ROLES and not is_archived(k)),
    "log": ("log/", lambda r, k: r in MANAGING_ROLES),
    "image_small": ("image/small/", can_list),
    "image_large": ("image/large/", can_list),
    "delete": ("delete/", lambda r, k: r == "staff"),
}


@pytest.mark.parametrize("page", list(GROUP_PAGES))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_group_page(request, client, world, role, kind, page):
    if page.startswith("image"):
        request.getfixturevalue("images")
    group = world.groups[kind]
    suffix, may_open = GROUP_PAGES[page]
    path = f"/groups/{group.slug}/{suffix}"
    response = signed_in(client, world, role).get(path)

    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif may_open(role, kind):
        assert response.status_code == 200
        if page.startswith("image"):
            assert response["Content-Type"] == "image/png"
            assert "private" in response["Cache-Control"]
        else:
            assert group.name in text_of(response)
    else:
        assert response.status_code == 404
        assert group.name not in text_of(response)

    if kind in SECRET_KINDS and role in OUTSIDE_ROLES:
        missing_path = f"/groups/{MISSING_SLUG}/{suffix}"
        missing = client.get(missing_path)
        assert_looks_missing(client, response, missing, group, path, missing_path)


SITE_PAGES = {
    # name: (path, "{word}" being the first word of the group's name;
    #        rule(role, kind) -> may open; rule(role, kind) -> the group's name is on it)
    "directory": ("/groups/?q={word}", lambda r, k: True, can_list),
    "invitations": ("/groups/invitations/", lambda r, k: True, lambda r, k: r == "invited"),
    "admin": ("/groups/admin/?q={word}", lambda r, k: r == "staff", lambda r, k: r == "staff"),
    "admin_log": ("/groups/admin/log/", lambda r, k: r == "staff", lambda r, k: r == "staff"),
}


@pytest.mark.parametrize("page", list(SITE_PAGES))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_site_page(client, world, role, kind, page):
    group = world.groups[kind]
    path, may_open, shows_name = SITE_PAGES[page]
    response = signed_in(client, world, role).get(path.format(word=group.name.split()[0]))

    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif may_open(role, kind):
        assert response.status_code == 200
        assert (group.name in text_of(response)) == shows_name(role, kind)
    else:
        assert response.status_code == 404
        assert group.name not in text_of(response)


@pytest.mark.parametrize(
    ("path", "may_open"),
    [("/groups/new/", lambda r: True), ("/groups/admin/new/", lambda r: r == "staff")],
    ids=["create", "admin_create"],
)
@pytest.mark.parametrize("role", ROLES)
def test_group_forms(client, world, role, path, may_open):
    response = signed_in(client, world, role).get(path)
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == (200 if may_open(role) else 404)
        for group in world.groups.values():
            assert group.name not in text_of(response)


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_directory_lists_exactly_the_listable_groups(client, world, role):
    sign_in(client, world.user(role))
    text = text_of(client.get("/groups/"))
    shown = {kind for kind, group in world.groups.items() if group.name in text}
    assert shown == {kind for kind in KINDS if can_list(role, kind)}
