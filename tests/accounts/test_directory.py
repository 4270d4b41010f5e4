"""Finding colleagues: by name, title, department, place or skill; bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rse.accounts.actions import skills_named
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [p.display_name for p in response.context["page"].object_list]


@pytest.fixture
def company(db):
    ana = UserFactory(
        display_name="Ana Duarte", department="Support", job_title="Agent", location="Lyon"
    )
    ben = UserFactory(
        display_name="Ben Stone", department="Engineering", job_title="SRE", location="Paris"
    )
    cid = UserFactory(
        display_name="Cid Moreau", department="Support", job_title="Lead", location="Paris"
    )
    ana.skills.set(skills_named(["Invoicing", "Zendesk"]))
    ben.skills.set(skills_named(["PostgreSQL"]))
    UserFactory(display_name="Dora Gone", department="Support", is_active=False)
    return ana, ben, cid


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ana", ["Ana Duarte"]),
        ("support", ["Ana Duarte", "Cid Moreau"]),
        ("sre", ["Ben Stone"]),
        ("postgres", ["Ben Stone"]),
        ("invoic", ["Ana Duarte"]),
        ("support paris", ["Cid Moreau"]),
        ("nobody-like-this", []),
    ],
)
def test_search(person_client, company, query, expected):
    response = person_client.get("/people/", {"q": query})
    assert names(response) == expected


def test_filter_by_department_and_skill(person_client, company):
    assert names(person_client.get("/people/", {"department": "Engineering"})) == ["Ben Stone"]
    assert names(person_client.get("/people/", {"skill": "zendesk"})) == ["Ana Duarte"]


def test_deactivated_people_are_not_listed(person_client, company):
    response = person_client.get("/people/", {"q": "dora"})
    assert names(response) == []
    assert "Dora Gone" not in person_client.get("/people/").content.decode()


def test_deactivated_profile_shows_no_details(person_client):
    gone = UserFactory(display_name="Dora Gone", phone="+33 6 12", is_active=False)
    response = person_client.get(f"/people/{gone.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "This account is deactivated" in body
    assert gone.email not in body and "+33 6 12" not in body


def test_unknown_profile_is_404(person_client):
    assert person_client.get("/people/999999/").status_code == 404


def test_htmx_search_returns_the_results_fragment(person_client, company):
    response = person_client.get("/people/", {"q": "ben"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Ben Stone" in body and "<html" not in body


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/people/", "/people/?q=e", "/"])
def test_query_count_does_not_grow_with_people(person_client, url):
    UserFactory.create_batch(3)
    count_queries(person_client, url)  # warm up
    before = count_queries(person_client, url)
    for person in UserFactory.create_batch(20, department="Support"):
        person.skills.set(skills_named(["Excel", "Budget"]))
    assert count_queries(person_client, url) == before
    assert before <= 12


def test_profile_query_count_is_bounded(person_client):
    person = UserFactory(department="Support")
    url = f"/people/{person.pk}/"
    count_queries(person_client, url)
    before = count_queries(person_client, url)
    UserFactory.create_batch(20, department="Support")
    person.skills.set(skills_named(["A", "B", "C"]))
    assert count_queries(person_client, url) == before
