"""The chat's pages: what a member sees, what an outsider never learns (a 404, and a
secret group's channel name nowhere), queries that do not grow with rooms or messages,
and the forms that make channels, direct messages and conversations."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import actions, queries
from chat.models import Message, Participant, ReadState, Room
from groups.models import Group, Membership, Role, Visibility
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_CHANNEL = "skunkworks-merger"
_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CHAT_MESSAGES_PER_MINUTE = 100_000


def group_with(name, *, owner=None, members=(), **fields):
    group = Group.objects.create(name=name, slug=name.lower().replace(" ", "-"), **fields)
    if owner is not None:
        Membership.objects.create(group=group, user=owner, role=Role.OWNER)
    for user in members:
        Membership.objects.create(group=group, user=user, role=Role.MEMBER)
    return group


def general(group):
    actions.ensure_general_channels([group])
    return Room.objects.get(group=group, is_general=True)


def say(author, room, body="hello", parent=None):
    return actions.send_message(
        author=author, room=room, body=body, client_id=f"t-{next(_ids)}", parent=parent
    )[0]


@pytest.fixture
def ops(person, other):
    """Ops: Paula owns it, Oscar is a member; its #general."""
    group = group_with("Ops", owner=person, members=[other])
    return group, general(group)


@pytest.fixture
def secret(other):
    """A secret group of Oscar's with a channel whose name must not leak."""
    group = group_with("Secret board", owner=other, visibility=Visibility.SECRET)
    room = actions.create_channel(actor=other, group=group, name=SECRET_CHANNEL)
    say(other, room, "Merger talk")
    return group, room


def get(client, url, **params):
    return client.get(url, params, headers={"host": "testserver"})


# --- What a member sees --------------------------------------------------------------------


def test_chat_lists_my_rooms_with_their_counts(person_client, person, other, ops):
    _group, room = ops
    say(other, room, "First")
    say(other, room, f"Ping @{person.handle}")
    direct = actions.open_direct(actor=other, other=person)
    say(other, direct, "Private hello")
    talk = actions.create_conversation(
        actor=other, people=[person, UserFactory(display_name="Zoe Zed")], name="Offsite"
    )
    quiet = group_with("Quiet corner", members=[person])  # no channel yet: #general is made

    response = get(person_client, reverse("chat:index"))

    assert response.status_code == 200
    sidebar = response.context["sidebar"]
    rows = {g.name: rooms for g, rooms, _may in sidebar.groups}
    assert [r.name for r in rows["Ops"]] == ["general"]
    assert [r.name for r in rows["Quiet corner"]] == ["general"]
    assert Room.objects.filter(group=quiet, is_general=True).exists()
    ops_general = rows["Ops"][0]
    assert (ops_general.unread, ops_general.mentions) == (2, 1)
    assert [r.label for r in sidebar.direct] == ["Oscar Other"]
    assert sidebar.direct[0].unread == 1
    assert [r.label for r in sidebar.conversations] == ["Offsite"]
    html = response.content.decode()
    for text in ("Ops", "Quiet corner", "Oscar Other", "Offsite", 'data-unread="2"'):
        assert text in html
    assert talk.pk in sidebar.room_ids


def test_unread_counts_only_others_top_level_messages_after_the_marker(
    person_client, person, other, ops
):
    _group, room = ops
    first = say(other, room, "one")
    say(other, room, "two")
    actions.mark_read(user=person, room=Room.objects.get(pk=room.pk), seq=first.seq)
    say(other, room, "reply", parent=first)  # a thread reply does not make the room unread
    say(person, room, "mine")  # and writing moves my own marker to my message
    say(other, room, "three")
    actions.delete_message(actor=other, message=say(other, room, "oops"))  # gone: not unread
    response = get(person_client, reverse("chat:index"))
    assert response.context["sidebar"].groups[0][1][0].unread == 1
    assert [r.pk for r in response.context["waiting"]] == [room.pk]


