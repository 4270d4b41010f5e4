"""The rate limits of posting and commenting: refused beyond them with nothing saved,
refused posts not using up the allowance, each person with their own."""

import pytest

from .helpers import assert_refused, compose, pdf, snapshot, text

pytestmark = pytest.mark.django_db


# --- Rate limits -----------------------------------------------------------------------------

RATE_MESSAGE = "You are writing faster than we can keep up with. Wait a minute and try again."


@pytest.mark.usefixtures("one_rate_window")
def test_posting_too_fast(client, person, group, settings):
    settings.POSTS_PER_MINUTE = 2
    client.force_login(person)
    assert compose(client, group, body="One").status_code == 302
    assert compose(client, group, body="Two").status_code == 302
    before = snapshot(settings)
    response = compose(client, group, body="Three", files=[pdf()])
    assert_refused(response, RATE_MESSAGE, before, settings)
    assert "Three" in text(response)


@pytest.mark.usefixtures("one_rate_window")
def test_refused_posts_do_not_use_up_the_rate(client, person, group, settings):
    settings.POSTS_PER_MINUTE = 2
    client.force_login(person)
    for _ in range(3):
        assert compose(client, group, kind="question", title="").status_code == 400
    assert compose(client, group, body="One").status_code == 302
    assert compose(client, group, body="Two").status_code == 302


@pytest.mark.usefixtures("one_rate_window")
def test_commenting_too_fast(client, person, other, group, write_post, settings):
    post = write_post(person, group)
    settings.COMMENTS_PER_MINUTE = 2
    client.force_login(other)
    for body in ("One", "Two"):
        assert client.post(f"/posts/{post.pk}/comments/", {"body": body}).status_code == 302
    before = snapshot(settings)
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "Three"})
    assert_refused(response, RATE_MESSAGE, before, settings)
    # Each person has their own allowance.
    client.force_login(person)
    assert client.post(f"/posts/{post.pk}/comments/", {"body": "Mine"}).status_code == 302
