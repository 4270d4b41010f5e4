"""A chat exchange becomes a forum question, with an accepted answer, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chat import actions
from chat.models import Room
from feed.models import Kind, Post
from groups.models import Group, Membership, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(person, other):
    group = Group.objects.create(name="Ops", slug="ops")
    Membership.objects.create(group=group, user=person, role=Role.OWNER)
    Membership.objects.create(group=group, user=other)
    actions.ensure_general_channels([group])
    return Room.objects.get(group=group, is_general=True)


def _send(author, room, body, n, parent=None):
    return actions.send_message(
        author=author, room=room, body=body, client_id=f"c{n}", parent=parent
    )[0]


def test_thread_becomes_a_solved_question(
    person, other, channel, django_capture_on_commit_callbacks
):
    ask = _send(person, channel, "How do I rotate the API key?\nIt expired this morning.", 1)
    answer = _send(other, channel, "Settings > Keys > Rotate. Takes a minute.", 2, parent=ask)
    _send(other, channel, "And tell the on-call.", 3, parent=ask)
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.make_question(actor=person, message=ask, accepted_reply=answer)
    assert post.kind == Kind.QUESTION and post.title == "How do I rotate the API key?"
    assert "It expired this morning." in post.body and "And tell the on-call." in post.body
    assert f"?message={ask.seq}" in post.body
    post.refresh_from_db()
    assert post.accepted_answer.author == other
    assert "Rotate. Takes a minute." in post.accepted_answer.body
    ask.refresh_from_db()
    assert ask.question_id == post.pk


def test_a_reply_from_another_thread_cannot_be_accepted(person, other, channel):
    ask = _send(person, channel, "Question one?", 1)
    elsewhere = _send(other, channel, "Unrelated", 2, parent=_send(other, channel, "Other", 3))
    with pytest.raises(ValidationError):
        actions.make_question(actor=person, message=ask, accepted_reply=elsewhere)
    assert not Post.objects.exists()


def test_only_members_who_may_post_turn_messages_into_questions(person, channel):
    ask = _send(person, channel, "Where is the runbook?", 1)
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        actions.make_question(actor=outsider, message=ask)
    direct = actions.open_direct(actor=person, other=outsider)
    private = _send(person, direct, "Between us?", 2)
    with pytest.raises(PermissionDenied):
        actions.make_question(actor=person, message=private)
    assert not Post.objects.exists()


def test_the_thread_panel_offers_it_and_the_form_creates_the_question(
    client, person, other, channel
):
    ask = _send(person, channel, "Which VPN profile for the Lyon office?", 1)
    answer = _send(other, channel, "The 'LYON-2' one, since Monday.", 2, parent=ask)
    client.force_login(person)
    panel = client.get(f"/chat/{channel.pk}/thread/{ask.pk}/", HTTP_HX_REQUEST="true")
    assert "Make it a forum question" in panel.content.decode()
    response = client.post(
        f"/chat/{channel.pk}/thread/{ask.pk}/question/",
        {"title": "Which VPN profile for Lyon?", "accepted": answer.pk},
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.title == "Which VPN profile for Lyon?" and post.accepted_answer is not None
    room_page = client.get(f"/chat/{channel.pk}/").content.decode()
    assert f"/posts/{post.pk}/" in room_page


def test_outsiders_get_a_404_and_nothing_is_created(client, person, channel):
    ask = _send(person, channel, "Anything?", 1)
    client.force_login(UserFactory())
    response = client.post(f"/chat/{channel.pk}/thread/{ask.pk}/question/", {"title": "Anything?"})
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_asking_twice_at_once_makes_one_question(person, other, channel):
    ask = _send(person, channel, "Who approves travel to Montréal?", 1)
    stale_copy = type(ask).objects.get(pk=ask.pk)
    actions.make_question(actor=person, message=ask)
    with pytest.raises(ValidationError):
        stale_copy.room = channel
        actions.make_question(actor=person, message=stale_copy)
    assert Post.objects.count() == 1


def test_a_reply_whose_author_left_cannot_become_the_accepted_answer(person, other, channel):
    ask = _send(person, channel, "Where are the badges?", 1)
    answer = _send(other, channel, "At the front desk.", 2, parent=ask)
    Membership.objects.filter(user=other).delete()
    ask = type(ask).objects.get(pk=ask.pk)  # a new request: nothing cached from before
    with pytest.raises(ValidationError):
        actions.make_question(actor=person, message=ask, accepted_reply=answer)
    assert not Post.objects.exists()


def test_files_go_with_the_question_and_its_answer(person, other, channel):
    """The forum keeps its own copies, readable by whoever reads the question; files of
    replies that stay in the chat are named in the quote."""
    from chat import attachments as uploads
    from tests.images import image_bytes, upload

    def attach(author, name, data):
        pending = uploads.upload(uploader=author, room=channel, file=upload(data, name))
        return pending.pk

    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    ask = actions.send_message(
        author=person,
        room=channel,
        body="",
        client_id="ask",
        attachments=[attach(person, "error.png", image_bytes("PNG"))],
    )[0]
    answer = actions.send_message(
        author=other,
        room=channel,
        body="Follow this runbook.",
        client_id="answer",
        parent=ask,
        attachments=[attach(other, "runbook.pdf", pdf)],
    )[0]
    actions.send_message(
        author=other,
        room=channel,
        body="Same here.",
        client_id="aside",
        parent=ask,
        attachments=[attach(other, "mine.pdf", pdf)],
    )
    post = actions.make_question(actor=person, message=ask, accepted_reply=answer)
    assert post.title.startswith("error")  # a files-only message is titled by its files
    (image,) = post.attachments.filter(comment=None)
    assert image.is_image and image.file.name.startswith("attachments/")
    (runbook,) = post.accepted_answer.attachments.all()
    assert runbook.name == "runbook.pdf" and runbook.file.read() == pdf
    assert "📎 mine.pdf" in post.body and not post.attachments.filter(name="mine.pdf").exists()