def test_room_shows_its_messages_with_marks(person_client, person, other, ops):
    _group, room = ops
    read = say(other, room, "Already read")
    actions.mark_read(user=person, room=Room.objects.get(pk=room.pk), seq=read.seq)
    asked = say(other, room, "How do I **rotate** the key?")
    say(other, room, "Settings > Keys", parent=asked)
    edited = say(other, room, "Typo hre")
    actions.edit_message(actor=other, message=edited, body="Typo here")
    gone = say(other, room, "Oops, wrong room")
    actions.delete_message(actor=other, message=gone)
    actions.toggle_reaction(user=person, message=asked, kind="thanks")

    response = get(person_client, room.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>rotate</strong>" in html  # the stored HTML, rendered once on write
    assert "Settings &gt; Keys" not in html  # replies live in the thread panel
    assert "1 reply" in html and reverse("chat:thread", args=[room.pk, asked.pk]) in html
    assert 'data-edited="(edited)"' in html
    assert "This message was deleted." in html and "Oops, wrong room" not in html
    assert 'data-react="thanks" aria-pressed="true"' in html
    # The unread line sits just above the first message after my marker.
    assert html.index("chat-unread-line") < html.index("How do I")
    assert html.index("Already read") < html.index("chat-unread-line")
    assert f'data-last-seq="{Room.objects.get(pk=room.pk).last_seq}"' in html


def test_older_pages_and_links_to_a_message(person_client, person, other, ops):
    _group, room = ops
    messages = [say(other, room, f"Message number {n}") for n in range(70)]

    latest = get(person_client, room.get_absolute_url())
    assert "Message number 69" in latest.content.decode()
    assert "Message number 19<" not in latest.content.decode()
    assert latest.context["page"].has_older

    older = person_client.get(
        room.get_absolute_url(), {"before": messages[20].seq}, headers={"hx-request": "true"}
    )
    html = older.content.decode()
    assert older.templates[0].name == "chat/_page.html"
    assert "Message number 19<" in html and "Message number 0<" in html
    assert "Message number 20<" not in html and 'data-has-older="false"' in html

    linked = get(person_client, room.get_absolute_url(), message=messages[5].seq)
    page = linked.context["page"]
    assert linked.context["highlight"] == messages[5].seq
    assert messages[5] in page.messages and page.has_newer and not page.has_older
    assert "msg-highlight" in linked.content.decode()


def test_a_link_to_a_reply_opens_its_thread(person_client, person, other, ops):
    _group, room = ops
    asked = say(other, room, "Question?")
    answer = say(person, room, "Answer in the thread", parent=asked)
    response = get(person_client, room.get_absolute_url(), message=answer.seq)
    assert response.context["thread"] == asked
    assert "Answer in the thread" in response.content.decode()

    panel = person_client.get(
        reverse("chat:thread", args=[room.pk, asked.pk]), headers={"hx-request": "true"}
    )
    assert panel.templates[0].name == "chat/_thread.html"
    assert "Answer in the thread" in panel.content.decode()
    full = get(person_client, reverse("chat:thread", args=[room.pk, asked.pk]))
    assert full.templates[0].name == "chat/room.html"
    # A reply is not a thread of its own.
    assert get(person_client, reverse("chat:thread", args=[room.pk, answer.pk])).status_code == 404


def test_one_message_for_the_page_to_edit_it(person_client, person, ops):
    _group, room = ops
    mine = say(person, room, "Draft *text*")
    response = get(person_client, reverse("chat:message", args=[room.pk, mine.seq]))
    assert response.status_code == 200
    assert 'data-body="Draft *text*"' in response.content.decode()


def test_archived_group_and_deactivated_colleague_are_read_only(person_client, person, other):
    group = group_with("Old team", owner=person)
    room = general(group)
    Group.objects.filter(pk=group.pk).update(archived_at="2024-01-01T00:00:00Z")
    html = get(person_client, room.get_absolute_url()).content.decode()
    assert 'id="chat-composer"' not in html and "archived" in html
    direct = actions.open_direct(actor=person, other=other)
    other.is_active = False
    other.save()
    html = get(person_client, direct.get_absolute_url()).content.decode()
    assert 'id="chat-composer"' not in html and "deactivated" in html


# --- The door ------------------------------------------------------------------------------


def test_outsiders_get_404_everywhere(client, person, other, ops, secret):
    _group, room = ops
    _secret_group, hidden_room = secret
    asked = say(other, hidden_room, "Secret question")
    direct = actions.open_direct(actor=other, other=UserFactory())
    talk = actions.create_conversation(actor=other, people=[UserFactory()], name="Not yours")
    client.force_login(person)
    for target in (hidden_room, direct, talk):
        urls = [
            target.get_absolute_url(),
            target.get_absolute_url() + "?before=5",
            target.get_absolute_url() + "?message=1",
            reverse("chat:thread", args=[target.pk, asked.pk]),
            reverse("chat:message", args=[target.pk, 1]),
            reverse("chat:add_people", args=[target.pk]),
        ]
        for url in urls:
            assert get(client, url).status_code == 404, url
        assert client.post(reverse("chat:add_people", args=[target.pk])).status_code == 404
    assert get(client, reverse("chat:room", args=[999_999])).status_code == 404
    # A thread of another room is not found through a room of mine either.
    assert get(client, reverse("chat:thread", args=[room.pk, asked.pk])).status_code == 404


def test_a_secret_channel_name_never_reaches_a_non_member(client, person, other, ops, secret):
    secret_group, hidden_room = secret
    client.force_login(person)
    pages = [
        reverse("chat:index"),
        reverse("chat:sidebar") + f"?room={hidden_room.pk}",
        reverse("chat:new_channel") + f"?group={secret_group.pk}",
        reverse("chat:new_direct") + "?find=Oscar",
        reverse("chat:new_conversation") + "?find=Oscar",
        ops[1].get_absolute_url(),
        reverse("chat:people") + "?q=Oscar",
    ]
    for url in pages:
        response = get(client, url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert SECRET_CHANNEL not in text and "Secret board" not in text, url
    # Posting into the secret group is refused like any group that is not in the list.
    response = client.post(
        reverse("chat:new_channel"), {"group": secret_group.pk, "name": "sneaky"}
    )
    assert response.status_code == 400 and not Room.objects.filter(name="sneaky").exists()
    assert "Secret board" not in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client, ops):
    response = get(client, ops[1].get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Bounded queries -----------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    assert response.status_code == 200, url
    return len(queries)


def add_everything(person, group, room, n=20):
    """More of everything a chat page lists: rooms of every kind with messages of their
    own, and messages in the open room, each by a new author, with reactions, replies,
    edits and mentions."""
    for _ in range(n):
        author = UserFactory()
        Membership.objects.create(group=group, user=author)
        other_group = group_with(f"Group {next(_ids)}", members=[person, author])
        say(author, general(other_group), "in another group")
        say(author, actions.open_direct(actor=author, other=person), "hi")
        say(author, actions.create_conversation(actor=author, people=[person]), "hey")
        extra = actions.create_channel(actor=author, group=group, name=f"topic-{next(_ids)}")
        say(author, extra, "new channel")
        message = say(author, room, f"About it, @{person.handle}")
        say(person, room, "A reply", parent=message)
        actions.toggle_reaction(user=person, message=message, kind="like")
        actions.toggle_reaction(user=author, message=message, kind="thanks")
        actions.edit_message(actor=author, message=message, body="About it, edited")


# Measured on SQLite when these tests were written; a bound is a ceiling, so removing a
# query never breaks a test, and adding one has to raise the bound here, on purpose.
# Each list of messages reads its files in one query: +1 for a room, +3 for a thread
# page (the room's list, the thread's message, its replies).
BOUNDS = {"index": 7, "room": 14, "thread": 20, "sidebar": 7, "people": 8}


def test_chat_pages_run_a_fixed_number_of_queries(person_client, person, other, ops):
    group, room = ops
    add_everything(person, group, room, n=2)
    thread = Message.objects.filter(room=room, parent__isnull=True).first()
    urls = {
        "index": reverse("chat:index"),
        "room": room.get_absolute_url(),
        "thread": reverse("chat:thread", args=[room.pk, thread.pk]),
        "sidebar": reverse("chat:sidebar"),
        "people": reverse("chat:new_conversation") + "?find=a",
    }
    for url in urls.values():
        count_queries(person_client, url)  # warm up: sessions, #general of each group
    before = {name: count_queries(person_client, url) for name, url in urls.items()}
    add_everything(person, group, room, n=20)
    for url in urls.values():
        count_queries(person_client, url)  # the new groups get their #general once
    after = {name: count_queries(person_client, url) for name, url in urls.items()}
    assert after == before
    for name, count in before.items():
        assert count <= BOUNDS[name], (name, count)


# --- Forms ---------------------------------------------------------------------------------


def test_create_a_channel(person_client, person, ops):
    group, _room = ops
    page = get(person_client, reverse("chat:new_channel"), group=group.pk)
    assert page.status_code == 200 and page.context["form"]["group"].value() == group.pk
    response = person_client.post(
        reverse("chat:new_channel"),
        {"group": group.pk, "name": "Release Notes", "topic": "What shipped"},
    )
    created = Room.objects.get(group=group, name="release-notes")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.topic == "What shipped" and created.created_by == person


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "This field is required."),
        ("bad/name!", "Use letters, numbers, hyphens and underscores only"),
        ("general", "already has a channel with that name"),
        ("x" * 81, "at most 80 characters"),
    ],
)
def test_a_bad_channel_is_refused_with_a_message(person_client, ops, name, error):
    group, _room = ops
    channels = Room.objects.count()
    response = person_client.post(reverse("chat:new_channel"), {"group": group.pk, "name": name})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Room.objects.count() == channels


