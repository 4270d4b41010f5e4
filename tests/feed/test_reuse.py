"""What the feed builds once and reuses stays right: the reaction picker's buttons
(rendered once per language) speak each reader's language, and the door's visible posts
(built once per request) still follow every change of membership."""

import pytest

from feed import permissions
from groups import actions as group_actions
from groups.models import Membership, Visibility

pytestmark = pytest.mark.django_db


def test_reaction_picker_in_each_readers_language(client, person, other, group, write_post):
    post = write_post(person, group, title="Lunch", body="Where shall we go?")
    other.language = "fr"
    other.save()
    client.force_login(person)
    english = client.get(post.get_absolute_url()).content.decode()
    assert 'value="thanks" title="Thanks"' in english
    client.force_login(other)
    french = client.get(post.get_absolute_url()).content.decode()
    assert 'value="thanks" title="Merci"' in french
    assert 'title="Thanks"' not in french


def test_visible_posts_follow_membership_on_the_same_user_object(person, other, write_post):
    private = group_actions.create_group(
        by=other, fields={"name": "Board", "visibility": Visibility.PRIVATE}
    )
    post = write_post(other, private, body="Budget")
    assert post not in permissions.visible_posts(person)
    membership = Membership.objects.create(group=private, user=person)
    assert post in permissions.visible_posts(person)
    membership.delete()
    assert post not in permissions.visible_posts(person)
