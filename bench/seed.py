"""Bulk seeding of a large company: thousands of people in seconds, not minutes."""

import random

from django.contrib.auth.hashers import make_password
from django.db import transaction

from rse.accounts.models import Follow, Skill, User

DEPARTMENTS = ["Support", "Sales", "Engineering", "HR", "Finance", "Marketing", "Legal", "IT"]
PLACES = ["Paris", "Lyon", "Montréal", "London", "Dublin", "Remote", "Nantes", "Lille"]
FIRST = ["Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Grace", "Hugo", "Inès", "Jack"]
LAST = ["Martin", "Bernard", "Dubois", "Chen", "Wilson", "Roy", "Patel", "Kim", "Rossi", "Faure"]
SKILLS = [f"skill-{n}" for n in range(300)] + ["invoicing", "Python", "SSO setup", "payroll"]


@transaction.atomic
def seed_people(total, *, batch=2000, rng=None):
    """Grow the company to ``total`` people (skills and follows included)."""
    rng = rng or random.Random(42)
    start = User.objects.count()
    if start >= total:
        return
    password = make_password("bench-password")
    if not Skill.objects.exists():
        Skill.objects.bulk_create([Skill(name=name) for name in SKILLS])
    skill_ids = list(Skill.objects.values_list("pk", flat=True))
    for offset in range(start, total, batch):
        people = [
            User(
                email=f"person{n}@bench.example",
                display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                job_title=rng.choice(["Agent", "Engineer", "Manager", "Analyst", "Lead"]),
                department=rng.choice(DEPARTMENTS),
                location=rng.choice(PLACES),
                password=password,
            )
            for n in range(offset, min(offset + batch, total))
        ]
        created = User.objects.bulk_create(people)
        if not created or created[0].pk is None:  # backends that return no ids
            created = list(User.objects.filter(email__in=[p.email for p in people]))
        through = User.skills.through
        through.objects.bulk_create(
            [
                through(user_id=person.pk, skill_id=skill)
                for person in created
                for skill in rng.sample(skill_ids, 3)
            ]
        )
    ids = list(User.objects.values_list("pk", flat=True))
    new_ids = ids[start:]
    Follow.objects.bulk_create(
        [
            Follow(follower_id=person, followed_id=other)
            for person in new_ids
            for other in rng.sample(ids, 5)
            if other != person
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def seed_groups(total, *, rng=None, big_group_members=2000):
    """Grow to ``total`` groups of every kind, ~20 members each, one very large one."""
    from groups.models import Group, Membership, Role

    rng = rng or random.Random(7)
    start = Group.objects.count()
    if start >= total:
        return
    kinds = ["public"] * 6 + ["private"] * 3 + ["secret"]
    Group.objects.bulk_create(
        [
            Group(
                name=f"{rng.choice(DEPARTMENTS)} {rng.choice(PLACES)} circle {n}",
                slug=f"circle-{n}",
                description=f"Group number {n}, about {rng.choice(SKILLS)}.",
                description_html=f"<p>Group number {n}.</p>",
                visibility=rng.choice(kinds),
            )
            for n in range(start, total)
        ]
    )
    people = list(User.objects.values_list("pk", flat=True))
    groups = list(Group.objects.order_by("pk").values_list("pk", flat=True))[start:]
    rows = []
    for index, group in enumerate(groups):
        size = big_group_members if start == 0 and index == 0 else rng.randint(5, 35)
        members = rng.sample(people, min(size, len(people)))
        rows.append(Membership(group_id=group, user_id=members[0], role=Role.OWNER))
        rows.extend(Membership(group_id=group, user_id=m) for m in members[1:])
    Membership.objects.bulk_create(rows, batch_size=5000)
