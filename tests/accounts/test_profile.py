"""Editing one's profile, language and time zone; following colleagues."""

import pytest

from rse.accounts.models import Follow, Skill
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_data(person, **changes):
    data = {
        "display_name": person.display_name,
        "job_title": person.job_title,
        "department": person.department,
        "location": person.location,
        "phone": person.phone,
        "bio": person.bio,
        "skills_text": "",
        "language": person.language,
        "time_zone": person.time_zone,
    }
    data.update(changes)
    return data


def test_edit_profile(person_client, person):
    response = person_client.post(
        "/people/me/edit/",
        profile_data(
            person,
            job_title="Billing expert",
            skills_text="Invoicing, invoicing , SEPA,  ",
            time_zone="America/Toronto",
        ),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Billing expert"
    assert person.time_zone == "America/Toronto"
    assert sorted(s.name for s in person.skills.all()) == ["Invoicing", "SEPA"]


def test_skills_are_shared_case_insensitively(person_client, person):
    Skill.objects.create(name="Python")
    person_client.post("/people/me/edit/", profile_data(person, skills_text="python"))
    assert Skill.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"display_name": "   "}, "This field is required"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"language": "de"}, "Select a valid choice"),
        ({"skills_text": ",".join(f"s{i}" for i in range(13))}, "at most 12 skills"),
        ({"bio": "x" * 700}, "at most 600 characters"),
    ],
)
def test_bad_profile_input_saves_nothing(person_client, person, changes, message):
    before = person.job_title
    response = person_client.post(
        "/people/me/edit/", profile_data(person, job_title="Changed", **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.job_title == before


def test_person_language_wins_over_the_browser(person_client, person):
    person_client.post("/people/me/edit/", profile_data(person, language="fr"))
    response = person_client.get("/people/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in response.content.decode()
    assert "Rechercher" in response.content.decode()


def test_follow_and_unfollow(person_client, person, other):
    person_client.post(f"/people/{other.pk}/follow/", {"action": "follow"})
    person_client.post(f"/people/{other.pk}/follow/", {"action": "follow"})
    assert Follow.objects.filter(follower=person, followed=other).count() == 1
    response = person_client.get(f"/people/{other.pk}/")
    assert "1 follower" in response.content.decode()
    person_client.post(f"/people/{other.pk}/follow/", {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_follow_by_htmx_returns_the_button(person_client, other):
    response = person_client.post(
        f"/people/{other.pk}/follow/", {"action": "follow"}, HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' in response.content.decode()


def test_cannot_follow_oneself_or_a_deactivated_person(person_client, person):
    assert person_client.post(f"/people/{person.pk}/follow/").status_code == 404
    gone = UserFactory(is_active=False)
    assert person_client.post(f"/people/{gone.pk}/follow/").status_code == 404
    assert not Follow.objects.exists()


def test_follow_needs_post(person_client, other):
    assert person_client.get(f"/people/{other.pk}/follow/").status_code == 405


def test_only_site_admins_deactivate(person_client, other):
    assert person_client.post(f"/people/{other.pk}/active/", {"active": "0"}).status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_site_admin_deactivates_and_restores(admin_client_, other):
    admin_client_.post(f"/people/{other.pk}/active/", {"active": "0"})
    other.refresh_from_db()
    assert not other.is_active
    admin_client_.post(f"/people/{other.pk}/active/", {"active": "1"})
    other.refresh_from_db()
    assert other.is_active