def test_members_cannot_create_channels_where_the_group_says_no(client, other, ops):
    group, _room = ops
    Group.objects.filter(pk=group.pk).update(members_can_create_channels=False)
    client.force_login(other)  # a plain member
    page = get(client, reverse("chat:new_channel"))
    assert "None of your groups lets you create channels" in page.content.decode()
    response = client.post(reverse("chat:new_channel"), {"group": group.pk, "name": "mine"})
    assert response.status_code == 400 and not Room.objects.filter(name="mine").exists()
    sidebar = get(client, reverse("chat:index")).context["sidebar"]
    assert sidebar.groups[0][2] is False  # no "+" next to the group


def test_start_a_direct_message(person_client, person, other):
    found = get(person_client, reverse("chat:new_direct"), find="oscar")
    assert [p.pk for p in found.context["results"]] == [other.pk]
    response = person_client.post(reverse("chat:new_direct"), {"person": other.pk})
    room = Room.objects.get(kind=Room.Kind.DIRECT)
    assert response.status_code == 302 and response["Location"] == room.get_absolute_url()
    again = person_client.post(reverse("chat:new_direct"), {"person": other.pk})
    assert again["Location"] == room.get_absolute_url()  # the same room, not a second one
    assert Room.objects.filter(kind=Room.Kind.DIRECT).count() == 1


