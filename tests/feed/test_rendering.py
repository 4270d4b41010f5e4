"""What the feed renders once and reuses (the reaction picker's buttons are rendered once
per language, not once per comment) still speaks each reader's language."""

import pytest

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
