"""The one promise a secret group makes: its name, address and description never reach
anyone outside it, through odd addresses, searches or pages about its members; and the
findings beyond the matrix."""

from urllib.parse import quote_plus

import pytest
from django.utils import timezone

from groups.models import (
    Group,
)

from .helpers import (
    GROUPS,
    MISSING_SLUG,
    OUTSIDE_ROLES,
    SECRET_KINDS,
    assert_looks_missing,
    assert_no_secret,
    errors_of,
    is_archived,
    is_member,
    normalized,
    sign_in,
    signed_in,
    snapshot,
    text_of,
)

pytestmark = pytest.mark.django_db


# --- The secret stays secret ------------------------------------------------------------------

ODD_ADDRESSES = {
    "members_search": "/groups/{slug}/members/?q=Mia",
    "join_by_get": "/groups/{slug}/join/",
    "unknown_subpage": "/groups/{slug}/nothing-here/",
    "upper_case": "/groups/{upper}/",
    "no_trailing_slash": "/groups/{slug}",
    "image_of_unknown_kind": "/groups/{slug}/image/huge/",
}


@pytest.mark.parametrize("page", list(ODD_ADDRESSES))
@pytest.mark.parametrize("kind", SECRET_KINDS)
@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_odd_addresses_of_a_secret_group_look_like_missing_ones(client, world, role, kind, page):
    group = world.groups[kind]
    client = signed_in(client, world, role)
    path = ODD_ADDRESSES[page].format(slug=group.slug, upper=group.slug.upper())
    missing_path = ODD_ADDRESSES[page].format(slug=MISSING_SLUG, upper=MISSING_SLUG.upper())
    assert_looks_missing(
        client, client.get(path), client.get(missing_path), group, path, missing_path
    )


SEARCHES = {
    # (address, "{first}", "{last_two}" and "{description}" being words of the group)
    "name_word": "/groups/?q={first}",
    "name_words": "/groups/?q={last_two}",
    "description_word": "/groups/?q={description}",
    "mine": "/groups/?filter=mine&q={first}",
    "newest": "/groups/?sort=new",
    "by_name": "/groups/?sort=name",
    "all": "/groups/",
    "page_two": "/groups/?page=2",
    "admin_search": "/groups/admin/?q={first}",
    "admin_log": "/groups/admin/log/",
}


@pytest.mark.parametrize(
    ("search", "htmx"),
    [(search, False) for search in SEARCHES]
    + [(search, True) for search in SEARCHES if SEARCHES[search].startswith("/groups/?")],
    ids=lambda value: (
        {False: "page", True: "htmx"}.get(value, value) if isinstance(value, bool) else value
    ),
)
@pytest.mark.parametrize("kind", SECRET_KINDS)
@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_searching_for_a_secret_group_finds_nothing(client, world, role, kind, search, htmx):
    group = world.groups[kind]
    name, _slug, description, *_ = GROUPS[kind]
    words = {
        "first": name.split()[0],
        "last_two": " ".join(name.split()[1:]),
        "description": description.split()[0],
    }
    path = SEARCHES[search].format(**{key: quote_plus(value) for key, value in words.items()})
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client = signed_in(client, world, role)

    response = client.get(path, follow=True, **headers)

    asked = next((words[key] for key in words if f"{{{key}}}" in SEARCHES[search]), "")
    assert_no_secret(response, group, asked=asked or path)
    if asked and role != "anonymous":
        # The same page as for words that match nothing at all: no count, no hint.
        nothing = client.get(path.replace(quote_plus(asked), "Qqqqqq"), **headers)
        echoed = text_of(response).replace(quote_plus(asked), "Qqqqqq").replace(asked, "Qqqqqq")
        assert normalized(echoed) == normalized(text_of(nothing))


PEOPLE_PAGES = {
    "home": lambda w: "/",
    "owner_profile": lambda w: f"/people/{w.people['owner'].pk}/",
    "moderator_profile": lambda w: f"/people/{w.people['moderator'].pk}/",
    "member_profile": lambda w: f"/people/{w.people['member'].pk}/",
    "people_search": lambda w: "/people/?q=Mia",
    "people_search_htmx": lambda w: "/people/?q=Moe",
    "people_of_the_team": lambda w: "/people/?department=Quality",
    "groups_invitations": lambda w: "/groups/invitations/",
}


@pytest.mark.parametrize("page", list(PEOPLE_PAGES))
@pytest.mark.parametrize("kind", SECRET_KINDS)
@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_pages_about_members_never_name_their_secret_groups(client, world, role, kind, page):
    group = world.groups[kind]
    headers = {"HTTP_HX_REQUEST": "true"} if page.endswith("htmx") else {}
    path = PEOPLE_PAGES[page](world)
    response = signed_in(client, world, role).get(path, follow=True, **headers)
    if role == "anonymous" and headers:
        # htmx is told to take the whole page to sign-in (rse/accounts/middleware.py).
        assert response["HX-Redirect"].startswith("/accounts/login/")
    elif role == "anonymous":
        assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    else:
        assert response.status_code == 200
    if page == "groups_invitations" and role == "invited":
        # The one place where the invited person learns the name: to accept or decline.
        assert group.name in text_of(response)
        return
    assert_no_secret(response, group, asked=path)


# --- Findings beyond the matrix -----------------------------------------------------------------


@pytest.mark.parametrize("kind", SECRET_KINDS)
def test_an_invited_person_answers_a_secret_invitation_from_the_invitations_page(
    client, world, kind
):
    """The invitations page is the only door to a secret group's invitation (its detail
    page is a 404 to the invited person); answering it lands on a real page."""
    group = world.groups[kind]
    invited = world.people["invited"]
    sign_in(client, invited)
    page = text_of(client.get("/groups/invitations/"))
    assert group.name in page
    assert f"/groups/invitations/{world.invitations[kind].pk}/" in page

    response = client.post(
        f"/groups/invitations/{world.invitations[kind].pk}/", {"decision": "accept"}, follow=True
    )

    assert response.status_code == 200, "after answering, one lands on a page, not on a 404"
    if is_archived(kind):
        assert not is_member(group, invited)
        assert "archived" in text_of(response)
    else:
        assert is_member(group, invited)
        assert group.name in text_of(response)


def test_an_archived_private_group_does_not_tell_an_outsider_their_request_is_waiting(
    client, world
):
    group = world.groups["private"]
    Group.objects.filter(pk=group.pk).update(archived_at=timezone.now())
    sign_in(client, world.people["outsider"])
    before = snapshot()

    response = client.post(f"/groups/{group.slug}/request/", {"message": "Hi"})

    assert snapshot() == before
    assert response.status_code in (302, 404)
    assert not any("already waiting" in message for message in errors_of(response))