def test_a_bad_direct_message_is_refused_with_a_message(person_client, person, other):
    other.is_active = False
    other.save()
    for data, message in [
        ({}, "Choose the colleague to write to."),
        ({"person": other.pk}, "Choose an active colleague to write to."),
        ({"person": person.pk}, "Choose an active colleague to write to."),
        ({"person": "x"}, "Choose an active colleague to write to."),
    ]:
        response = person_client.post(reverse("chat:new_direct"), data)
        assert response.status_code == 400 and message in response.content.decode(), data
    assert not Room.objects.exists()
    # The search offers neither oneself nor deactivated colleagues.
    assert get(person_client, reverse("chat:people"), q="o").json()["people"] == []


def test_start_a_conversation(person_client, person, other):
    zoe = UserFactory(display_name="Zoe Zed")
    picked = get(person_client, reverse("chat:new_conversation"), people=[other.pk], find="zoe")
    assert picked.context["chosen"] == [other] and picked.context["results"] == [zoe]
    response = person_client.post(
        reverse("chat:new_conversation"), {"people": [other.pk, zoe.pk], "name": "Offsite"}
    )
    room = Room.objects.get(kind=Room.Kind.CONVERSATION)
    assert response["Location"] == room.get_absolute_url() and room.name == "Offsite"
    assert set(room.participants.values_list("user", flat=True)) == {person.pk, other.pk, zoe.pk}


