"""Live audiences of groups: a member's sockets listen to ``group.<id>`` for as long as
they are a member; joining and leaving take effect on open sockets at once."""

from rse.realtime import publish

from .models import Membership


def group_audience(group_id):
    return f"group.{group_id}"


def member_audiences(user_id):
    return [
        group_audience(group_id)
        for group_id in Membership.objects.filter(user_id=user_id).values_list(
            "group_id", flat=True
        )
    ]


def subscribe_on_commit(user_id, group_id):
    publish.subscribe_on_commit(user_id, group_audience(group_id))


def unsubscribe_on_commit(user_id, group_id):
    publish.unsubscribe_on_commit(user_id, group_audience(group_id))
