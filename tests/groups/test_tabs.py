"""Every tab that an app above groups registered for a group's page (groups/tabs.py)
works: its members see it and what it holds, and nobody outside a secret group learns of
the group through it, not even its name."""

import pytest
from django.test import Client
from django.urls import reverse

from feed import actions as feed_actions
from groups import actions, tabs
from groups.models import Membership, Role, Visibility
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Quiet merger room"
PROBE = "Tab probe about the quarterly numbers"


@pytest.fixture
def world():
    owner = UserFactory()
    member = UserFactory()
    group = actions.create_group(
        by=owner, fields={"name": SECRET_NAME, "visibility": Visibility.SECRET}
    )
    Membership.objects.create(group=group, user=member, role=Role.MEMBER)
    feed_actions.create_post(author=owner, group=group, title=PROBE, body="Where are they?")
    return group, member, UserFactory()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_feed_registers_its_tabs():
    assert list(tabs.TABS) == ["feed", "forum"]
    assert tabs.home_tab() is tabs.TABS["feed"]


@pytest.mark.parametrize("name", list(tabs.TABS))
def test_every_registered_tab_works_for_a_member(world, name):
    group, member, _ = world
    tab = tabs.TABS[name]
    client = signed_in(member)
    response = client.get(tab.url(group))
    assert response.status_code == 200
    assert PROBE in response.content.decode()  # what the tab holds: the group's post
    if tab.is_home:
        assert tab.template in [t.name for t in response.templates]
        assert str(tab.label) in response.content.decode()
        more = client.get(tab.url(group), {"cursor": "x"}, HTTP_HX_REQUEST="true")
        assert more.status_code == 200
        assert tab.more_template in [t.name for t in more.templates]
    else:
        # The group's own page leads to it, under its label.
        page = client.get(group.get_absolute_url()).content.decode()
        assert f'href="{tab.url(group)}"' in page
        assert f">{tab.label}</a>" in page


@pytest.mark.parametrize("name", list(tabs.TABS))
def test_no_registered_tab_tells_an_outsider_of_a_secret_group(world, name):
    group, _, outsider = world
    tab = tabs.TABS[name]
    for client in (signed_in(outsider), Client()):
        response = client.get(tab.url(group), follow=True)
        body = response.content.decode()
        if response.redirect_chain:  # the anonymous person is sent to sign in
            assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
        else:
            assert response.status_code == 404
        assert SECRET_NAME not in body
        assert PROBE not in body
    assert signed_in(outsider).get(tab.url(group)).status_code == 404


@pytest.mark.parametrize("name", [name for name, tab in tabs.TABS.items() if not tab.is_home])
def test_a_link_tab_is_shown_to_readers_only(world, name):
    _, member, outsider = world
    tab = tabs.TABS[name]
    public = actions.create_group(by=member, fields={"name": "Open bench", "slug": "open"})
    private = actions.create_group(
        by=member, fields={"name": "Closed bench", "visibility": Visibility.PRIVATE}
    )
    client = signed_in(outsider)
    assert f'href="{tab.url(public)}"' in client.get(public.get_absolute_url()).content.decode()
    page = client.get(private.get_absolute_url())
    assert page.status_code == 200
    assert f'href="{tab.url(private)}"' not in page.content.decode()
    assert client.get(reverse(tab.url_name, args=[private.slug])).status_code == 404
