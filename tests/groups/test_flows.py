"""The flows of communities, good and bad: each bad one gets a clear message and changes
nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups import actions, permissions
from groups.models import (
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from rse.accounts.models import User
from tests.factories import UserFactory
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def make_group(owner, visibility=Visibility.PUBLIC, name="Support escalations", **fields):
    return actions.create_group(by=owner, fields={"name": name, "visibility": visibility, **fields})


def add(group, user, role=Role.MEMBER):
    return Membership.objects.create(group=group, user=user, role=role)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def state(group):
    return (
        Membership.objects.filter(group=group).count(),
        JoinRequest.objects.filter(group=group).count(),
        GroupInvitation.objects.filter(group=group).count(),
        Ban.objects.filter(group=group).count(),
    )


# --- Creating ------------------------------------------------------------------------------


def test_create_group_makes_the_creator_owner(person_client, person):
    response = person_client.post(
        "/groups/new/",
        {
            "name": "Python guild",
            "slug": "",
            "description": "We **love** Python",
            "visibility": "private",
            "posting_rule": "everyone",
            "members_can_create_channels": "on",
        },
    )
    group = Group.objects.get(name="Python guild")
    assert response["Location"] == f"/groups/{group.slug}/members/"
    assert group.slug == "python-guild"
    assert "<strong>love</strong>" in group.description_html
    assert Membership.objects.get(group=group).role == Role.OWNER
    assert AuditEntry.objects.filter(group=group, action="created").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Taken", "slug": "TAKEN"}, "already taken"),
        ({"name": "x" * 81}, "at most 80 characters"),
        ({"name": "ab"}, "at least 3 characters"),
        ({"name": "Fine", "slug": "not a slug!"}, "Enter a valid"),
        ({"name": "Fine", "visibility": "galactic"}, "Select a valid choice"),
    ],
)
def test_bad_group_input_creates_nothing(person_client, person, data, message):
    make_group(person, name="Taken", slug="taken")
    payload = {"slug": "", "visibility": "public", "posting_rule": "everyone", **data}
    response = person_client.post("/groups/new/", payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Group.objects.count() == 1


def test_site_admin_creates_a_group_for_an_owner(admin_client_, person):
    admin_client_.post(
        "/groups/admin/new/",
        {
            "owner": person.email.upper(),
            "name": "Company news",
            "slug": "",
            "visibility": "public",
            "posting_rule": "moderators",
        },
    )
    group = Group.objects.get(name="Company news")
    assert Membership.objects.get(group=group).user == person
    assert Membership.objects.get(group=group).role == Role.OWNER


# --- Getting in ---------------------------------------------------------------------------


def test_join_a_public_group(person_client, person, other):
    group = make_group(other)
    person_client.post(f"/groups/{group.slug}/join/")
    assert Membership.objects.get(group=group, user=person).role == Role.MEMBER
    assert AuditEntry.objects.filter(group=group, action="joined", actor=person).exists()


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_joining_a_closed_group_by_url_does_nothing(person_client, other, visibility):
    group = make_group(other, visibility=visibility)
    before = state(group)
    response = person_client.post(f"/groups/{group.slug}/join/")
    assert response.status_code == 404
    assert state(group) == before


def test_ask_approve_and_the_asker_is_told(
    client, person, other, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_group(other, visibility=Visibility.PRIVATE, name="Sales leadership")
    person.language = "fr"
    person.save()
    client.force_login(person)
    client.post(f"/groups/{group.slug}/request/", {"message": "I lead the Lyon team"})
    join_request = JoinRequest.objects.get(group=group, user=person)
    assert join_request.message == "I lead the Lyon team"

    # A second request while one waits is refused with a message.
    response = client.post(f"/groups/{group.slug}/request/", follow=True)
    assert JoinRequest.objects.filter(group=group, user=person).count() == 1
    assert any("attend" in m or "waiting" in m for m in messages_of(response))

    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/groups/{group.slug}/requests/{join_request.pk}/", {"decision": "approve"})
    assert permissions.membership_of(person, group) is not None
    assert mailoutbox[-1].to == [person.email]
    assert "Sales leadership" in mailoutbox[-1].subject
    assert "membre" in mailoutbox[-1].subject  # in the asker's language


def test_decline_tells_the_asker(other, person, mailoutbox, django_capture_on_commit_callbacks):
    group = make_group(other, visibility=Visibility.PRIVATE)
    join_request = actions.request_to_join(group=group, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_request(join_request=join_request, by=other, approve=False)
    assert "declined" in mailoutbox[-1].subject
    assert permissions.membership_of(person, group) is None


def test_approving_without_rights_changes_nothing(client, person, other):
    group = make_group(other, visibility=Visibility.PRIVATE)
    join_request = actions.request_to_join(group=group, user=person)
    bystander = UserFactory()
    add(group, bystander)  # a plain member is no moderator
    client.force_login(bystander)
    response = client.post(
        f"/groups/{group.slug}/requests/{join_request.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert permissions.membership_of(person, group) is None


def test_banned_person_cannot_ask_or_join_again(client, person, other):
    private = make_group(other, visibility=Visibility.PRIVATE, name="Private one")
    public = make_group(other, name="Public one")
    for group in (private, public):
        add(group, person)
        actions.ban(group=group, by=other, user=person, reason="spam")
        assert permissions.membership_of(person, group) is None
    client.force_login(person)
    response = client.post(f"/groups/{private.slug}/request/", follow=True)
    assert "You cannot ask to join this group." in messages_of(response)
    response = client.post(f"/groups/{public.slug}/join/", follow=True)
    assert "You cannot join this group." in messages_of(response)
    assert not JoinRequest.objects.filter(user=person, status="pending").exists()
    assert not Membership.objects.filter(user=person).exists()


def test_invite_a_colleague_by_name_and_they_accept(
    client, person, other, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_group(other, visibility=Visibility.SECRET, name="Project Aurora")
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/groups/{group.slug}/invite/", {"who": person.display_name})
    invitation = GroupInvitation.objects.get(group=group)
    assert invitation.user == person
    assert mailoutbox[-1].to == [person.email]

    client.force_login(person)
    assert "Project Aurora" in client.get("/groups/invitations/").content.decode()
    client.post(f"/groups/invitations/{invitation.pk}/", {"decision": "accept"})
    assert permissions.membership_of(person, group) is not None


def test_someone_elses_invitation_is_404(client, person, other):
    group = make_group(other, visibility=Visibility.SECRET)
    invitation = actions.invite(group=group, by=other, email=person.email)
    client.force_login(UserFactory())
    response = client.post(f"/groups/invitations/{invitation.pk}/", {"decision": "accept"})
    assert response.status_code == 404
    assert Membership.objects.filter(group=group).count() == 1


def test_invitation_to_an_unregistered_address_survives_sign_up(
    client, other, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SIGNUP_DOMAINS = ["example.com"]
    group = make_group(other, visibility=Visibility.PRIVATE, name="Onboarding")
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(group=group, by=other, email="New.Hire@example.com")
    assert mailoutbox[-1].to == ["new.hire@example.com"]
    assert "/invitations/" in mailoutbox[-1].body

    password = "a long and unusual passphrase"
    client.post(
        "/accounts/signup/",
        {
            "email": "new.hire@example.com",
            "display_name": "New Hire",
            "password1": password,
            "password2": password,
        },
    )
    newcomer = User.objects.get(email="new.hire@example.com")
    invitation = GroupInvitation.objects.get(group=group)
    assert invitation.user == newcomer
    actions.respond_to_invitation(invitation=invitation, user=newcomer, accept=True)
    assert permissions.membership_of(newcomer, group) is not None


def test_only_site_admins_invite_addresses_that_cannot_sign_up(other, settings):
    settings.SIGNUP_DOMAINS = ["example.com"]
    group = make_group(other)
    with pytest.raises(Exception, match="cannot sign up here"):
        actions.invite(group=group, by=other, email="outsider@elsewhere.org")
    assert not GroupInvitation.objects.exists()


def test_inviting_twice_or_a_member_is_refused(client, person, other):
    group = make_group(other)
    add(group, person)
    client.force_login(other)
    response = client.post(f"/groups/{group.slug}/invite/", {"who": person.email}, follow=True)
    assert any("already a member" in m for m in messages_of(response))
    stranger = UserFactory()
    client.post(f"/groups/{group.slug}/invite/", {"who": stranger.email})
    response = client.post(f"/groups/{group.slug}/invite/", {"who": stranger.email}, follow=True)
    assert any("already invited" in m for m in messages_of(response))
    assert GroupInvitation.objects.filter(group=group).count() == 1


# --- Members and roles -----------------------------------------------------------------------


def test_last_owner_cannot_leave(person_client, person):
    group = make_group(person)
    response = person_client.post(f"/groups/{group.slug}/leave/", follow=True)
    assert any("last owner" in m for m in messages_of(response))
    assert permissions.membership_of(person, group).role == Role.OWNER


def test_member_leaves(person_client, person, other):
    group = make_group(other)
    add(group, person)
    person_client.post(f"/groups/{group.slug}/leave/")
    assert permissions.membership_of(person, group) is None
    assert AuditEntry.objects.filter(group=group, action="left").exists()


def test_moderator_removes_a_member_but_not_an_owner(client, person, other):
    group = make_group(other)
    moderator = UserFactory()
    add(group, moderator, Role.MODERATOR)
    add(group, person)
    client.force_login(moderator)
    assert client.post(f"/groups/{group.slug}/members/{other.pk}/remove/").status_code == 404
    assert Membership.objects.filter(group=group, user=other).exists()
    client.post(f"/groups/{group.slug}/members/{person.pk}/remove/")
    assert not Membership.objects.filter(group=group, user=person).exists()
    assert AuditEntry.objects.filter(group=group, action="removed", target=person).exists()


def test_promote_demote_and_transfer_ownership(client, person, other):
    group = make_group(other)
    add(group, person)
    client.force_login(other)
    client.post(f"/groups/{group.slug}/members/{person.pk}/role/", {"role": "moderator"})
    assert permissions.membership_of(person, group).role == Role.MODERATOR
    client.post(f"/groups/{group.slug}/members/{person.pk}/transfer/")
    group = Group.objects.get(pk=group.pk)
    assert permissions.membership_of(person, group).role == Role.OWNER
    assert permissions.membership_of(other, group).role == Role.MODERATOR
    entry = AuditEntry.objects.filter(group=group, action="ownership").get()
    assert entry.actor == other and entry.target == person


def test_the_last_owner_cannot_be_demoted(admin_client_, person):
    group = make_group(person)
    response = admin_client_.post(
        f"/groups/{group.slug}/members/{person.pk}/role/", {"role": "member"}, follow=True
    )
    assert any("at least one owner" in m for m in messages_of(response))
    assert permissions.membership_of(person, group).role == Role.OWNER


def test_notification_level(person_client, person, other):
    group = make_group(other)
    add(group, person)
    person_client.post(f"/groups/{group.slug}/notifications/", {"level": "all"})
    assert permissions.membership_of(person, group).notification_level == "all"
    response = person_client.post(
        f"/groups/{group.slug}/notifications/", {"level": "loud"}, follow=True
    )
    assert "Choose one of the notification levels." in messages_of(response)


# --- Settings, archive, delete ---------------------------------------------------------------


def test_visibility_change_is_audited(person_client, person):
    group = make_group(person)
    person_client.post(
        f"/groups/{group.slug}/settings/",
        {
            "name": group.name,
            "slug": group.slug,
            "description": "",
            "visibility": "secret",
            "posting_rule": "everyone",
        },
    )
    group.refresh_from_db()
    assert group.visibility == Visibility.SECRET
    entry = AuditEntry.objects.get(group=group, action="visibility")
    assert entry.details == {"old": "public", "new": "secret"}


def test_archived_group_is_read_only_and_only_site_admins_restore(
    client, person, other, admin_user
):
    group = make_group(other)
    add(group, person)
    actions.archive_group(group=group, by=other)
    group.refresh_from_db()
    assert not permissions.can_post(person, group)
    assert not permissions.can_join(UserFactory(), group)
    client.force_login(person)
    assert client.get(f"/groups/{group.slug}/").status_code == 200  # still readable
    client.force_login(other)
    assert client.post(f"/groups/{group.slug}/restore/").status_code == 404
    assert client.get(f"/groups/{group.slug}/settings/").status_code == 404
    client.force_login(admin_user)
    client.post(f"/groups/{group.slug}/restore/")
    group.refresh_from_db()
    assert not group.is_archived


def test_delete_needs_the_exact_name(admin_client_, person):
    group = make_group(person, name="Old project")
    response = admin_client_.post(f"/groups/{group.slug}/delete/", {"confirm_name": "old"})
    assert "Type the group" in response.content.decode()
    assert Group.objects.filter(pk=group.pk).exists()
    admin_client_.post(f"/groups/{group.slug}/delete/", {"confirm_name": "Old project"})
    assert not Group.objects.filter(pk=group.pk).exists()
    entry = AuditEntry.objects.get(action="deleted")
    assert entry.group is None and entry.group_name == "Old project"


def test_owner_cannot_delete(person_client, person):
    group = make_group(person)
    assert person_client.post(f"/groups/{group.slug}/delete/", {"confirm_name": group.name})
    assert Group.objects.filter(pk=group.pk).exists()


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
