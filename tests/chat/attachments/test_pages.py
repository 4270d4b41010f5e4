"""Files on the room's pages: images inline and files as downloads, read in one query
whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import actions
from chat.models import Message

from ..test_pages import BOUNDS
from .helpers import PDF, _ids, client_of, pending, say

pytestmark = pytest.mark.django_db


# --- Pages -----------------------------------------------------------------------------


def test_the_room_shows_images_inline_and_files_as_downloads(world):
    image, pdf = (
        pending(world.owner, world.channel),
        pending(world.owner, world.channel, PDF, "plan.pdf"),
    )
    say(world.owner, world.channel, "", [image, pdf])
    page = client_of(world.member).get(world.channel.get_absolute_url()).content.decode()
    assert f'href="{image.get_absolute_url()}" data-lightbox="photo.webp"' in page
    assert f'src="{image.thumbnail_url()}"' in page
    assert f'href="{pdf.get_absolute_url()}"' in page and "plan.pdf" in page
    assert 'data-upload-url="' in page and "data-mentions-url" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_room_page_reads_files_in_one_query_whatever_their_number(world):
    member = client_of(world.member)
    url = world.channel.get_absolute_url()

    def more(n):
        for _ in range(n):
            files = [pending(world.owner, world.channel, PDF, "a.pdf") for _ in range(2)]
            message = say(world.owner, world.channel, "files", files)
            say(world.member, world.channel, "reply", [pending(world.member, world.channel)])
            actions.send_message(
                author=world.owner,
                room=world.channel,
                body="in a thread",
                client_id=f"t-{next(_ids)}",
                parent=message,
                attachments=[pending(world.owner, world.channel).pk],
            )

    more(1)
    thread = Message.objects.filter(room=world.channel, parent=None, reply_count=1).first()
    thread_url = reverse("chat:thread", args=[world.channel.pk, thread.pk])
    count_queries(member, url)
    before = count_queries(member, url), count_queries(member, thread_url)
    more(20)
    for n in range(20):  # more replies with files in the same thread
        actions.send_message(
            author=world.member,
            room=world.channel,
            body="",
            client_id=f"r-{n}",
            parent=thread,
            attachments=[pending(world.member, world.channel).pk],
        )
    assert (count_queries(member, url), count_queries(member, thread_url)) == before
    assert before[0] <= BOUNDS["room"] and before[1] <= BOUNDS["thread"], before
