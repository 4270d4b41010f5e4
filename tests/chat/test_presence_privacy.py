"""Whose presence a person may know: colleagues they share a group, a direct message or
a conversation with, and no one else, not even whether such an id exists; and a person
who hides when they were last seen is shown online or offline, never since when."""

import pytest
from asgiref.sync import sync_to_async

from chat import actions
from tests.factories import UserFactory
from tests.realtime.sockets import run

from .conftest import cookie_of, make_channel, open_tab

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(person):
    """Paula (asking) is in Ops with Mel; Dan only has a direct message with her; Cleo only
    a conversation; Stan shares nothing with her; Gus was in Ops and left the company."""
    mel, dan, cleo, stan, gus = (
        UserFactory(display_name=n) for n in ["Mel", "Dan", "Cleo", "Stan", "Gus"]
    )
    make_channel("Ops", owners=[person], members=[mel, gus])
    make_channel("Elsewhere", owners=[stan])
    actions.open_direct(actor=dan, other=person)
    actions.create_conversation(actor=cleo, people=[person, UserFactory()], name="Offsite")
    gus.is_active = False
    gus.save()
    return {"me": person, "mel": mel, "dan": dan, "cleo": cleo, "stan": stan, "gus": gus}


def ask(people, *names):
    """Everyone named who still can opens a tab (a fresh mark each), then Paula asks."""

    async def scenario():
        tabs = [
            await open_tab(await sync_to_async(cookie_of)(people[n]))
            for n in names
            if people[n].is_active
        ]
        mine = await open_tab(await sync_to_async(cookie_of)(people["me"]))
        reply = await mine.call("presence.query", users=[people[n].pk for n in names])
        for tab in [*tabs, mine]:
            await tab.close()
        return reply

    return run(scenario)


def test_only_people_who_share_a_group_or_a_room_are_answered(people):
    reply = ask(people, "mel", "dan", "cleo", "stan", "gus")
    assert reply["type"] == "presence"
    answered = set(reply["users"])
    assert answered == {str(people[n].pk) for n in ("mel", "dan", "cleo")}
    for pk in answered:
        assert reply["users"][pk]["state"] == "online" and reply["users"][pk]["last_seen"]


def test_strangers_and_unknown_ids_get_the_same_silence(people):
    async def scenario():
        stan = await open_tab(await sync_to_async(cookie_of)(people["stan"]))
        mine = await open_tab(await sync_to_async(cookie_of)(people["me"]))
        reply = await mine.call("presence.query", users=[people["stan"].pk, 987_654, 2**70])
        await stan.close()
        await mine.close()
        return reply

    reply = run(scenario)
    assert reply["type"] == "presence" and reply["users"] == {}


def test_a_person_may_hide_when_they_were_last_seen(people):
    mel = people["mel"]
    mel.show_last_seen = False
    mel.save()
    reply = ask(people, "mel", "dan")
    assert reply["users"][str(mel.pk)] == {"state": "online", "last_seen": None}
    assert reply["users"][str(people["dan"].pk)]["last_seen"]


def test_the_profile_form_keeps_the_choice(client, person):
    client.force_login(person)
    form = client.get("/people/me/edit/").content.decode()
    assert (
        'name="show_last_seen"' in form and "checked" in form.split('name="show_last_seen"')[1][:80]
    )
    data = {
        "display_name": person.display_name,
        "language": "en",
        "time_zone": "Europe/Paris",
        "skills_text": "",
    }
    assert client.post("/people/me/edit/", data).status_code == 302
    person.refresh_from_db()
    assert person.show_last_seen is False  # an unticked box is sent as nothing
