"""The directory (filters, sorting, suggestions, query counts), the group's image, and the
cases found in review."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups import actions, permissions
from groups.models import (
    Group,
    GroupInvitation,
    JoinRequest,
    Visibility,
)
from tests.factories import UserFactory
from tests.images import image_bytes, upload

from .helpers import add, make_group, messages_of

pytestmark = pytest.mark.django_db


# --- Directory -------------------------------------------------------------------------------


def test_directory_filters_and_sorts(person_client, person, other):
    mine = make_group(other, name="Alpha team")
    add(mine, person)
    make_group(other, name="Beta private", visibility=Visibility.PRIVATE)
    make_group(other, name="Gamma secret", visibility=Visibility.SECRET)

    def names(**params):
        response = person_client.get("/groups/", params)
        return [g.name for g in response.context["page"].object_list]

    assert names(sort="name") == ["Alpha team", "Beta private"]
    assert names(filter="mine") == ["Alpha team"]
    mine_page = person_client.get("/groups/", {"filter": "mine"}).context["page"]
    assert mine_page.object_list[0].member_count == 2  # counts everyone, not just me
    assert names(filter="private") == ["Beta private"]
    assert names(q="gamma") == []


def test_suggested_groups_come_from_colleagues_of_my_department(person_client, person, other):
    colleague = UserFactory(department=person.department)
    group = make_group(other, name="Quality circle")
    add(group, colleague)
    make_group(other, name="Unrelated")
    secret = make_group(other, name="Hidden quality", visibility=Visibility.SECRET)
    add(secret, colleague)
    response = person_client.get("/groups/")
    assert [g.name for g in response.context["suggested"]] == ["Quality circle"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_directory_query_count_does_not_grow(person_client, person, other):
    for n in range(3):
        make_group(other, name=f"Group {n}")
    add(Group.objects.get(name="Group 0"), UserFactory(department=person.department))
    count_queries(person_client, "/groups/")  # with one suggestion already: every query runs
    before = count_queries(person_client, "/groups/")
    for n in range(20):
        group = make_group(other, name=f"More {n}", visibility=Visibility.PRIVATE)
        add(group, UserFactory(department=person.department))
    assert count_queries(person_client, "/groups/") == before
    assert before <= 10


def test_members_page_query_count_does_not_grow(client, other):
    group = make_group(other)
    client.force_login(other)
    url = f"/groups/{group.slug}/members/"
    count_queries(client, url)
    before = count_queries(client, url)
    for _ in range(20):
        add(group, UserFactory())
    private = Group.objects.get(pk=group.pk)
    private.visibility = Visibility.PRIVATE
    private.save()
    for _ in range(5):
        actions.request_to_join(group=private, user=UserFactory())
    assert count_queries(client, url) == before
    assert before <= 16


def test_group_image_is_checked_and_served_to_who_may_see_the_group(client, person, other):
    group = make_group(other, visibility=Visibility.PRIVATE, name="Design")
    data = {
        "name": group.name,
        "slug": group.slug,
        "description": "",
        "visibility": "private",
        "posting_rule": "everyone",
    }
    client.force_login(other)
    response = client.post(
        f"/groups/{group.slug}/settings/", {**data, "image": upload(b"GIF89a nope", "x.gif")}
    )
    assert "This file is not one of them" in response.content.decode()
    group.refresh_from_db()
    assert not group.image_large
    client.post(f"/groups/{group.slug}/settings/", {**data, "image": upload(image_bytes("PNG"))})
    group.refresh_from_db()
    url = group.image_url(256)
    client.force_login(person)  # private: listed to every employee, picture included
    assert client.get(url)["Content-Type"] == "image/webp"
    client.force_login(other)
    client.post(f"/groups/{group.slug}/settings/", {**data, "visibility": "secret"})
    client.force_login(person)
    assert client.get(url).status_code == 404


# --- Found in review -------------------------------------------------------------------------


def test_a_secret_group_address_reveals_nothing_of_its_name(person_client, other):
    secret = make_group(other, visibility=Visibility.SECRET, name="Layoffs 2027")
    assert "layoffs" not in secret.slug
    response = person_client.post(
        "/groups/new/",
        {"name": "Layoffs 2027", "slug": "", "visibility": "public", "posting_rule": "everyone"},
    )
    assert response.status_code == 302
    assert Group.objects.get(name="Layoffs 2027", visibility="public").slug == "layoffs-2027"


@pytest.mark.parametrize("slug", ["new", "admin", "invitations"])
def test_addresses_of_the_groups_pages_are_reserved(person_client, person, slug):
    response = person_client.post(
        "/groups/new/",
        {"name": "Something", "slug": slug, "visibility": "public", "posting_rule": "everyone"},
    )
    assert "This web address is reserved" in response.content.decode()
    assert make_group(person, name=slug.title()).slug == f"{slug}-2"


def test_profile_names_only_groups_whose_members_the_viewer_may_see(client, person, other):
    private = make_group(other, visibility=Visibility.PRIVATE, name="Quiet private club")
    public = make_group(other, name="Open public club")
    client.force_login(person)
    body = client.get(f"/people/{other.pk}/").content.decode()
    assert "Open public club" in body and "Quiet private club" not in body
    add(private, person)
    assert "Quiet private club" in client.get(f"/people/{other.pk}/").content.decode()
    assert public


def test_a_ban_withdraws_an_invitation_sent_to_an_old_address(person, other):
    group = make_group(other, visibility=Visibility.SECRET)
    invitation = actions.invite(group=group, by=other, email=person.email)
    person.email = "new.address@example.com"
    person.save()
    actions.ban(group=group, by=other, user=person)
    invitation.refresh_from_db()
    assert invitation.status == GroupInvitation.Status.REVOKED
    with pytest.raises(PermissionDenied):
        actions.respond_to_invitation(invitation=invitation, user=person, accept=True)
    assert permissions.membership_of(person, group) is None


def test_an_unknown_decision_is_a_bad_request(client, person, other):
    group = make_group(other, visibility=Visibility.PRIVATE)
    join_request = actions.request_to_join(group=group, user=person)
    client.force_login(other)
    url = f"/groups/{group.slug}/requests/{join_request.pk}/"
    assert client.post(url, {"decision": "maybe"}).status_code == 400
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_an_over_long_request_message_is_refused_not_dropped(person_client, person, other):
    group = make_group(other, visibility=Visibility.PRIVATE)
    response = person_client.post(
        f"/groups/{group.slug}/request/", {"message": "x" * 501}, follow=True
    )
    assert any("at most 500 characters" in m for m in messages_of(response))
    assert not JoinRequest.objects.exists()


def test_descriptions_are_excerpted_without_double_escaping(person_client, other):
    make_group(other, name="Research", description="R&D <fast> notes")
    body = person_client.get("/groups/").content.decode()
    assert "R&amp;D &lt;fast&gt; notes" in body
