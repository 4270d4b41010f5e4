"""The demo's people (people.toml): accounts that can sign in at once (one password, a
verified address) with profiles, skills and a few follows, so that the directory, the
profiles and "people you follow" have something to show."""

import unicodedata

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from rse.accounts.actions import skills_named
from rse.accounts.models import Follow, User


def email_for(name, domain):
    local = name.lower().replace("'", "").replace(" ", ".")
    return f"{unicodedata.normalize('NFKD', local).encode('ascii', 'ignore').decode()}@{domain}"


def create_people(data, rng):
    """The people, made if missing, in the file's order; and how many were made."""
    password_hash = make_password(data.password)  # one hash for all: hashing is slow
    created, people = 0, []
    for index, p in enumerate(data.person):
        email, admin = email_for(p.name, data.domain), p.name == data.logins[0]
        values = {key: p[key] for key in ("department", "location", "language")}
        values |= {"display_name": p.name, "job_title": p.title, "password": password_hash}
        values |= {"is_staff": admin, "is_superuser": admin}  # the first demo login runs the site
        values["time_zone"] = data.time_zones[p.location]
        values["phone"] = f"+33 1 70 00 {10 + index:02d} {rng.randint(10, 99)}"
        values["bio"] = data.bios[p.language].format(skill=p.skills[0], **values)
        values["date_joined"] = timezone.now() - timezone.timedelta(days=400 - index * 9)
        person, was_created = User.objects.get_or_create(email=email, defaults=values)
        if was_created:
            created += 1
            person.skills.set(skills_named(p.skills))
            EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        people.append(person)
    if created:
        follows = [(p, other) for p in people for other in rng.sample(people, 5) if other != p]
        Follow.objects.bulk_create(
            [Follow(follower=p, followed=other) for p, other in follows], ignore_conflicts=True
        )
    return people, created
