"""``manage.py demo`` makes the chat alive at first login: channels with a few days of
history in the demo groups, direct messages and conversations for the demo logins, a
thread that became a forum question, and rooms waiting to be read. Running it again
adds nothing."""

import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from chat import queries
from chat.models import Message, MessageReaction, Participant, ReadState, Room
from feed.models import Comment, Kind, Post
from groups.models import Group
from rse.accounts.models import User

pytestmark = pytest.mark.django_db

LOGINS = ("alice.martin", "bruno.lefevre", "chloe.dubois")
MODELS = (Room, Participant, Message, MessageReaction, ReadState, Post, Comment)


def run_demo():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


PARIS = ZoneInfo("Europe/Paris")
OFFICE_OPENS, OFFICE_CLOSES = time(8, 30), time(19, 30)


def last_working_day(now):
    """The demo company works Monday to Friday from 8:30 to 19:30, Paris time: the day
    whose office hours had begun by ``now`` (today from 8:30 on a weekday, else the
    working day before). A person signing in then finds its talk the newest."""
    local = now.astimezone(PARIS)
    day = local.date()
    if local.time() < OFFICE_OPENS:
        day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def assert_newest_talk_is_from_the_last_working_day(messages, now):
    newest = messages.latest("created_at").created_at.astimezone(PARIS)
    assert newest.date() == last_working_day(now - timedelta(minutes=5)), (newest, now)
    assert OFFICE_OPENS <= newest.time() <= OFFICE_CLOSES, newest


# Moments where a calendar goes wrong: a Sunday night on Europe's spring switch to summer
# time, a Monday before office hours, New Year's Eve a minute before midnight (a Friday
# in 2027, and already Saturday in Paris).
AWKWARD_MOMENTS = [
    datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
    datetime(2026, 12, 7, 5, 10, tzinfo=UTC),
    datetime(2027, 12, 31, 23, 58, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", AWKWARD_MOMENTS, ids=lambda m: m.strftime("%a-%Y%m%d-%H%M"))
def test_the_demo_chat_looks_alive_whatever_the_moment(moment):
    with time_machine.travel(moment, tick=True):
        run_demo()
        now = timezone.now()
        messages = Message.objects.all()
        assert messages.count() >= 300
        assert not messages.filter(created_at__gt=now).exists()
        assert_newest_talk_is_from_the_last_working_day(messages, now)
        assert messages.filter(created_at__lt=now - timedelta(days=3)).exists()


def test_demo_makes_the_chat_alive_once():
    output = run_demo()
    assert "Demo chat:" in output
    now = timezone.now()

    # Every group has its #general; several groups talk in theirs, and in a few more.
    for group in Group.objects.all():
        assert group.rooms.filter(kind=Room.Kind.CHANNEL, is_general=True).exists(), group.slug
    lively = (
        Room.objects.filter(kind=Room.Kind.CHANNEL)
        .annotate(n=Count("messages", filter=Q(messages__parent=None)))
        .filter(n__gte=8)
    )
    assert lively.values("group").distinct().count() >= 8
    extra = Room.objects.filter(kind=Room.Kind.CHANNEL, is_general=False, last_seq__gte=5)
    assert extra.count() >= 5 and extra.values("group").distinct().count() >= 4
    busy = lively.filter(is_general=True).annotate(total=Count("messages"))
    assert all(10 <= room.total <= 40 for room in busy), [(r.group.slug, r.total) for r in busy]

    # Histories span several days, in order: nothing in the future, a reply after its
    # message, numbers and times in the same order, the room's last message known.
    messages = Message.objects.all()
    assert not messages.filter(created_at__gt=now).exists()
    assert not messages.filter(
        parent__isnull=False, created_at__lte=F("parent__created_at")
    ).exists()
    assert messages.filter(created_at__lt=now - timezone.timedelta(days=3)).exists()
    assert_newest_talk_is_from_the_last_working_day(messages, now)
    for room in Room.objects.exclude(last_seq=0):
        times = list(room.messages.order_by("seq").values_list("created_at", flat=True))
        assert times == sorted(times), room
        assert room.last_message_at == times[-1], room
        assert len(times) == room.last_seq, room
    for parent in messages.filter(reply_count__gt=0):
        assert parent.replies.count() == parent.reply_count
        assert parent.last_reply_at == max(r.created_at for r in parent.replies.all())
    assert not MessageReaction.objects.filter(created_at__lt=F("message__created_at")).exists()
    assert MessageReaction.objects.count() >= 50
    assert messages.filter(body__contains="@").exists()  # mentions

    # Threads, one of them continued as a forum question with its accepted answer.
    assert messages.filter(reply_count__gte=2).count() >= 10
    asked = messages.filter(question__isnull=False).select_related("question", "room")
    assert asked.count() >= 1
    for message in asked:
        post = message.question
        assert post.kind == Kind.QUESTION and post.group_id == message.room.group_id
        assert post.accepted_answer is not None
        reply_bodies = [r.body for r in message.replies.all()]
        assert any(body in post.accepted_answer.body for body in reply_bodies)
        assert message.created_at < post.created_at <= now

    # Each demo login has direct messages with history, a conversation or not, and
    # finds a few rooms waiting: unread messages, and one mention.
    for handle in LOGINS:
        person = User.objects.get(email=f"{handle}@demo.rse.test")
        direct = Room.objects.filter(kind=Room.Kind.DIRECT, participants__user=person)
        talked = direct.filter(last_seq__gte=2)
        assert 2 <= talked.count() <= 4, handle
        for room in talked:
            authors = set(room.messages.values_list("author", flat=True))
            assert len(authors) == 2, (handle, room)
        sidebar = queries.sidebar(person)
        rooms = [room for _g, channels, _c in sidebar.groups for room in channels]
        rooms += sidebar.direct + sidebar.conversations
        waiting = [room for room in rooms if room.unread]
        assert 2 <= len(waiting) <= 5, (handle, [(r.label, r.unread) for r in waiting])
        assert sum(room.mentions for room in rooms) == 1, handle
        assert sidebar.total_unread == sum(room.unread for room in waiting)
        # The rest is read: only the rooms of the script wait.
        assert all(room.unread == 0 for room in rooms if room not in waiting)
    assert Room.objects.filter(kind=Room.Kind.CONVERSATION, last_seq__gt=0).count() >= 1
    for room in Room.objects.filter(kind=Room.Kind.CONVERSATION):
        assert 3 <= room.participants.count() <= 5 and room.name

    # A second run adds nothing, and changes no one's reading.
    before = counts()
    reading = list(ReadState.objects.order_by("pk").values_list("last_read_seq", "mention_count"))
    again = run_demo()
    assert "Demo chat: 0 new messages." in again
    assert counts() == before
    assert (
        list(ReadState.objects.order_by("pk").values_list("last_read_seq", "mention_count"))
        == reading
    )
