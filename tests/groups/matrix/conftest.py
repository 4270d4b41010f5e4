"""Fixtures of the groups matrix: one shared test client, a fresh world for each test (one
person per role, each holding that role in every group, one group per kind) and the
groups' stored pictures."""

from http.cookies import SimpleCookie

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from groups.models import (
    AuditEntry,
    Ban,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
)
from rse.accounts.models import User

from .helpers import GROUPS, PEOPLE, World


@pytest.fixture(scope="module")
def _shared_client():
    """One test client for the module: building a client's middleware (WhiteNoise scans
    every static file) costs more than the requests of a test."""
    return Client()


@pytest.fixture
def client(_shared_client):
    _shared_client.cookies = SimpleCookie()  # signed out, no messages, no session
    return _shared_client


@pytest.fixture
def world(db):
    # One query for everybody: the world is built for each of some 1,800 tests.
    people = dict(
        zip(
            PEOPLE,
            User.objects.bulk_create(
                User(
                    email=f"{role}@example.com",
                    display_name=name,
                    department="Quality",  # one team: "suggested groups" would show a leak
                    is_staff=role == "staff",
                    password="!",  # unusable: the tests sign in with sign_in() below
                )
                for role, name in PEOPLE.items()
            ),
            strict=True,
        )
    )
    now = timezone.now()
    groups = {}
    for kind, (name, slug, description, visibility, archived) in GROUPS.items():
        groups[kind] = Group(
            name=name,
            slug=slug,
            description=description,
            description_html=f"<p>{description}</p>",
            visibility=visibility,
            archived_at=now if archived else None,
            created_by=people["owner"],
            image_small=f"groups/1a2b{kind}-small.png",
            image_large=f"groups/1a2b{kind}-large.png",
        )
    Group.objects.bulk_create(groups.values())
    memberships, requests, invitations, bans, entries = [], {}, {}, [], []
    for kind, group in groups.items():
        memberships += [
            Membership(group=group, user=people["owner"], role=Role.OWNER),
            Membership(group=group, user=people["moderator"], role=Role.MODERATOR),
            Membership(group=group, user=people["member"], role=Role.MEMBER),
        ]
        # A request made while the group was private, or an invitation sent before it
        # was archived: every kind of group can hold them.
        requests[kind] = JoinRequest(group=group, user=people["pending"], message="Please")
        invitations[kind] = GroupInvitation(
            group=group,
            email=people["invited"].email,
            user=people["invited"],
            invited_by=people["owner"],
        )
        bans.append(Ban(group=group, user=people["banned"], banned_by=people["owner"]))
        entries.append(
            AuditEntry(group=group, group_name=group.name, actor=people["owner"], action="created")
        )
    Membership.objects.bulk_create(memberships)
    JoinRequest.objects.bulk_create(requests.values())
    GroupInvitation.objects.bulk_create(invitations.values())
    Ban.objects.bulk_create(bans)
    AuditEntry.objects.bulk_create(entries)
    return World(people=people, groups=groups, requests=requests, invitations=invitations)


@pytest.fixture
def images(world):
    """Store the groups' pictures, so that a 404 on an image means "not for you"."""
    for group in world.groups.values():
        for field_name in ("image_small", "image_large"):
            image = getattr(group, field_name)
            image.storage.save(image.name, ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 64))
