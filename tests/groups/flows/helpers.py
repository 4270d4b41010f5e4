"""Helpers of the groups' flows: making a group through the actions, adding a member, the
messages of a response and a group's counts of members, requests, invitations and bans."""

from groups import actions
from groups.models import (
    Ban,
    GroupInvitation,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)


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