def test_a_conversation_with_one_colleague_is_your_direct_message(person_client, other):
    response = person_client.post(reverse("chat:new_conversation"), {"people": [other.pk]})
    room = Room.objects.get()
    assert room.kind == Room.Kind.DIRECT and response["Location"] == room.get_absolute_url()


def test_a_bad_conversation_is_refused_with_a_message(person_client, person):
    crowd = [UserFactory() for _ in range(8)]
    for data, message in [
        ({}, "Add at least one colleague to the conversation."),
        ({"people": [p.pk for p in crowd]}, "A conversation has at most 8 people"),
        ({"people": ["nope"]}, "is not an active colleague"),
        ({"people": [person.pk]}, "is not an active colleague"),
    ]:
        response = person_client.post(reverse("chat:new_conversation"), data)
        assert response.status_code == 400 and message in response.content.decode(), data
    assert not Room.objects.exists()


def test_add_people_to_a_conversation(person_client, person, other):
    room = actions.create_conversation(actor=person, people=[other])
    zoe, yann = UserFactory(display_name="Zoe Zed"), UserFactory(display_name="Yann Yu")
    assert get(person_client, reverse("chat:add_people", args=[room.pk])).status_code == 200
    response = person_client.post(
        reverse("chat:add_people", args=[room.pk]), {"people": [zoe.pk, yann.pk]}
    )
    assert response["Location"] == room.get_absolute_url()
    assert Participant.objects.filter(room=room).count() == 4
    # Past the limit, nobody is added and the page says why.
    crowd = [UserFactory() for _ in range(5)]
    response = person_client.post(
        reverse("chat:add_people", args=[room.pk]), {"people": [p.pk for p in crowd]}
    )
    assert response.status_code == 400 and "you can add 4 more" in response.content.decode()
    assert Participant.objects.filter(room=room).count() == 4
    # Someone already in it is not offered, nor accepted again.
    response = person_client.post(reverse("chat:add_people", args=[room.pk]), {"people": [zoe.pk]})
    assert response.status_code == 400


def test_adding_someone_to_a_direct_message_starts_a_conversation(person_client, person, other):
    direct = actions.open_direct(actor=person, other=other)
    response = get(person_client, reverse("chat:add_people", args=[direct.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("chat:new_conversation") + f"?people={other.pk}"


def test_channels_have_no_people_to_add(person_client, ops):
    assert get(person_client, reverse("chat:add_people", args=[ops[1].pk])).status_code == 404


def test_opening_a_room_does_not_mark_it_read(person_client, person, other, ops):
    """Opening a room is a read (GET): the person's marker moves with chat.read frames
    from the page, not with the request, so an open tab in the background stays unread."""
    _group, room = ops
    say(other, room, "unread")
    get(person_client, room.get_absolute_url())
    assert not ReadState.objects.filter(user=person, room=room).exists()


def test_the_sidebar_lists_recent_conversations_and_always_the_open_one(
    person_client, person, monkeypatch
):
    monkeypatch.setattr(queries, "OTHERS_SHOWN", 2)
    rooms = []
    for n in range(4):
        room = actions.open_direct(actor=person, other=UserFactory(display_name=f"Pal {n}"))
        say(person, room, "hi")
        rooms.append(room)
    listed = get(person_client, reverse("chat:index")).context["sidebar"].direct
    assert [r.label for r in listed] == ["Pal 3", "Pal 2"]
    listed = get(person_client, rooms[0].get_absolute_url()).context["sidebar"].direct
    assert [r.label for r in listed] == ["Pal 3", "Pal 2", "Pal 0"]
