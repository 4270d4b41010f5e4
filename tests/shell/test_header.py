"""Every header item the apps registered (rse/header.py) shows for whom its predicate
allows and for nobody else, links where it says, and is marked current in its section."""

import pytest

from rse import header
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def the_header(html):
    """The top bar and the phone's tab bar: where registered items are drawn."""
    top = html[html.index('<header class="topbar">') : html.index("</header>")]
    tabbar = html[html.index('<nav class="tabbar"') :]
    return top + tabbar[: tabbar.index("</nav>")]


@pytest.fixture
def people(person):
    return [person, UserFactory(display_name="Ada Admin", is_staff=True)]


def page_header(client, user, url="/"):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return the_header(response.content.decode())


@pytest.mark.parametrize("kind", ["nav", "menu"])
def test_every_item_shows_for_whom_it_allows_and_nobody_else(client, people, kind):
    entries = header.NAV if kind == "nav" else header.MENU
    assert entries
    link = '<a href="{}"' if kind == "nav" else '<a role="menuitem" href="{}"'
    for user in people:
        html = page_header(client, user)
        for item in entries:
            shown = link.format(item.url_for(user)) in html
            assert shown == item.allows(user), (item.url_name, user)
            if shown:
                assert str(item.label) in html
    for item in entries:  # each item is for somebody
        assert any(item.allows(user) for user in people), item.url_name


def test_every_nav_item_is_current_on_its_own_page(client, person):
    for item in header.NAV:
        url = item.url_for(person)
        html = page_header(client, person, url)
        assert html.count('aria-current="page"') == 2, url  # top bar and tab bar
        assert f'<a href="{url}" aria-current="page">' in html, url


def test_the_header_is_in_the_persons_language(client, person):
    person.language = "fr"
    person.save()
    html = page_header(client, person)
    assert "Accueil" in html and "Mon profil" in html
