"""Pages show moments short ("Yesterday", "active · 2 d"), with the full date and time in
the reader's language and zone on hover (rse/moments.py has the rule)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from feed import actions
from feed.models import Comment, Post

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 10:00 in Paris.
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_card_on_the_home_feed_shows_the_short_form_with_the_full_date(
    clock, person, person_client, other, group, write_post
):
    post = write_post(other, group, body="Who knows the VPN address?")
    Post.objects.filter(pk=post.pk).update(created_at=NOW - timedelta(days=1))
    fresh = write_post(other, group, body="Printer on floor 2 is back.")
    Post.objects.filter(pk=fresh.pk).update(created_at=NOW - timedelta(minutes=5))

    html = person_client.get("/").content.decode()

    assert (
        '<time datetime="2026-12-02T10:00:00+01:00" '
        'title="Wednesday 2 December 2026, 10:00">Yesterday</time>'
    ) in html
    assert 'title="Thursday 3 December 2026, 09:55">5 min</time>' in html
    assert " ago" not in html

    person.language = "fr"
    person.time_zone = "America/New_York"
    person.save(update_fields=["language", "time_zone"])
    html = person_client.get("/").content.decode()

    assert (
        '<time datetime="2026-12-02T04:00:00-05:00" '
        'title="mercredi 2 décembre 2026 à 04:00">Hier</time>'
    ) in html
    assert 'title="jeudi 3 décembre 2026 à 03:55">5 min</time>' in html
    assert "il y a" not in html


def test_a_comment_and_a_forum_row_show_short_forms(
    clock, person, person_client, other, group, write_post
):
    post = write_post(other, group, title="VPN address", body="Who knows it?")
    comment = actions.create_comment(author=person, post=post, body="vpn.example.com")
    Comment.objects.filter(pk=comment.pk).update(created_at=NOW - timedelta(seconds=30))
    Post.objects.filter(pk=post.pk).update(last_activity_at=NOW - timedelta(days=3))

    detail = person_client.get(post.get_absolute_url()).content.decode()
    assert 'title="Thursday 3 December 2026, 09:59">now</time>' in detail

    forum = person_client.get(f"/groups/{group.slug}/forum/").content.decode()
    assert 'active · <time datetime="2026-11-30T10:00:00+01:00"' in forum
    assert 'title="Monday 30 November 2026, 10:00">3 d</time>' in forum
